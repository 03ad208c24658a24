// SPDX-License-Identifier: GPL-2.0-or-later
// The info command: options, the engine call, and the JSON or human printout.
#include "cmd_info.h"

#include "diskscope/ops/info.h"
#include "info_printer.h"
#include "option_parser.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionOutput = 256, kOptionBackingChain };

const option kInfoOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"output", required_argument, nullptr, kOptionOutput},
    {"backing-chain", no_argument, nullptr, kOptionBackingChain},
    {"force-share", no_argument, nullptr, 'U'},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string infoUsage()
{
    return "usage: diskscope-img info [-f FMT] [--output=human|json] [--backing-chain] [-U] FILE\n"
           "Show what an image is: format, virtual and disk size, backing file, snapshots.\n\n"
           "  -f, --format=FMT     image format (raw or qcow2); probed when absent\n"
           "  --output=FMT         human (default) or json, as qemu-img prints them\n"
           "  --backing-chain      also describe every backing file, top first\n"
           "  -U, --force-share    open even if another process holds the image\n"
           "  -h, --help           show this help\n";
}

ParseResult<InfoArgs> parseInfoArgs(int argc, char** argv)
{
    ParseResult<InfoArgs> result;
    OptionParser parser(argc, argv, "hf:U", kInfoOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<InfoArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'U':
            result.args.forceShare = true;
            break;
        case kOptionOutput: {
            const auto output = parseOutputFormat(parser.argument());
            if (!output) {
                result.error = kOutputFormatError;
                return result;
            }
            result.args.output = *output;
            break;
        }
        case kOptionBackingChain:
            result.args.backingChain = true;
            break;
        default:
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        }
    }
    const auto operands = parser.operands();
    if (operands.size() != 1) {
        result.error = "Expecting one image file name";
        result.suggestHelp = true;
        return result;
    }
    result.args.path = operands.front();
    result.action = ParseResult<InfoArgs>::Action::Run;
    return result;
}

int runInfo(int argc, char** argv)
{
    const auto parsed = parseInfoArgs(argc, argv);
    if (auto done = settleParse(parsed, infoUsage))
        return *done;
    const InfoArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;

    InfoOptions options;
    options.path = args.path;
    options.format = args.format;
    options.backingChain = args.backingChain;
    options.forceShare = args.forceShare;
    const auto chain = info(options);
    if (!chain) {
        printError(describe(chain.error()));
        return 1;
    }
    if (args.output == OutputFormat::Json)
        printOut(formatInfoJson(*chain, args.backingChain));
    else
        printOut(formatInfoHumanChain(*chain));
    return 0;
}

}  // namespace diskscope::cli
