// SPDX-License-Identifier: GPL-2.0-or-later
// compare: whether two chains show the same guest content, as qemu-img compare decides.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

struct CompareOptions {
    std::string first;
    std::string second;
    std::optional<std::string> firstFormat;
    std::optional<std::string> secondFormat;
    bool strict = false;        // -s: sizes and allocation must match too
    bool forceShare = false;
};

enum class CompareOutcome {
    Identical,
    ContentMismatch,        // at mismatchOffset (start of the first differing 512-byte sector)
    StrictSizeMismatch,     // -s and the sizes differ
    StrictStatusMismatch,   // -s and the allocation differs at mismatchOffset
};

struct CompareReport {
    CompareOutcome outcome = CompareOutcome::Identical;
    uint64_t mismatchOffset = 0;
    bool sizeMismatch = false;  // sizes differ; the larger image's extra part was checked for zeros
};

// Which stage failed, for qemu-img's exit codes (2 open, 3 allocation status, 4 read).
enum class CompareStage { Open, BlockStatus, Read };

// On failure, *failedStage (when given) says which stage failed.
Result<CompareReport> compare(const CompareOptions& options, ProgressSink& progress,
                              std::stop_token stop, CompareStage* failedStage = nullptr);

}  // namespace diskscope
