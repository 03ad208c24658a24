// SPDX-License-Identifier: GPL-2.0-or-later
// convert's view of its sources: the chains laid end to end as one guest address space,
// walked in runs that are whole target clusters.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/error.h"

namespace diskscope::convert_detail {

// What a run of the sources holds, as far as the target is concerned.
enum class RunKind {
    Data,     // read it and write it (zero runs inside are found after reading)
    Zero,     // reads as zeros
    Backing,  // unallocated in the top source image; the target's own backing file answers
};

struct Run {
    RunKind kind = RunKind::Data;
    uint64_t length = 0;
};

class SourceSpace {
public:
    // `topOnly`: classify by the top image of each source alone (convert -B); otherwise by the
    // whole chain, where unallocated ranges read as zeros.
    SourceSpace(std::vector<std::unique_ptr<Chain>> chains, bool topOnly);

    uint64_t size() const { return m_size; }

    // The run starting at `offset` (a multiple of `granule`), at most `maxLength` long. Both ends
    // fall on multiples of `granule` (or the end of the space): a granule whose parts differ is
    // a Data run, read through the chain, so every target cluster is written at most once.
    Result<Run> runAt(uint64_t offset, uint64_t maxLength, uint64_t granule);

    // Reads guest bytes; the range may span several sources.
    Status read(uint64_t offset, std::span<uint8_t> out);

private:
    struct Part {
        std::unique_ptr<Chain> chain;
        uint64_t start = 0;
        uint64_t size = 0;
    };
    const Part& partAt(uint64_t offset) const;
    // The run of one source at `offset`, not crossing that source's end.
    Result<Run> rawRunAt(uint64_t offset, uint64_t maxLength);

    std::vector<Part> m_parts;
    uint64_t m_size = 0;
    bool m_topOnly = false;
};

}  // namespace diskscope::convert_detail
