// SPDX-License-Identifier: GPL-2.0-or-later
// The map command: options, opening the chain, the engine's merged extents, the printout.
#include "cmd_map.h"

#include "diskscope/chain.h"
#include "diskscope/ops/map.h"
#include "map_printer.h"
#include "option_parser.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionOutput = 256, kOptionStartOffset, kOptionMaxLength };

const option kMapOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"output", required_argument, nullptr, kOptionOutput},
    {"start-offset", required_argument, nullptr, kOptionStartOffset},
    {"max-length", required_argument, nullptr, kOptionMaxLength},
    {"force-share", no_argument, nullptr, 'U'},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string mapUsage()
{
    return "usage: diskscope-img map [-f FMT] [--output=human|json] [--start-offset=N] [--max-length=N] [-U] FILE\n"
           "Show where each range of the guest disk is stored and which layer answers for it.\n\n"
           "  -f, --format=FMT     image format (raw or qcow2); probed when absent\n"
           "  --output=FMT         human (default: data extents only) or json (every extent)\n"
           "  --start-offset=N     first guest byte to map (k, M, G, T, P, E suffixes allowed)\n"
           "  --max-length=N       map at most N bytes\n"
           "  -U, --force-share    open even if another process holds the image\n"
           "  -h, --help           show this help\n";
}

ParseResult<MapArgs> parseMapArgs(int argc, char** argv)
{
    ParseResult<MapArgs> result;
    OptionParser parser(argc, argv, "hf:U", kMapOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<MapArgs>::Action::ShowHelp;
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
        case kOptionStartOffset:
        case kOptionMaxLength: {
            const bool start = code == kOptionStartOffset;
            SizeArgument size = parseSizeArgument(parser.argument(), start ? "start offset" : "max length");
            if (!size.warning.empty())
                result.warning += (result.warning.empty() ? "" : "\n") + size.warning;
            if (!size.bytes) {
                result.error = size.error;
                return result;
            }
            if (start)
                result.args.startOffset = *size.bytes;
            else
                result.args.maxLength = *size.bytes;
            break;
        }
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
    result.action = ParseResult<MapArgs>::Action::Run;
    return result;
}

int runMap(int argc, char** argv)
{
    const auto parsed = parseMapArgs(argc, argv);
    if (auto done = settleParse(parsed, mapUsage))
        return *done;
    const MapArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;

    OpenOptions openOptions;
    openOptions.format = args.format;
    openOptions.forceShare = args.forceShare;
    auto chain = Chain::open(args.path, openOptions);
    if (!chain) {
        printError(describe(chain.error()));
        return 1;
    }
    MapOptions mapOptions;
    mapOptions.start = args.startOffset;
    mapOptions.maxLength = args.maxLength;
    mapOptions.style = args.output == OutputFormat::Json ? MapStyle::Json : MapStyle::Human;
    const auto entries = mapChain(**chain, mapOptions);
    if (!entries) {
        printError(describe(entries.error()));
        return 1;
    }
    if (args.output == OutputFormat::Json) {
        printOut(formatMapJson(*entries));
        return 0;
    }
    const MapHumanOutput human = formatMapHuman(*entries);
    printOut(human.text);
    if (human.error) {
        printError(*human.error);
        return 1;
    }
    return 0;
}

}  // namespace diskscope::cli
