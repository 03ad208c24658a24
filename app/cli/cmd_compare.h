// SPDX-License-Identifier: GPL-2.0-or-later
// `compare [-f FMT] [-F FMT] [-s] [-q] [-p] [-U] A B` with qemu-img's exit codes.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"
#include "diskscope/ops/compare.h"

namespace diskscope::cli {

struct CompareArgs {
    std::string first;
    std::string second;
    std::optional<std::string> firstFormat;
    std::optional<std::string> secondFormat;
    bool strict = false;
    bool quiet = false;
    bool progress = false;
    bool forceShare = false;
};

// qemu-img compare's exit statuses.
enum CompareExit {
    kCompareIdentical = 0,
    kCompareDifferent = 1,  // also usage errors
    kCompareOpenFailed = 2,
    kCompareStatusFailed = 3,
    kCompareReadFailed = 4,
};

// argv[0] is "compare". Prints nothing.
ParseResult<CompareArgs> parseCompareArgs(int argc, char** argv);
std::string compareUsage();

// The report's lines as qemu-img prints them ("Warning: Image size mismatch!\n",
// "Images are identical.\n", ...), and the exit status that goes with it.
std::string formatCompareReport(const CompareReport& report, bool strict);
int compareExitStatus(const CompareReport& report);
int compareFailureExitStatus(CompareStage stage);

int runCompare(int argc, char** argv);

}  // namespace diskscope::cli
