// SPDX-License-Identifier: GPL-2.0-or-later
// The compare command: options, the engine call, qemu-img's messages and exit codes.
#include "cmd_compare.h"

#include "option_parser.h"
#include "progress_printer.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionUnsupported = 256 };

const option kCompareOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"force-share", no_argument, nullptr, 'U'},
    {"image-opts", no_argument, nullptr, kOptionUnsupported},
    {"object", required_argument, nullptr, kOptionUnsupported},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string compareUsage()
{
    return "usage: diskscope-img compare [-f FMT] [-F FMT] [-s] [-q] [-p] [-U] FILE1 FILE2\n"
           "Check whether two images (with their backing chains) show the same guest content.\n\n"
           "  -f FMT               format of FILE1 (raw or qcow2); probed when absent\n"
           "  -F FMT               format of FILE2\n"
           "  -s                   strict: sizes and allocation must match too\n"
           "  -q                   quiet: only the exit status tells\n"
           "  -p                   show progress\n"
           "  -U, --force-share    open even if another process holds the images\n"
           "  -h, --help           show this help\n"
           "Exit status: 0 identical, 1 different, 2 an image could not be opened,\n"
           "3 allocation status could not be read, 4 data could not be read.\n";
}

ParseResult<CompareArgs> parseCompareArgs(int argc, char** argv)
{
    ParseResult<CompareArgs> result;
    // -T (cache mode) is accepted by qemu-img but not offered here.
    OptionParser parser(argc, argv, "hf:F:sqpUT:", kCompareOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<CompareArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.firstFormat = parser.argument();
            break;
        case 'F':
            result.args.secondFormat = parser.argument();
            break;
        case 's':
            result.args.strict = true;
            break;
        case 'q':
            result.args.quiet = true;
            break;
        case 'p':
            result.args.progress = true;
            break;
        case 'U':
            result.args.forceShare = true;
            break;
        case '?':
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        default: {
            const std::string name = code == kOptionUnsupported ? "this option" : std::string("-") + char(code);
            result.error = "compare: " + name + " is not supported by diskscope-img yet";
            return result;
        }
        }
    }
    const auto operands = parser.operands();
    if (operands.size() != 2) {
        result.error = "Expecting two image file names";
        result.suggestHelp = true;
        return result;
    }
    result.args.first = operands[0];
    result.args.second = operands[1];
    if (result.args.quiet)
        result.args.progress = false;
    result.action = ParseResult<CompareArgs>::Action::Run;
    return result;
}

std::string formatCompareReport(const CompareReport& report, bool strict)
{
    std::string out;
    // In strict mode a size difference is the verdict itself, not a warning.
    if (report.sizeMismatch && !strict)
        out += "Warning: Image size mismatch!\n";
    switch (report.outcome) {
    case CompareOutcome::Identical:
        out += "Images are identical.\n";
        break;
    case CompareOutcome::ContentMismatch:
        out += "Content mismatch at offset " + std::to_string(report.mismatchOffset) + "!\n";
        break;
    case CompareOutcome::StrictSizeMismatch:
        out += "Strict mode: Image size mismatch!\n";
        break;
    case CompareOutcome::StrictStatusMismatch:
        out += "Strict mode: Offset " + std::to_string(report.mismatchOffset) + " block status mismatch!\n";
        break;
    }
    return out;
}

int compareExitStatus(const CompareReport& report)
{
    return report.outcome == CompareOutcome::Identical ? kCompareIdentical : kCompareDifferent;
}

int compareFailureExitStatus(CompareStage stage)
{
    switch (stage) {
    case CompareStage::Open: return kCompareOpenFailed;
    case CompareStage::BlockStatus: return kCompareStatusFailed;
    case CompareStage::Read: return kCompareReadFailed;
    }
    return kCompareOpenFailed;
}

int runCompare(int argc, char** argv)
{
    const auto parsed = parseCompareArgs(argc, argv);
    if (auto done = settleParse(parsed, compareUsage))
        return *done;
    const CompareArgs& args = parsed.args;
    for (const auto& [path, format] : {std::pair{args.first, args.firstFormat}, {args.second, args.secondFormat}}) {
        if (refuseUnknownFormat(path, format))
            return kCompareOpenFailed;
    }

    CompareOptions options;
    options.first = args.first;
    options.second = args.second;
    options.firstFormat = args.firstFormat;
    options.secondFormat = args.secondFormat;
    options.strict = args.strict;
    options.forceShare = args.forceShare;

    ProgressPrinter progress(args.progress);
    CompareStage failedStage = CompareStage::Open;
    const auto report = compare(options, progress, std::stop_token{}, &failedStage);
    if (!report) {
        progress.finishLine();
        printError(describe(report.error()));
        return compareFailureExitStatus(failedStage);
    }
    // qemu-img ends the progress line after the verdict.
    if (!args.quiet)
        printOut(formatCompareReport(*report, args.strict));
    progress.finishLine();
    return compareExitStatus(*report);
}

}  // namespace diskscope::cli
