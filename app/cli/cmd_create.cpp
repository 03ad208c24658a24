// SPDX-License-Identifier: GPL-2.0-or-later
// The create command: qemu-img's arguments, its Formatting line, and the engine call.
#include "cmd_create.h"

#include "interruptible_run.h"
#include "option_parser.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

const option kCreateOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string createUsage()
{
    return "usage: diskscope-img create [-q] [-f FMT] [-b BACKING [-F BACKING_FMT]] [-u] [-o OPTIONS] FILE [SIZE]\n"
           "Create a new raw or qcow2 image, as qemu-img create does.\n\n"
           "  -f FMT               image format: raw (default) or qcow2\n"
           "  -b BACKING           backing file (qcow2); relative names are relative to FILE's directory\n"
           "  -F BACKING_FMT       format of the backing file (required with -b)\n"
           "  -u                   do not open the backing file (SIZE is then required)\n"
           "  -o OPTIONS           format options k=v,k=v; '-o help' lists them\n"
           "  -q                   quiet: do not print the Formatting line\n"
           "  -h, --help           show this help\n"
           "SIZE takes k, M, G, T, P or E suffixes; without it, the backing file's size is used.\n";
}

ParseResult<CreateArgs> parseCreateArgs(int argc, char** argv)
{
    ParseResult<CreateArgs> result;
    CreateOptions& o = result.args.options;
    OptionParser parser(argc, argv, "hqf:b:F:uo:", kCreateOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<CreateArgs>::Action::ShowHelp;
            return result;
        case 'q':
            result.args.quiet = true;
            break;
        case 'f':
            o.format = parser.argument();
            break;
        case 'b':
            result.args.backingFile = parser.argument();
            break;
        case 'F':
            result.args.backingFormat = parser.argument();
            break;
        case 'u':
            o.unsafeBacking = true;
            break;
        case 'o':
            result.args.optionStrings.emplace_back(parser.argument());
            break;
        default:
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        }
    }
    const auto operands = parser.operands();
    // `-o help` needs no file name.
    for (const std::string& text : result.args.optionStrings) {
        if (isCreateOptionHelp(text)) {
            result.action = ParseResult<CreateArgs>::Action::Run;
            return result;
        }
    }
    if (operands.empty()) {
        result.error = "Expecting image file name";
        result.suggestHelp = true;
        return result;
    }
    if (operands.size() > 2) {
        result.error = "Unexpected argument: " + operands[2];
        result.suggestHelp = true;
        return result;
    }
    o.path = operands[0];
    if (operands.size() == 2) {
        SizeArgument size = parseSizeArgument(operands[1], "image size");
        result.warning = size.warning;
        if (!size.bytes) {
            result.error = size.error;
            return result;
        }
        o.size = *size.bytes;
    }
    result.action = ParseResult<CreateArgs>::Action::Run;
    return result;
}

int runCreate(int argc, char** argv)
{
    auto parsed = parseCreateArgs(argc, argv);
    if (auto done = settleParse(parsed, createUsage))
        return *done;
    CreateArgs& args = parsed.args;
    CreateOptions& options = args.options;

    for (const std::string& text : args.optionStrings) {
        if (isCreateOptionHelp(text)) {
            if (options.format != "raw" && options.format != "qcow2") {
                printError("Unknown file format '" + options.format + "'");
                return 1;
            }
            printOut(createOptionHelp(options.format));
            return 0;
        }
    }
    if (options.format != "raw" && options.format != "qcow2") {
        printError(options.path + ": Unknown file format '" + options.format + "'");
        return 1;
    }
    // -o values apply over the command line's, as in qemu-img; a size in both is refused.
    const std::optional<uint64_t> sizeArgument = options.size;
    options.size.reset();
    for (const std::string& text : args.optionStrings) {
        if (Status s = parseCreateOptionString(text, options); !s.ok()) {
            printError(options.path + ": " + s.error().message);
            return 1;
        }
    }
    if (args.backingFile)
        options.backingFile = args.backingFile;
    if (args.backingFormat)
        options.backingFormat = args.backingFormat;
    if (sizeArgument) {
        if (options.sizeFromOption) {
            printError(options.path + ": The image size must be specified only once");
            return 1;
        }
        options.size = sizeArgument;
    }

    auto prepared = prepareCreate(options);
    if (!prepared.ok()) {
        printError(describe(prepared.error()));
        return 1;
    }
    if (!args.quiet)
        printOut(createFormattingLine(*prepared) + "\n");

    // create has no -p: the progress line stays off.
    const auto run = [&](ProgressSink& progress, std::stop_token stop) { return create(*prepared, progress, stop); };
    return runInterruptible(false, run).ok() ? 0 : 1;
}

}  // namespace diskscope::cli
