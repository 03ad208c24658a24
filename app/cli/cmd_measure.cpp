// SPDX-License-Identifier: GPL-2.0-or-later
// The measure command: qemu-img's arguments and checks in its order, the engine call, the printout.
#include "cmd_measure.h"

#include <array>
#include <cstdio>

#include "diskscope/chain.h"
#include "diskscope/snapshot_selector.h"
#include "json_writer.h"
#include "option_parser.h"
#include "terminal_text.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionOutput = 256, kOptionSize, kOptionUnsupported };

const option kMeasureOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"output", required_argument, nullptr, kOptionOutput},
    {"size", required_argument, nullptr, kOptionSize},
    {"force-share", no_argument, nullptr, 'U'},
    {"image-opts", no_argument, nullptr, kOptionUnsupported},
    {"object", required_argument, nullptr, kOptionUnsupported},
    {nullptr, 0, nullptr, 0},
};

// QEMU's check of an -o argument: not empty, no empty item (",," is an escaped comma).
bool isValidOptionList(std::string_view text)
{
    if (text.empty() || text.front() == ',')
        return false;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != ',')
            continue;
        if (i + 1 == text.size())
            return false;
        if (text[i + 1] == ',')
            ++i;
    }
    return true;
}

// Image formats qemu-img knows but cannot measure; any other name is unknown to it.
bool isUnmeasurableQemuFormat(std::string_view format)
{
    static constexpr std::array<std::string_view, 13> kNames = {
        "bochs", "cloop", "dmg", "file", "luks", "parallels", "qcow", "qed", "vdi", "vhdx", "vmdk", "vpc", "vvfat"};
    for (std::string_view name : kNames) {
        if (format == name)
            return true;
    }
    return false;
}

}  // namespace

std::string measureUsage()
{
    return "usage: diskscope-img measure [--output=human|json] [-O FMT] [-o OPTIONS] [-f FMT] [-l SNAPSHOT] [-U]\n"
           "                             (--size N | FILE)\n"
           "Compute the host space a new image needs: for converting FILE, or for an empty image of N bytes.\n\n"
           "  --output=FMT         human (default) or json\n"
           "  -O FMT               target format: raw (default) or qcow2\n"
           "  -o OPTIONS           target options k=v,k=v (cluster_size, refcount_bits, extended_l2,\n"
           "                       compat, preallocation, backing_file...)\n"
           "  -f FMT               format of FILE (raw or qcow2); probed when absent\n"
           "  -l SNAPSHOT          measure an internal snapshot of FILE: ID, NAME,\n"
           "                       or snapshot.id=ID,snapshot.name=NAME\n"
           "  -U, --force-share    open even if another process holds the image\n"
           "  --size N             virtual size of an empty image (k, M, G, T, P, E suffixes)\n"
           "  -h, --help           show this help\n";
}

ParseResult<MeasureArgs> parseMeasureArgs(int argc, char** argv)
{
    ParseResult<MeasureArgs> result;
    MeasureArgs& a = result.args;
    OptionParser parser(argc, argv, "hf:O:o:l:U", kMeasureOptions);
    auto fail = [&](std::string message) {
        result.error = std::move(message);
        return result;
    };
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<MeasureArgs>::Action::ShowHelp;
            return result;
        case 'f':
            a.format = parser.argument();
            break;
        case 'O':
            a.targetFormat = parser.argument();
            break;
        case 'o': {
            const std::string text = parser.argument();
            if (!isValidOptionList(text))
                return fail("Invalid option list: " + text);
            a.optionList = a.optionList ? *a.optionList + "," + text : text;
            break;
        }
        case 'l':
            a.snapshot = parser.argument();
            break;
        case 'U':
            a.forceShare = true;
            break;
        case kOptionOutput: {
            const auto output = parseOutputFormat(parser.argument());
            if (!output)
                return fail(kOutputFormatError);
            a.output = *output;
            break;
        }
        case kOptionSize: {
            SizeArgument size = parseSizeArgument(parser.argument(), "image size");
            if (!size.warning.empty())
                result.warning += (result.warning.empty() ? "" : "\n") + size.warning;
            if (!size.bytes)
                return fail(size.error);
            a.size = *size.bytes;
            break;
        }
        case kOptionUnsupported:
            return fail("measure: this option is not supported by diskscope-img yet");
        default:
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        }
    }
    const auto operands = parser.operands();
    if (operands.size() > 1)
        return fail("At most one filename argument is allowed.");
    if (!operands.empty())
        a.path = operands.front();
    if (a.path && a.size)
        return fail("--size N cannot be used together with a filename.");
    if (!a.path && (a.format || a.snapshot))
        return fail("--image-opts, -f, and -l require a filename argument.");
    if (!a.path && !a.size)
        return fail("Either --size N or one filename must be specified.");
    result.action = ParseResult<MeasureArgs>::Action::Run;
    return result;
}

std::string formatMeasureReport(const MeasureReport& report, OutputFormat output)
{
    if (output == OutputFormat::Json) {
        JsonValue object = JsonValue::object();
        if (report.bitmaps)
            object.set("bitmaps", JsonValue::number(*report.bitmaps));
        object.set("required", JsonValue::number(report.required));
        object.set("fully-allocated", JsonValue::number(report.fullyAllocated));
        return formatPrettyJson(object) + "\n";
    }
    std::string out = "required size: " + std::to_string(report.required) + "\n" +
                      "fully allocated size: " + std::to_string(report.fullyAllocated) + "\n";
    if (report.bitmaps)
        out += "bitmaps size: " + std::to_string(*report.bitmaps) + "\n";
    return out;
}

MeasureRun measureWithArgs(const MeasureArgs& args)
{
    MeasureRun run;
    const std::string prefix = std::string(kProgramName) + ": ";
    // qemu-img's error_report: the prefix once, further lines as they are.
    auto failOnce = [&](const std::string& message) {
        run.err += prefix + message + "\n";
        run.exitCode = 1;
        return run;
    };
    auto failEachLine = [&](const std::string& message) {
        size_t start = 0;
        while (true) {
            const size_t end = message.find('\n', start);
            run.err += prefix + message.substr(start, end == std::string::npos ? end : end - start) + "\n";
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
        run.exitCode = 1;
        return run;
    };

    // The source opens first (with its snapshot), then the target is checked, as in qemu-img.
    std::unique_ptr<Chain> source;
    if (args.path) {
        if (args.format && !isKnownImageFormat(*args.format))
            return failOnce(unknownDriverMessage(*args.path, *args.format));
        OpenOptions open;
        open.format = args.format;
        open.forceShare = args.forceShare;
        if (args.snapshot) {
            auto selector = parseSnapshotSelector(*args.snapshot);
            if (!selector)
                return failEachLine(describe(selector.error()));
            open.snapshot = *selector;
        }
        auto chain = Chain::open(*args.path, open);
        if (!chain)
            return failEachLine(describe(chain.error()));
        source = std::move(chain).value();
    }

    if (args.targetFormat != "raw" && args.targetFormat != "qcow2")
        return failOnce(isUnmeasurableQemuFormat(args.targetFormat)
                            ? "Block driver '" + args.targetFormat + "' does not support size measurement"
                            : "Unknown file format '" + args.targetFormat + "'");
    CreateOptions target;
    target.format = args.targetFormat;
    if (args.optionList) {
        if (Status s = parseCreateOptionString(*args.optionList, target); !s.ok()) {
            failOnce(s.error().message);
            return failOnce("Invalid options for file format '" + target.format + "'");
        }
    }

    // The walk reads allocation metadata only: fast enough to need neither progress nor Ctrl-C handling.
    NullProgress progress;
    const auto report = source ? measureImage(*source, target, progress, {}) : measureSize(*args.size, target);
    if (!report)
        return failEachLine(describe(report.error()));
    run.out = formatMeasureReport(*report, args.output);
    return run;
}

int runMeasure(int argc, char** argv)
{
    const auto parsed = parseMeasureArgs(argc, argv);
    if (auto done = settleParse(parsed, measureUsage))
        return *done;
    const MeasureRun run = measureWithArgs(parsed.args);
    printOut(run.out);
    if (!run.err.empty()) {
        std::fflush(stdout);
        std::fputs(terminalSafe(run.err).c_str(), stderr);
    }
    return run.exitCode;
}

}  // namespace diskscope::cli
