// SPDX-License-Identifier: GPL-2.0-or-later
#include "ops/convert/source_space.h"

#include <algorithm>

namespace diskscope::convert_detail {

SourceSpace::SourceSpace(std::vector<std::unique_ptr<Chain>> chains, bool topOnly) : m_topOnly(topOnly)
{
    for (auto& chain : chains) {
        const uint64_t size = chain->virtualSize();
        m_parts.push_back(Part{std::move(chain), m_size, size});
        m_size += size;
    }
}

const SourceSpace::Part& SourceSpace::partAt(uint64_t offset) const
{
    // Parts are few (one per source); empty sources are never the answer.
    for (const Part& part : m_parts) {
        if (offset < part.start + part.size)
            return part;
    }
    return m_parts.back();
}

Result<Run> SourceSpace::rawRunAt(uint64_t offset, uint64_t maxLength)
{
    const Part& part = partAt(offset);
    const uint64_t within = offset - part.start;
    const uint64_t length = std::min(maxLength, part.size - within);
    if (m_topOnly) {
        // qemu-img's -B: the target's backing file is taken to hold what the source's backing
        // chain holds, so only what the top image allocates itself is copied.
        DS_ASSIGN_OR_RETURN(BlockStatus status, part.chain->top().blockStatus(within, length));
        if (status.length == 0)
            return makeError(ErrorCode::Corrupt, "the image reported an empty extent", part.chain->top().file().path());
        const RunKind kind = status.zero ? RunKind::Zero : status.data ? RunKind::Data : RunKind::Backing;
        return Run{kind, std::min(status.length, length)};
    }
    DS_ASSIGN_OR_RETURN(ChainStatus status, part.chain->blockStatus(within, length));
    if (status.length == 0)
        return makeError(ErrorCode::Corrupt, "the image reported an empty extent", part.chain->top().file().path());
    // Zero wins over data: metadata-preallocated clusters read as zeros.
    return Run{status.zero || !status.data ? RunKind::Zero : RunKind::Data, std::min(status.length, length)};
}

Result<Run> SourceSpace::runAt(uint64_t offset, uint64_t maxLength, uint64_t granule)
{
    maxLength = std::min(maxLength, m_size - offset);
    DS_ASSIGN_OR_RETURN(Run first, rawRunAt(offset, maxLength));
    const uint64_t granuleEnd = std::min(m_size, offset + granule);
    if (offset + first.length >= granuleEnd) {
        uint64_t end = offset + first.length;
        if (end < m_size)
            end = end / granule * granule;  // stays past granuleEnd's start: at least one granule
        return Run{first.kind, end - offset};
    }
    // The first granule holds more than one kind of range (or parts of two sources).
    Run run{first.kind, granuleEnd - offset};
    for (uint64_t pos = offset + first.length; pos < granuleEnd;) {
        DS_ASSIGN_OR_RETURN(Run next, rawRunAt(pos, granuleEnd - pos));
        if (next.kind != run.kind)
            run.kind = RunKind::Data;
        pos += next.length;
    }
    return run;
}

Status SourceSpace::read(uint64_t offset, std::span<uint8_t> out)
{
    uint64_t done = 0;
    while (done < out.size()) {
        const Part& part = partAt(offset + done);
        const uint64_t within = offset + done - part.start;
        const uint64_t n = std::min<uint64_t>(out.size() - done, part.size - within);
        DS_TRY(part.chain->read(within, out.subspan(done, n)));
        done += n;
    }
    return okStatus();
}

}  // namespace diskscope::convert_detail
