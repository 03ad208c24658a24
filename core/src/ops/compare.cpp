// SPDX-License-Identifier: GPL-2.0-or-later
// compare: walks both chains' allocation and reads only what may differ: nothing where both
// sides read as zeros, one side where the other does.
#include "diskscope/ops/compare.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "diskscope/chain.h"
#include "util/zero_detect.h"

namespace diskscope {
namespace {

constexpr uint64_t kChunkBytes = 2ull << 20;
constexpr uint64_t kSector = 512;

// Offset (relative to the buffers) of the first 512-byte sector that differs, or size if none.
uint64_t firstDifferingSector(std::span<const uint8_t> a, std::span<const uint8_t> b)
{
    for (uint64_t pos = 0; pos < a.size(); pos += kSector) {
        uint64_t n = std::min<uint64_t>(kSector, a.size() - pos);
        if (std::memcmp(a.data() + pos, b.data() + pos, n) != 0)
            return pos;
    }
    return a.size();
}

uint64_t firstNonZeroSector(std::span<const uint8_t> a)
{
    for (uint64_t pos = 0; pos < a.size(); pos += kSector) {
        uint64_t n = std::min<uint64_t>(kSector, a.size() - pos);
        if (!isAllZero(a.subspan(pos, n)))
            return pos;
    }
    return a.size();
}

// qemu-img's strict mode compares whole block-status words; these are their parts.
bool sameStrictStatus(const ChainStatus& a, bool aEnd, const ChainStatus& b, bool bEnd)
{
    return a.present == b.present && a.zero == b.zero && a.data == b.data && a.hasOffset == b.hasOffset &&
           aEnd == bEnd;
}

template <class T>
Result<T> at(Result<T> r, CompareStage stage, CompareStage* failedStage)
{
    if (!r.ok() && failedStage)
        *failedStage = stage;
    return r;
}

}  // namespace

Result<CompareReport> compare(const CompareOptions& options, ProgressSink& progress, std::stop_token stop,
                              CompareStage* failedStage)
{
    OpenOptions open1, open2;
    open1.format = options.firstFormat;
    open2.format = options.secondFormat;
    open1.forceShare = open2.forceShare = options.forceShare;
    DS_ASSIGN_OR_RETURN(auto chain1, at(Chain::open(options.first, open1), CompareStage::Open, failedStage));
    DS_ASSIGN_OR_RETURN(auto chain2, at(Chain::open(options.second, open2), CompareStage::Open, failedStage));

    CompareReport report;
    const uint64_t size1 = chain1->virtualSize(), size2 = chain2->virtualSize();
    const uint64_t common = std::min(size1, size2), total = std::max(size1, size2);
    if (options.strict && size1 != size2) {
        report.outcome = CompareOutcome::StrictSizeMismatch;
        return report;
    }

    std::vector<uint8_t> buf1(kChunkBytes), buf2(kChunkBytes);
    auto cancelled = [&] { return makeError(ErrorCode::Cancelled, "comparison cancelled"); };
    auto readStage = [&](Chain& chain, uint64_t offset, std::span<uint8_t> out) -> Status {
        Status r = chain.read(offset, out);
        if (!r.ok() && failedStage)
            *failedStage = CompareStage::Read;
        return r;
    };
    uint64_t offset = 0;
    while (offset < common) {
        if (stop.stop_requested())
            return cancelled();
        // Each side is asked up to its own end, as qemu-img does: in strict mode "this range
        // runs to the end of the image" is part of the status that must match.
        DS_ASSIGN_OR_RETURN(ChainStatus s1, at(chain1->blockStatus(offset, size1 - offset), CompareStage::BlockStatus, failedStage));
        DS_ASSIGN_OR_RETURN(ChainStatus s2, at(chain2->blockStatus(offset, size2 - offset), CompareStage::BlockStatus, failedStage));
        if (options.strict && !sameStrictStatus(s1, offset + s1.length == size1, s2, offset + s2.length == size2)) {
            report.outcome = CompareOutcome::StrictStatusMismatch;
            report.mismatchOffset = offset;
            return report;
        }
        // A side whose status says "reads as zeros" is never read: two such sides are equal
        // at once (however long the range), one such side only needs the other checked for zeros.
        uint64_t n = std::min({s1.length, s2.length, common - offset});
        if (!s1.zero || !s2.zero) {
            n = std::min(n, kChunkBytes);
            uint64_t diff = n;
            if (s1.zero || s2.zero) {
                std::span<uint8_t> a(buf1.data(), n);
                DS_TRY(readStage(s1.zero ? *chain2 : *chain1, offset, a));
                diff = firstNonZeroSector(a);
            } else {
                std::span<uint8_t> a(buf1.data(), n), b(buf2.data(), n);
                DS_TRY(readStage(*chain1, offset, a));
                DS_TRY(readStage(*chain2, offset, b));
                diff = firstDifferingSector(a, b);
            }
            if (diff < n) {
                report.outcome = CompareOutcome::ContentMismatch;
                report.mismatchOffset = offset + diff;
                return report;
            }
        }
        offset += n;
        progress.progress(offset, total);
    }

    if (size1 != size2) {
        // The larger image's extra part must read as zeros.
        report.sizeMismatch = true;
        Chain& larger = size1 > size2 ? *chain1 : *chain2;
        while (offset < total) {
            if (stop.stop_requested())
                return cancelled();
            DS_ASSIGN_OR_RETURN(ChainStatus st, at(larger.blockStatus(offset, total - offset),
                                                   CompareStage::BlockStatus, failedStage));
            if (!st.zero) {
                st.length = std::min(st.length, kChunkBytes);
                std::span<uint8_t> a(buf1.data(), st.length);
                DS_TRY(readStage(larger, offset, a));
                uint64_t nz = firstNonZeroSector(a);
                if (nz < st.length) {
                    report.outcome = CompareOutcome::ContentMismatch;
                    report.mismatchOffset = offset + nz;
                    return report;
                }
            }
            offset += st.length;
            progress.progress(offset, total);
        }
    }
    progress.progress(total, total);
    return report;
}

}  // namespace diskscope
