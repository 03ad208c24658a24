// SPDX-License-Identifier: GPL-2.0-or-later
// The resize command: the size argument (absolute or relative), then the engine's resize.
#include "cmd_resize.h"

#include <cstdint>

#include "diskscope/ops/info.h"
#include "diskscope/ops/resize.h"
#include "option_parser.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionPreallocation = 256, kOptionShrink };

const option kResizeOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"preallocation", required_argument, nullptr, kOptionPreallocation},
    {"shrink", no_argument, nullptr, kOptionShrink},
    {"quiet", no_argument, nullptr, 'q'},
    {nullptr, 0, nullptr, 0},
};

constexpr const char* kSizeError =
    "Parameter 'size' expects a non-negative number below 2^64\n"
    "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
    "and exabytes, respectively.";

}  // namespace

std::string resizeUsage()
{
    return "usage: diskscope-img resize [-f FMT] [--preallocation=MODE] [--shrink] [-q] FILE [+|-]SIZE\n"
           "Change the virtual size of an image. Use -- before a negative relative size.\n\n"
           "  -f, --format=FMT          image format (raw or qcow2); probed when absent\n"
           "  --preallocation=MODE      off, metadata (qcow2), falloc or full for the new area\n"
           "  --shrink                  allow shrinking: data past the new end is lost\n"
           "  -q, --quiet               print nothing on success\n"
           "  -h, --help                show this help\n";
}

ParseResult<ResizeArgs> parseResizeArgs(int argc, char** argv)
{
    ParseResult<ResizeArgs> result;
    OptionParser parser(argc, argv, "hf:q", kResizeOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<ResizeArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'q':
            result.args.quiet = true;
            break;
        case kOptionShrink:
            result.args.shrink = true;
            break;
        case kOptionPreallocation: {
            auto mode = parsePreallocation(parser.argument());
            if (!mode) {
                result.error = "Invalid preallocation mode '" + std::string(parser.argument()) + "'";
                return result;
            }
            result.args.preallocation = *mode;
            break;
        }
        default:
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        }
    }
    const auto operands = parser.operands();
    if (operands.size() != 2) {
        result.error = "Expecting image file name and size";
        result.suggestHelp = true;
        return result;
    }
    result.args.path = operands[0];
    std::string size(operands[1]);
    if (!size.empty() && (size[0] == '+' || size[0] == '-')) {
        result.args.sign = size[0] == '+' ? 1 : -1;
        size.erase(0, 1);
    }
    ParsedSize parsed = parseQemuSize(size);
    if (parsed.outcome != ParsedSize::Outcome::Ok) {
        result.error = kSizeError;
        return result;
    }
    result.args.size = parsed.bytes;
    result.action = ParseResult<ResizeArgs>::Action::Run;
    return result;
}

std::optional<uint64_t> resolveResizeTarget(const ResizeArgs& args, uint64_t current, std::string& error)
{
    uint64_t target = args.size;
    if (args.sign > 0)
        target = current + args.size;
    else if (args.sign < 0)
        target = args.size >= current ? 0 : current - args.size;
    if (target == 0 || target > static_cast<uint64_t>(INT64_MAX)) {
        error = "New image size must be positive";
        return std::nullopt;
    }
    return target;
}

int runResize(int argc, char** argv)
{
    const auto parsed = parseResizeArgs(argc, argv);
    if (auto done = settleParse(parsed, resizeUsage))
        return *done;
    const ResizeArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    uint64_t current = 0;
    if (args.sign != 0) {
        InfoOptions infoOptions;
        infoOptions.path = args.path;
        infoOptions.format = args.format;
        auto facts = info(infoOptions);
        if (!facts) {
            printError(describe(facts.error()));
            return 1;
        }
        current = facts->front().virtualSize;
    }
    std::string error;
    auto target = resolveResizeTarget(args, current, error);
    if (!target) {
        printError(error);
        return 1;
    }
    ResizeOptions options;
    options.path = args.path;
    options.format = args.format;
    options.newSize = *target;
    options.allowShrink = args.shrink;
    options.preallocation = args.preallocation;
    Status resized = resize(options);
    if (!resized.ok()) {
        // qemu-img prints these messages without the file name.
        const Error& e = resized.error();
        printError(e.code == ErrorCode::InvalidArgument || e.code == ErrorCode::Unsupported ? e.message : describe(e));
        return 1;
    }
    if (!args.quiet)
        printOut("Image resized.\n");
    return 0;
}

}  // namespace diskscope::cli
