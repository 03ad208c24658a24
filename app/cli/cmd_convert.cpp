// SPDX-License-Identifier: GPL-2.0-or-later
// The convert command: options, progress, Ctrl-C cancellation and the engine call.
#include "cmd_convert.h"

#include "diskscope/ops/convert.h"
#include "interrupt_to_stop.h"
#include "option_parser.h"
#include "progress_printer.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionUnsupported = 256 };

const option kConvertOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"force-share", no_argument, nullptr, 'U'},
    // qemu-img options Diskscope does not offer yet: named in the error instead of
    // being called unknown.
    {"target-image-opts", no_argument, nullptr, kOptionUnsupported},
    {"target-is-zero", no_argument, nullptr, kOptionUnsupported},
    {"bitmaps", no_argument, nullptr, kOptionUnsupported},
    {"salvage", no_argument, nullptr, kOptionUnsupported},
    {"image-opts", no_argument, nullptr, kOptionUnsupported},
    {"object", required_argument, nullptr, kOptionUnsupported},
    {nullptr, 0, nullptr, 0},
};

// qemu-img's -S limit: whole sectors up to 32768 of them.
constexpr uint64_t kSectorSize = 512;
constexpr uint64_t kMaxSparseSize = 16 * 1024 * 1024;

}  // namespace

std::string convertUsage()
{
    return "usage: diskscope-img convert [-f FMT] [-O raw] [-p] [-q] [-S SIZE] [-U] SRC DST\n"
           "Copy the guest content of SRC (and its backing chain) into a new image DST.\n\n"
           "  -f FMT               source format (raw or qcow2); probed when absent\n"
           "  -O FMT               target format; only raw for now\n"
           "  -p                   show progress\n"
           "  -q                   quiet: no progress\n"
           "  -S SIZE              zero runs of at least SIZE bytes become holes (default 4k, 0: never)\n"
           "  -U, --force-share    open the source even if another process holds it\n"
           "  -h, --help           show this help\n"
           "Ctrl-C stops the copy and removes the unfinished target.\n";
}

ParseResult<ConvertArgs> parseConvertArgs(int argc, char** argv)
{
    ParseResult<ConvertArgs> result;
    // The letters after U are qemu-img options not offered yet, accepted only to say so.
    OptionParser parser(argc, argv, "hf:O:pqS:UcCnWo:B:F:l:m:r:t:T:", kConvertOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<ConvertArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.sourceFormat = parser.argument();
            break;
        case 'O':
            result.args.targetFormat = parser.argument();
            break;
        case 'p':
            result.args.progress = true;
            break;
        case 'q':
            result.args.quiet = true;
            break;
        case 'U':
            result.args.forceShare = true;
            break;
        case 'S': {
            SizeArgument size = parseSizeArgument(parser.argument(), "buffer size for sparse output");
            if (!size.warning.empty())
                result.warning = size.warning;
            if (!size.bytes) {
                result.error = size.error;
                return result;
            }
            if (*size.bytes % kSectorSize != 0 || *size.bytes > kMaxSparseSize) {
                result.error = "Invalid buffer size for sparse output specified. Valid sizes are multiples of " +
                               std::to_string(kSectorSize) + " up to " + std::to_string(kMaxSparseSize) +
                               ". Select 0 to disable sparse detection (fully allocates output).";
                return result;
            }
            result.args.minSparse = *size.bytes;
            break;
        }
        case '?':
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        default: {
            const std::string name = code == kOptionUnsupported ? "this option" : std::string("-") + char(code);
            result.error = "convert: " + name + " is not supported by diskscope-img yet";
            return result;
        }
        }
    }
    const auto operands = parser.operands();
    if (operands.size() < 2) {
        result.error = "Must specify image file name";
        return result;
    }
    if (operands.size() > 2) {
        result.error = "convert: joining several source images is not supported by diskscope-img yet";
        return result;
    }
    result.args.source = operands[0];
    result.args.target = operands[1];
    if (result.args.quiet)
        result.args.progress = false;  // -q wins over -p, as in qemu-img
    result.action = ParseResult<ConvertArgs>::Action::Run;
    return result;
}

int runConvert(int argc, char** argv)
{
    const auto parsed = parseConvertArgs(argc, argv);
    if (auto done = settleParse(parsed, convertUsage))
        return *done;
    const ConvertArgs& args = parsed.args;
    if (args.targetFormat == "qcow2") {
        printError("convert: output format 'qcow2' is not supported yet; use -O raw");
        return 1;
    }
    if (args.targetFormat != "raw") {
        printError("Unknown file format '" + args.targetFormat + "'");
        return 1;
    }
    if (refuseUnknownFormat(args.source, args.sourceFormat))
        return 1;

    ConvertOptions options;
    options.source = args.source;
    options.sourceFormat = args.sourceFormat;
    options.target = args.target;
    options.targetFormat = args.targetFormat;
    options.minSparse = args.minSparse;
    options.forceShare = args.forceShare;

    std::stop_source stopSource;
    InterruptToStop interrupt(stopSource);
    ProgressPrinter progress(args.progress);
    const Status status = convert(options, progress, stopSource.get_token());
    progress.finish();
    if (!status) {
        printError(describe(status.error()));
        // Killed by Ctrl-C, qemu-img dies by the signal; after cleaning up, so do we.
        interrupt.reraise();
        return 1;
    }
    return 0;
}

}  // namespace diskscope::cli
