// SPDX-License-Identifier: GPL-2.0-or-later
// The convert command: options, progress, Ctrl-C cancellation and the engine call.
#include "cmd_convert.h"

#include <cstdlib>

#include "diskscope/ops/convert.h"
#include "diskscope/ops/create.h"
#include "interruptible_run.h"
#include "option_parser.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionUnsupported = 256, kOptionTargetIsZero, kOptionDeflate };

const option kConvertOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"force-share", no_argument, nullptr, 'U'},
    {"target-is-zero", no_argument, nullptr, kOptionTargetIsZero},
    {"deflate", required_argument, nullptr, kOptionDeflate},
    // qemu-img options Diskscope does not offer: named in the error instead of being called
    // unknown.
    {"target-image-opts", no_argument, nullptr, kOptionUnsupported},
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
    return "usage: diskscope-img convert [-f FMT] [-O FMT] [-o OPTIONS] [-c] [-p] [-q] [-n] [-S SIZE]\n"
           "                             [-B BACKING -F FMT] [-l SNAPSHOT] [--target-is-zero] [-U] SRC... DST\n"
           "Copy the guest content of SRC (with its backing chain; several sources are joined end to\n"
           "end) into a new image DST. The sources are never modified; DST is written under a temporary\n"
           "name and appears only when complete.\n\n"
           "  -f FMT               source format (raw or qcow2); probed when absent\n"
           "  -O FMT               target format: raw (default) or qcow2\n"
           "  -o OPTIONS           target creation options, as for create ('-o help' lists them)\n"
           "  -c                   compressed clusters (qcow2), compressed on all cores\n"
           "  --deflate=fast|qemu  zlib-type compression: fast (ISA-L, default) or qemu's exact stream\n"
           "  -B BACKING, -F FMT   give DST this backing file; copy only what SRC's top image holds\n"
           "  -l SNAPSHOT          copy the internal snapshot SNAPSHOT (id or name) of SRC\n"
           "  -n                   write into the existing image DST instead of creating it\n"
           "  --target-is-zero     with -n: DST reads as zeros already, zeros need not be written\n"
           "  -S SIZE              zero runs of at least SIZE bytes are not written (default 4k, 0: never)\n"
           "  -p                   show progress\n"
           "  -q                   quiet: no progress\n"
           "  -U, --force-share    open the sources even if another process holds them\n"
           "  -m N, -W, -t, -T     accepted for qemu-img compatibility (Diskscope always writes in order\n"
           "                       and compresses on every core)\n"
           "  -h, --help           show this help\n"
           "Ctrl-C stops the copy and removes the unfinished target.\n";
}

ParseResult<ConvertArgs> parseConvertArgs(int argc, char** argv)
{
    ParseResult<ConvertArgs> result;
    ConvertArgs& a = result.args;
    OptionParser parser(argc, argv, "hf:O:o:cpqnS:B:F:l:m:Wt:T:UCr:", kConvertOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<ConvertArgs>::Action::ShowHelp;
            return result;
        case 'f':
            a.sourceFormat = parser.argument();
            break;
        case 'O':
            a.targetFormat = parser.argument();
            break;
        case 'o':
            a.optionStrings.emplace_back(parser.argument());
            break;
        case 'c':
            a.compress = true;
            break;
        case 'p':
            a.progress = true;
            break;
        case 'q':
            a.quiet = true;
            break;
        case 'n':
            a.targetExists = true;
            break;
        case 'U':
            a.forceShare = true;
            break;
        case 'B':
            a.backingFile = parser.argument();
            break;
        case 'F':
            a.backingFormat = parser.argument();
            break;
        case 'l':
            a.snapshot = parser.argument();
            break;
        case kOptionTargetIsZero:
            a.targetIsZero = true;
            break;
        case kOptionDeflate: {
            const std::string codec = parser.argument();
            if (codec != "fast" && codec != "qemu") {
                result.error = "--deflate must be 'fast' or 'qemu'";
                return result;
            }
            a.deflate = codec == "fast" ? DeflateCodec::Fast : DeflateCodec::QemuExact;
            break;
        }
        case 'm': {
            char* end = nullptr;
            const long n = std::strtol(parser.argument(), &end, 10);
            if (*parser.argument() == '\0' || *end != '\0' || n < 1 || n > 16) {
                result.error = "Invalid number of coroutines. Allowed number of coroutines is between 1 and 16";
                return result;
            }
            break;
        }
        case 'W':
            break;
        case 't':
        case 'T':
            if (!isCacheModeName(parser.argument())) {
                result.error = std::string("Invalid ") + (code == 't' ? "cache" : "source cache") +
                               " option: " + parser.argument();
                return result;
            }
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
            a.minSparse = *size.bytes;
            break;
        }
        case '?':
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        default: {
            const std::string name = code == kOptionUnsupported ? "this option" : std::string("-") + char(code);
            result.error = "convert: " + name + " is not supported by diskscope-img";
            return result;
        }
        }
    }
    // `-o help` needs no file names.
    for (const std::string& text : a.optionStrings) {
        if (isCreateOptionHelp(text)) {
            result.action = ParseResult<ConvertArgs>::Action::Run;
            return result;
        }
    }
    auto operands = parser.operands();
    if (operands.size() < 2) {
        result.error = "Must specify image file name";
        return result;
    }
    a.target = operands.back();
    operands.pop_back();
    a.sources = std::move(operands);
    if (a.quiet)
        a.progress = false;  // -q wins over -p, as in qemu-img
    result.action = ParseResult<ConvertArgs>::Action::Run;
    return result;
}

int runConvert(int argc, char** argv)
{
    const auto parsed = parseConvertArgs(argc, argv);
    if (auto done = settleParse(parsed, convertUsage))
        return *done;
    const ConvertArgs& args = parsed.args;
    if (args.targetFormat != "raw" && args.targetFormat != "qcow2") {
        printError("Unknown file format '" + args.targetFormat + "'");
        return 1;
    }
    for (const std::string& text : args.optionStrings) {
        if (isCreateOptionHelp(text)) {
            printOut(createOptionHelp(args.targetFormat));
            return 0;
        }
    }
    for (const std::string& source : args.sources) {
        if (refuseUnknownFormat(source, args.sourceFormat))
            return 1;
    }

    ConvertOptions options;
    options.sources = args.sources;
    options.sourceFormat = args.sourceFormat;
    options.snapshot = args.snapshot;
    options.forceShare = args.forceShare;
    options.target = args.target;
    options.targetFormat = args.targetFormat;
    options.targetOptions.format = args.targetFormat;
    for (const std::string& text : args.optionStrings) {
        if (Status s = parseCreateOptionString(text, options.targetOptions); !s.ok()) {
            printError(s.error().message);
            return 1;
        }
    }
    if (args.backingFile)
        options.targetOptions.backingFile = args.backingFile;
    if (args.backingFormat)
        options.targetOptions.backingFormat = args.backingFormat;
    options.targetExists = args.targetExists;
    options.targetIsZero = args.targetIsZero;
    options.minSparse = args.minSparse;
    options.compress = args.compress;
    options.deflate = args.deflate;

    const auto run = [&](ProgressSink& progress, std::stop_token stop) { return convert(options, progress, stop); };
    return runInterruptible(args.progress, run).ok() ? 0 : 1;
}

}  // namespace diskscope::cli
