// SPDX-License-Identifier: GPL-2.0-or-later
// Refcount usage: the check's comparison of stored refcounts with counted references, kept
// per cluster instead of only as findings.
#include "diskscope/refcount_usage.h"

#include <algorithm>

#include "diskscope/open.h"
#include "format/qcow2/qcow2_checker.h"
#include "format/qcow2/qcow2_format.h"
#include "format/qcow2/qcow2_header.h"
#include "util/big_endian.h"

namespace diskscope {
namespace {

class UsageRecorder final : public qcow2::CheckObserver {
public:
    explicit UsageRecorder(RefcountUsage& usage) : m_usage(usage) {}

    void reference(uint64_t, uint64_t, HostClusterKind) override {}

    void refcount(uint64_t cluster, uint64_t stored, uint64_t referenced) override
    {
        if (cluster >= m_usage.refcounts.size())
            return;
        m_usage.refcounts[cluster] = uint8_t(std::min<uint64_t>(stored, 255));
        ++m_usage.histogram[stored];
        RefcountBlockUsage& block = m_usage.blocks[cluster / m_usage.clustersPerBlock];
        block.used += stored > 0;
        if (stored > 1) {
            ++block.shared;
            ++m_usage.sharedClusters;
        }
        if (stored > referenced) {
            ++block.leaked;
            m_usage.leakedClusters.push_back(cluster);
        }
    }

private:
    RefcountUsage& m_usage;
};

}  // namespace

Result<RefcountUsage> readRefcountUsage(const std::string& path, ProgressSink& progress, std::stop_token stop,
                                        uint64_t maxClusters)
{
    DS_ASSIGN_OR_RETURN(auto file, openPosixFile(path, HostOpenMode::ReadOnly));
    DS_ASSIGN_OR_RETURN(std::string format, probeFormat(*file));
    if (format != "qcow2")
        return makeError(ErrorCode::Unsupported, "a raw image has no refcounts", path);
    RefcountUsage usage;
    DS_ASSIGN_OR_RETURN(usage.fileSize, file->size());
    DS_ASSIGN_OR_RETURN(qcow2::Header h, qcow2::readHeader(*file, usage.fileSize));
    usage.clusterBits = h.clusterBits;
    usage.refcountBits = h.refcountBits();
    usage.clustersPerBlock = (h.clusterSize() * 8) >> h.refcountOrder;
    const uint64_t clusters = (usage.fileSize + h.clusterSize() - 1) >> h.clusterBits;
    if (clusters > maxClusters)
        return makeError(ErrorCode::Unsupported, "the file has " + std::to_string(clusters) +
                                                     " clusters, too many for a refcount map", path);
    usage.refcounts.assign(clusters, 0);

    // readHeader bounded the table by 8 MiB and the file's end.
    std::vector<uint8_t> table(uint64_t{h.refcountTableClusters} << h.clusterBits);
    DS_TRY(readExact(*file, h.refcountTableOffset, table, "refcount table"));
    const uint64_t blockCount = (clusters + usage.clustersPerBlock - 1) / usage.clustersPerBlock;
    usage.blocks.resize(blockCount);
    for (uint64_t i = 0; i < blockCount; ++i) {
        RefcountBlockUsage& b = usage.blocks[i];
        b.tableIndex = i;
        b.offset = i * 8 < table.size() ? loadBe64(&table[i * 8]) & qcow2::kRefTableOffsetMask : 0;
        b.firstCluster = i * usage.clustersPerBlock;
        b.inFile = std::min(usage.clustersPerBlock, clusters - b.firstCluster);
    }

    UsageRecorder recorder(usage);
    DS_ASSIGN_OR_RETURN(CheckReport report, qcow2::checkImage(*file, CheckRepair::None, progress, stop, &recorder));
    usage.leaks = report.leaks;
    usage.corruptions = report.corruptions;
    return usage;
}

}  // namespace diskscope
