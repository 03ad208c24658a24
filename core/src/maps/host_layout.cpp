// SPDX-License-Identifier: GPL-2.0-or-later
// The host layout: the check's reference walk, told to name each reference it counts.
#include "diskscope/host_layout.h"

#include "diskscope/open.h"
#include "format/qcow2/qcow2_checker.h"
#include "format/qcow2/qcow2_format.h"
#include "format/qcow2/qcow2_header.h"
#include "util/big_endian.h"

namespace diskscope {
namespace {

bool isSnapshotOnly(HostClusterKind k)
{
    return k == HostClusterKind::SnapshotData || k == HostClusterKind::SnapshotMetadata;
}

// Records the first thing each cluster is found to hold. A snapshot's reference to a cluster
// the active image uses is sharing; any other second meaning is a conflict.
class LayoutRecorder final : public qcow2::CheckObserver {
public:
    LayoutRecorder(std::vector<HostClusterKind>& clusters, uint32_t clusterBits)
        : m_clusters(clusters), m_clusterBits(clusterBits)
    {
    }

    void reference(uint64_t offset, uint64_t bytes, HostClusterKind kind) override
    {
        if (bytes == 0)
            return;
        const uint64_t first = offset >> m_clusterBits;
        const uint64_t last = (offset + bytes - 1) >> m_clusterBits;
        for (uint64_t c = first; c <= last && c < m_clusters.size(); ++c) {
            HostClusterKind& current = m_clusters[c];
            if (current == HostClusterKind::Free || current == kind)
                current = kind;
            else if (isSnapshotOnly(kind) && (current == HostClusterKind::Data || current == HostClusterKind::CompressedData ||
                                              current == HostClusterKind::L2Table || current == HostClusterKind::L1Table))
                continue;  // shared with the active image
            else
                current = HostClusterKind::Conflict;
        }
    }

private:
    std::vector<HostClusterKind>& m_clusters;
    uint32_t m_clusterBits;
};

}  // namespace

std::string hostClusterKindName(HostClusterKind kind)
{
    switch (kind) {
    case HostClusterKind::Free: return "free";
    case HostClusterKind::Header: return "header";
    case HostClusterKind::L1Table: return "L1 table";
    case HostClusterKind::L2Table: return "L2 table";
    case HostClusterKind::RefcountTable: return "refcount table";
    case HostClusterKind::RefcountBlock: return "refcount block";
    case HostClusterKind::SnapshotTable: return "snapshot table";
    case HostClusterKind::SnapshotMetadata: return "snapshot L1/L2 table";
    case HostClusterKind::Bitmap: return "bitmap";
    case HostClusterKind::Data: return "data";
    case HostClusterKind::CompressedData: return "compressed data";
    case HostClusterKind::SnapshotData: return "snapshot-only data";
    case HostClusterKind::Leaked: return "leaked";
    case HostClusterKind::Conflict: return "conflicting references";
    case HostClusterKind::Count: break;
    }
    return "unknown";
}

Result<HostLayout> readHostLayout(const std::string& path, ProgressSink& progress, std::stop_token stop,
                                  uint64_t maxClusters)
{
    DS_ASSIGN_OR_RETURN(auto file, openPosixFile(path, HostOpenMode::ReadOnly));
    DS_ASSIGN_OR_RETURN(std::string format, probeFormat(*file));
    if (format != "qcow2")
        return makeError(ErrorCode::Unsupported, "a raw image has no host layout: the file is the disk", path);
    // The header decides the cluster size; checkImage validates it again before the walk.
    uint8_t bits[4];
    DS_TRY(readExact(*file, 20, bits, "qcow2 header"));
    const uint32_t clusterBits = uint32_t(bits[0]) << 24 | uint32_t(bits[1]) << 16 | uint32_t(bits[2]) << 8 | bits[3];
    if (clusterBits < 9 || clusterBits > 21)
        return makeError(ErrorCode::Corrupt, "qcow2 header: cluster_bits " + std::to_string(clusterBits) +
                                                 " is outside 9..21", path);
    HostLayout layout;
    layout.clusterBits = clusterBits;
    DS_ASSIGN_OR_RETURN(layout.fileSize, file->size());
    const uint64_t clusters = (layout.fileSize + (uint64_t{1} << clusterBits) - 1) >> clusterBits;
    if (clusters > maxClusters)
        return makeError(ErrorCode::Unsupported, "the file has " + std::to_string(clusters) +
                                                     " clusters, too many for a layout map", path);
    layout.clusters.assign(clusters, HostClusterKind::Free);
    LayoutRecorder recorder(layout.clusters, clusterBits);
    DS_ASSIGN_OR_RETURN(CheckReport report, qcow2::checkImage(*file, CheckRepair::None, progress, stop, &recorder));
    layout.leaks = report.leaks;
    layout.corruptions = report.corruptions;
    for (const CheckFinding& f : report.findings) {
        if (f.kind == CheckFindingKind::Leak && f.cluster && *f.cluster < layout.clusters.size() &&
            layout.clusters[*f.cluster] == HostClusterKind::Free)
            layout.clusters[*f.cluster] = HostClusterKind::Leaked;
    }
    // The check validated the header; readHeader bounds the L1 table by the file's end.
    DS_ASSIGN_OR_RETURN(qcow2::Header h, qcow2::readHeader(*file, layout.fileSize));
    std::vector<uint8_t> l1(uint64_t{h.l1Size} * 8);
    DS_TRY(readExact(*file, h.l1TableOffset, l1, "L1 table"));
    for (uint64_t i = 0; i < h.l1Size; ++i) {
        const uint64_t cluster = (loadBe64(&l1[i * 8]) & qcow2::kOffsetMask) >> clusterBits;
        if (cluster != 0 && cluster < layout.clusters.size() && layout.clusters[cluster] == HostClusterKind::L2Table)
            layout.activeL2Tables.emplace(cluster, i);
    }
    return layout;
}

}  // namespace diskscope
