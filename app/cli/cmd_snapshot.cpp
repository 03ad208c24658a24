// SPDX-License-Identifier: GPL-2.0-or-later
// The snapshot command: -l reads (info's snapshot list); -c, -a and -d open the image for writing.
#include "cmd_snapshot.h"

#include "diskscope/chain.h"
#include "diskscope/ops/info.h"
#include "option_parser.h"
#include "snapshot_table.h"

namespace diskscope::cli {
namespace {

const option kSnapshotOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"quiet", no_argument, nullptr, 'q'},
    {"force-share", no_argument, nullptr, 'U'},
    {nullptr, 0, nullptr, 0},
};

}  // namespace

std::string snapshotUsage()
{
    return "usage: diskscope-img snapshot [-f FMT] [-q] [-U] (-l | -c NAME | -a NAME | -d NAME) FILE\n"
           "List, create, apply or delete internal snapshots of a qcow2 image.\n\n"
           "  -l                   list the snapshots\n"
           "  -c NAME              create a snapshot of the current disk\n"
           "  -a NAME              apply a snapshot (by id, then name): the disk returns to it\n"
           "  -d NAME              delete a snapshot (by name, then id)\n"
           "  -f, --format=FMT     image format; probed when absent\n"
           "  -q, --quiet          print nothing on success\n"
           "  -U, --force-share    with -l: read even if another process holds the image\n"
           "  -h, --help           show this help\n";
}

ParseResult<SnapshotArgs> parseSnapshotArgs(int argc, char** argv)
{
    ParseResult<SnapshotArgs> result;
    OptionParser parser(argc, argv, "hf:qUlc:a:d:", kSnapshotOptions);
    int actions = 0;
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<SnapshotArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'q':
            result.args.quiet = true;
            break;
        case 'U':
            result.args.forceShare = true;
            break;
        case 'l':
            result.args.action = SnapshotArgs::Action::List;
            ++actions;
            break;
        case 'c':
        case 'a':
        case 'd':
            result.args.action = code == 'c'   ? SnapshotArgs::Action::Create
                                 : code == 'a' ? SnapshotArgs::Action::Apply
                                               : SnapshotArgs::Action::Delete;
            result.args.name = parser.argument();
            ++actions;
            break;
        default:
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        }
    }
    if (actions > 1) {
        result.error = "Cannot mix '-l', '-a', '-c', '-d'";
        result.suggestHelp = true;
        return result;
    }
    const auto operands = parser.operands();
    if (operands.size() != 1) {
        result.error = "Expecting one image file name";
        result.suggestHelp = true;
        return result;
    }
    result.args.path = operands.front();
    result.action = ParseResult<SnapshotArgs>::Action::Run;
    return result;
}

int runSnapshot(int argc, char** argv)
{
    const auto parsed = parseSnapshotArgs(argc, argv);
    if (auto done = settleParse(parsed, snapshotUsage))
        return *done;
    const SnapshotArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    if (args.action == SnapshotArgs::Action::List) {
        InfoOptions options;
        options.path = args.path;
        options.format = args.format;
        options.forceShare = args.forceShare;
        auto facts = info(options);
        if (!facts) {
            printError(describe(facts.error()));
            return 1;
        }
        if (!facts->front().snapshots.empty())
            printOut(formatSnapshotTable(facts->front().snapshots));
        return 0;
    }
    OpenOptions open;
    open.format = args.format;
    open.writable = true;
    open.openBacking = false;  // snapshots never read the backing file
    auto chain = Chain::open(args.path, open);
    if (!chain) {
        printError(describe(chain.error()));
        return 1;
    }
    Image& image = (*chain)->top();
    Status done = args.action == SnapshotArgs::Action::Create  ? image.createSnapshot(args.name)
                  : args.action == SnapshotArgs::Action::Apply ? image.applySnapshot(args.name)
                                                               : image.deleteSnapshot(args.name);
    Status closed = image.close();
    if (!done.ok()) {
        // qemu-img's snapshot messages already name the snapshot; it prints them bare.
        const Error& e = done.error();
        printError(e.code == ErrorCode::NotFound || e.code == ErrorCode::Unsupported ? e.message : describe(e));
        return 1;
    }
    if (!closed.ok()) {
        printError(describe(closed.error()));
        return 1;
    }
    return 0;
}

}  // namespace diskscope::cli
