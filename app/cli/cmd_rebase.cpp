// SPDX-License-Identifier: GPL-2.0-or-later
// The rebase command: options with qemu-img's checks and messages, then the engine's rebase.
#include "cmd_rebase.h"

#include "diskscope/ops/rebase.h"
#include "interruptible_run.h"
#include "option_parser.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionUnsupported = 256 };

const option kRebaseOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"force-share", no_argument, nullptr, 'U'},
    {"image-opts", no_argument, nullptr, kOptionUnsupported},
    {"object", required_argument, nullptr, kOptionUnsupported},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string rebaseUsage()
{
    return "usage: diskscope-img rebase [-f FMT] [-F FMT] [-b BACKING] [-u] [-p] [-q] [-U] FILE\n"
           "Change the backing file of an image. In the default (safe) mode, every range whose\n"
           "content would change is first copied into FILE, so the guest sees the same disk; the\n"
           "header changes last. -b \"\" makes FILE standalone.\n\n"
           "  -b BACKING           the new backing file, stored as given, relative to FILE\n"
           "  -F FMT               its format (raw or qcow2); required with a backing file\n"
           "  -f FMT               FILE's format; probed when absent\n"
           "  -u                   unsafe: only rewrite the header, read no backing file\n"
           "  -p                   show progress\n"
           "  -q                   quiet: no progress\n"
           "  -U, --force-share    open the new backing chain even if another process holds it\n"
           "  -t, -T CACHE         accepted for qemu-img compatibility (writes are always flushed)\n"
           "  -h, --help           show this help\n"
           "Ctrl-C stops the copy; FILE then keeps its old backing file and guest content.\n";
}

ParseResult<RebaseArgs> parseRebaseArgs(int argc, char** argv)
{
    ParseResult<RebaseArgs> result;
    OptionParser parser(argc, argv, "hf:F:b:upqUt:T:", kRebaseOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<RebaseArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'F':
            result.args.backingFormat = parser.argument();
            break;
        case 'b':
            result.args.backing = parser.argument();
            break;
        case 'u':
            result.args.unsafe = true;
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
        case 't':
        case 'T':
            if (!isCacheModeName(parser.argument())) {
                result.error = std::string(code == 't' ? "Invalid cache option: " : "Invalid source cache option: ") +
                               parser.argument();
                return result;
            }
            break;
        case kOptionUnsupported:
            result.error = "rebase: this option is not supported by diskscope-img";
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
    if (!result.args.unsafe && !result.args.backing) {
        result.error = "Must specify backing file (-b) or use unsafe mode (-u)";
        result.suggestHelp = true;
        return result;
    }
    result.args.path = operands.front();
    if (result.args.quiet)
        result.args.progress = false;  // -q wins over -p, as in qemu-img
    result.action = ParseResult<RebaseArgs>::Action::Run;
    return result;
}

int runRebase(int argc, char** argv)
{
    const auto parsed = parseRebaseArgs(argc, argv);
    if (auto done = settleParse(parsed, rebaseUsage))
        return *done;
    const RebaseArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    RebaseOptions options;
    options.path = args.path;
    options.format = args.format;
    options.backing = args.backing.value_or(std::string());  // -u without -b: no backing file
    options.backingFormat = args.backingFormat;
    options.unsafe = args.unsafe;
    options.forceShare = args.forceShare;

    const auto run = [&](ProgressSink& progress, std::stop_token stop) { return rebase(options, progress, stop); };
    return runInterruptible(args.progress, run).ok() ? 0 : 1;
}

}  // namespace diskscope::cli
