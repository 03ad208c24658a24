// SPDX-License-Identifier: GPL-2.0-or-later
// `check [-f FMT] [-q] [--output=human|json] [-r leaks|all] [-U] FILE`, with qemu-img's
// report, stderr lines and exit codes.
#pragma once

#include <optional>
#include <string>

#include "cli_common.h"
#include "diskscope/ops/check.h"

namespace diskscope::cli {

struct CheckArgs {
    std::string path;
    std::optional<std::string> format;
    OutputFormat output = OutputFormat::Human;
    CheckRepair repair = CheckRepair::None;
    bool quiet = false;
    bool forceShare = false;
};

// qemu-img check's exit codes.
inline constexpr int kCheckClean = 0;
inline constexpr int kCheckFailed = 1;       // could not open the image or complete the check
inline constexpr int kCheckCorruptions = 2;  // corruptions remain (leaks may too)
inline constexpr int kCheckLeaks = 3;        // only leaks remain
inline constexpr int kCheckUnsupported = 63; // the format has no checks (raw)

// argv[0] is "check". Prints nothing.
ParseResult<CheckArgs> parseCheckArgs(int argc, char** argv);
std::string checkUsage();

// qemu-img's JSON object (only non-zero counts, its key order), with a trailing newline.
std::string formatCheckJson(const CheckReport& report);
// "No errors were found on the image." or the error/leak paragraphs, the allocation line
// and "Image end offset: N".
std::string formatCheckHuman(const CheckReport& report);
// "The following inconsistencies were found and repaired:" ... "Double checking the fixed
// image now..." (human output only, when something was repaired).
std::string formatRepairSummary(const CheckReport& report);
// 0, 2 or 3 from the final counts (a failed check is 1, raw is 63: decided by the caller).
int checkExitStatus(const CheckReport& report);

int runCheck(int argc, char** argv);

}  // namespace diskscope::cli
