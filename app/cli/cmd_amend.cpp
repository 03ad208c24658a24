// SPDX-License-Identifier: GPL-2.0-or-later
// The amend command: -o options parsed by the engine (qemu-img's messages), then amend().
#include "cmd_amend.h"

#include <cstdio>

#include "diskscope/ops/amend.h"
#include "interruptible_run.h"
#include "option_parser.h"
#include "terminal_text.h"

namespace diskscope::cli {
namespace {

const option kAmendOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"options", required_argument, nullptr, 'o'},
    {"quiet", no_argument, nullptr, 'q'},
    {nullptr, 0, nullptr, 0},
};

// qemu-img prints a reason's first line after the program name and its hint lines bare.
void printReason(const std::string& message)
{
    const size_t newline = message.find('\n');
    printError(message.substr(0, newline));
    if (newline != std::string::npos)
        std::fprintf(stderr, "%s\n", terminalSafe(message.substr(newline + 1)).c_str());
}

}  // namespace

std::string amendUsage()
{
    return "usage: diskscope-img amend [-f FMT] [-p] [-q] -o OPTIONS FILE\n"
           "Change the options of an existing qcow2 image in place.\n\n"
           "  -o OPTIONS           compat=0.10|1.1, lazy_refcounts=on|off, refcount_bits=N,\n"
           "                       size=SIZE, data_file=NAME, data_file_raw=off ('-o help' lists them)\n"
           "  -f, --format=FMT     image format (qcow2); probed when absent\n"
           "  -p                   show progress\n"
           "  -q, --quiet          print nothing\n"
           "  -h, --help           show this help\n";
}

ParseResult<AmendArgs> parseAmendArgs(int argc, char** argv)
{
    ParseResult<AmendArgs> result;
    OptionParser parser(argc, argv, "hf:o:pq", kAmendOptions);
    bool anyOptions = false;
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<AmendArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'o':
            if (anyOptions)
                result.args.options += ',';
            result.args.options += parser.argument();
            anyOptions = true;
            break;
        case 'p':
            result.args.progress = true;
            break;
        case 'q':
            result.args.quiet = true;
            break;
        default:
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        }
    }
    if (!anyOptions) {
        result.error = "Must specify options (-o)";
        result.suggestHelp = true;
        return result;
    }
    const auto operands = parser.operands();
    if (operands.size() != 1 && !isAmendOptionHelp(result.args.options)) {
        result.error = "Expecting one image file name";
        return result;
    }
    if (!operands.empty())
        result.args.path = operands.front();
    if (result.args.quiet)
        result.args.progress = false;  // -q wins over -p, as in qemu-img
    result.action = ParseResult<AmendArgs>::Action::Run;
    return result;
}

int runAmend(int argc, char** argv)
{
    const auto parsed = parseAmendArgs(argc, argv);
    if (auto done = settleParse(parsed, amendUsage))
        return *done;
    const AmendArgs& args = parsed.args;
    if (isAmendOptionHelp(args.options)) {
        printOut(amendOptionHelp());
        return 0;
    }
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    AmendOptions options;
    options.path = args.path;
    options.format = args.format;
    if (Status s = parseAmendOptionString(args.options, options); !s.ok()) {
        printReason(s.error().message);
        return 1;
    }
    // qemu-img prints amend's reasons without the file name; opening errors keep it.
    const auto report = [](const Error& e) {
        if (e.code == ErrorCode::InvalidArgument || e.code == ErrorCode::Unsupported)
            printReason(e.message);
        else
            printEngineError(e);
    };
    const auto run = [&](ProgressSink& progress, std::stop_token stop) { return amend(options, progress, stop); };
    return runInterruptible(args.progress, run, report).ok() ? 0 : 1;
}

}  // namespace diskscope::cli
