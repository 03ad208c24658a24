// SPDX-License-Identifier: GPL-2.0-or-later
// The commit command: options with qemu-img's checks and messages, then the engine's commit.
#include "cmd_commit.h"

#include "diskscope/ops/commit.h"
#include "interruptible_run.h"
#include "option_parser.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionUnsupported = 256 };

const option kCommitOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"image-opts", no_argument, nullptr, kOptionUnsupported},
    {"object", required_argument, nullptr, kOptionUnsupported},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string commitUsage()
{
    return "usage: diskscope-img commit [-f FMT] [-b BASE] [-d] [-p] [-q] FILE\n"
           "Write the data FILE holds into its backing file (or into BASE further down the chain),\n"
           "then empty FILE so it reads everything from there. The base grows to FILE's size if\n"
           "it is smaller.\n\n"
           "  -b BASE              commit into BASE, a file of FILE's backing chain (as named in\n"
           "                       the image above it, or by a path); the layers between are\n"
           "                       copied too and, like FILE, left as they are (implies -d)\n"
           "  -d                   do not empty FILE\n"
           "  -f FMT               FILE's format; probed when absent\n"
           "  -p                   show progress\n"
           "  -q                   quiet: no progress, no message\n"
           "  -t CACHE, -r RATE    accepted for qemu-img compatibility (no effect)\n"
           "  -h, --help           show this help\n";
}

ParseResult<CommitArgs> parseCommitArgs(int argc, char** argv)
{
    ParseResult<CommitArgs> result;
    OptionParser parser(argc, argv, "hf:b:dpqt:r:", kCommitOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<CommitArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'b':
            result.args.base = parser.argument();
            break;
        case 'd':
            result.args.drop = true;
            break;
        case 'p':
            result.args.progress = true;
            break;
        case 'q':
            result.args.quiet = true;
            break;
        case 't':
            if (!isCacheModeName(parser.argument())) {
                result.error = std::string("Invalid cache option: ") + parser.argument();
                return result;
            }
            break;
        case 'r':
            if (parseQemuSize(parser.argument()).outcome != ParsedSize::Outcome::Ok) {
                result.error = "Invalid rate limit specified. You may use k, M, G, T, P or E suffixes for\n"
                               "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.";
                return result;
            }
            break;
        case kOptionUnsupported:
            result.error = "commit: this option is not supported by diskscope-img";
            return result;
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
    if (result.args.quiet)
        result.args.progress = false;
    result.action = ParseResult<CommitArgs>::Action::Run;
    return result;
}

int runCommit(int argc, char** argv)
{
    const auto parsed = parseCommitArgs(argc, argv);
    if (auto done = settleParse(parsed, commitUsage))
        return *done;
    const CommitArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    CommitOptions options;
    options.path = args.path;
    options.format = args.format;
    options.base = args.base;
    options.drop = args.drop;

    const auto run = [&](ProgressSink& progress, std::stop_token stop) { return commit(options, progress, stop); };
    if (!runInterruptible(args.progress, run).ok())
        return 1;
    if (!args.quiet)
        printOut("Image committed.\n");
    return 0;
}

}  // namespace diskscope::cli
