// SPDX-License-Identifier: GPL-2.0-or-later
// The check command: options, the engine call, qemu-img's report, stderr lines and exit codes.
#include "cmd_check.h"

#include <cstdio>

#include "json_writer.h"
#include "option_parser.h"
#include "terminal_text.h"

namespace diskscope::cli {
namespace {

enum LongOnlyOption { kOptionOutput = 256, kOptionUnsupported };

const option kCheckOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"output", required_argument, nullptr, kOptionOutput},
    {"repair", required_argument, nullptr, 'r'},
    {"force-share", no_argument, nullptr, 'U'},
    {"image-opts", no_argument, nullptr, kOptionUnsupported},
    {"object", required_argument, nullptr, kOptionUnsupported},
    {nullptr, 0, nullptr, 0},
};

std::string percent(uint64_t part, uint64_t whole)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0.2f", static_cast<double>(part) * 100.0 / static_cast<double>(whole));
    return buf;
}

// Lines go to stderr as they are, without the program prefix: qemu prints them that way.
void printFindings(const CheckReport& report, bool doubleCheck)
{
    std::fflush(stdout);
    for (const CheckFinding& finding : report.findings) {
        if (finding.doubleCheck == doubleCheck)
            std::fprintf(stderr, "%s\n", terminalSafe(finding.message).c_str());
    }
    std::fflush(stderr);
}

}  // namespace

std::string checkUsage()
{
    return "usage: diskscope-img check [-f FMT] [-q] [--output=human|json] [-r leaks|all] [-U] FILE\n"
           "Check an image's metadata for consistency, like qemu-img check, and optionally repair it.\n\n"
           "  -f, --format=FMT     image format (raw or qcow2); probed when absent\n"
           "  -q                   quiet: only the exit status and the stderr findings\n"
           "  --output=FMT         human (default) or json, as qemu-img prints them\n"
           "  -r, --repair=leaks   repair leaked clusters (refcounts above the references)\n"
           "  -r, --repair=all     also repair corruptions (refcounts below the references,\n"
           "                       COPIED flags, refcount structures); never drops snapshots\n"
           "  -U, --force-share    open even if another process holds the image (not with -r)\n"
           "  -h, --help           show this help\n"
           "Exit status: 0 no problems, 1 the check failed, 2 corruptions, 3 only leaks,\n"
           "63 the format does not support checks.\n";
}

ParseResult<CheckArgs> parseCheckArgs(int argc, char** argv)
{
    ParseResult<CheckArgs> result;
    // -T (cache mode) is accepted by qemu-img but not offered here.
    OptionParser parser(argc, argv, "hf:r:qUT:", kCheckOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<CheckArgs>::Action::ShowHelp;
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
        case 'r': {
            const std::string value = parser.argument();
            if (value == "leaks") {
                result.args.repair = CheckRepair::Leaks;
            } else if (value == "all") {
                result.args.repair = CheckRepair::All;
            } else {
                result.error = "Unknown option value for -r (expecting 'leaks' or 'all'): " + value;
                result.suggestHelp = true;
                return result;
            }
            break;
        }
        case kOptionOutput: {
            const auto output = parseOutputFormat(parser.argument());
            if (!output) {
                result.error = kOutputFormatError;
                return result;
            }
            result.args.output = *output;
            break;
        }
        case '?':
            result.error = parser.error();
            result.suggestHelp = true;
            return result;
        default: {
            const std::string name = code == kOptionUnsupported ? "this option" : std::string("-") + char(code);
            result.error = "check: " + name + " is not supported by diskscope-img yet";
            return result;
        }
        }
    }
    const auto operands = parser.operands();
    if (operands.size() != 1) {
        result.error = "Expecting one image file name";
        result.suggestHelp = true;
        return result;
    }
    result.args.path = operands.front();
    result.action = ParseResult<CheckArgs>::Action::Run;
    return result;
}

std::string formatCheckJson(const CheckReport& r)
{
    // qemu-img prints a count only when it is not zero, in this (hash table) order.
    JsonValue object = JsonValue::object();
    auto optional = [&](const char* key, uint64_t value) {
        if (value)
            object.set(key, JsonValue::number(value));
    };
    optional("image-end-offset", r.imageEndOffset);
    optional("compressed-clusters", r.compressedClusters);
    optional("total-clusters", r.totalClusters);
    optional("corruptions", r.corruptions);
    optional("corruptions-fixed", r.corruptionsFixed);
    object.set("check-errors", JsonValue::number(r.checkErrors));
    optional("leaks", r.leaks);
    optional("leaks-fixed", r.leaksFixed);
    optional("allocated-clusters", r.allocatedClusters);
    object.set("filename", JsonValue::string(r.filename));
    object.set("format", JsonValue::string(r.format));
    optional("fragmented-clusters", r.fragmentedClusters);
    return formatPrettyJson(object) + "\n";
}

std::string formatCheckHuman(const CheckReport& r)
{
    // Built with snprintf: GCC 12 warns falsely (-Wrestrict) on chains of string concatenation.
    std::string out;
    char line[256];
    if (r.corruptions == 0 && r.leaks == 0 && r.checkErrors == 0) {
        out += "No errors were found on the image.\n";
    } else {
        if (r.corruptions) {
            std::snprintf(line, sizeof line,
                          "\n%llu errors were found on the image.\n"
                          "Data may be corrupted, or further writes to the image may corrupt it.\n",
                          static_cast<unsigned long long>(r.corruptions));
            out += line;
        }
        if (r.leaks) {
            std::snprintf(line, sizeof line,
                          "\n%llu leaked clusters were found on the image.\n"
                          "This means waste of disk space, but no harm to data.\n",
                          static_cast<unsigned long long>(r.leaks));
            out += line;
        }
        if (r.checkErrors) {
            std::snprintf(line, sizeof line, "\n%llu internal errors have occurred during the check.\n",
                          static_cast<unsigned long long>(r.checkErrors));
            out += line;
        }
    }
    if (r.totalClusters != 0 && r.allocatedClusters != 0) {
        std::snprintf(line, sizeof line, "%llu/%llu = %s%% allocated, %s%% fragmented, %s%% compressed clusters\n",
                      static_cast<unsigned long long>(r.allocatedClusters),
                      static_cast<unsigned long long>(r.totalClusters),
                      percent(r.allocatedClusters, r.totalClusters).c_str(),
                      percent(r.fragmentedClusters, r.allocatedClusters).c_str(),
                      percent(r.compressedClusters, r.allocatedClusters).c_str());
        out += line;
    }
    if (r.imageEndOffset) {
        std::snprintf(line, sizeof line, "Image end offset: %llu\n", static_cast<unsigned long long>(r.imageEndOffset));
        out += line;
    }
    return out;
}

std::string formatRepairSummary(const CheckReport& r)
{
    char text[256];
    std::snprintf(text, sizeof text,
                  "The following inconsistencies were found and repaired:\n\n"
                  "    %llu leaked clusters\n    %llu corruptions\n\nDouble checking the fixed image now...\n",
                  static_cast<unsigned long long>(r.leaksFixed), static_cast<unsigned long long>(r.corruptionsFixed));
    return text;
}

int checkExitStatus(const CheckReport& r)
{
    if (r.checkErrors)
        return kCheckFailed;
    if (r.corruptions)
        return kCheckCorruptions;
    if (r.leaks)
        return kCheckLeaks;
    return kCheckClean;
}

int runCheck(int argc, char** argv)
{
    const auto parsed = parseCheckArgs(argc, argv);
    if (auto done = settleParse(parsed, checkUsage))
        return *done;
    const CheckArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return kCheckFailed;

    CheckOptions options;
    options.path = args.path;
    options.format = args.format;
    options.repair = args.repair;
    options.forceShare = args.forceShare;
    NullProgress progress;
    const auto result = check(options, progress, std::stop_token{});
    if (!result) {
        printError("Could not open '" + args.path + "': " + result.error().message);
        return kCheckFailed;
    }
    const CheckReport& report = *result;
    if (!report.supported) {
        printError("This image format does not support checks");
        return kCheckUnsupported;
    }
    printFindings(report, false);
    if (report.failure) {
        printError("Check failed: " + *report.failure);
        return kCheckFailed;
    }
    if (report.doubleChecked) {
        if (!args.quiet && args.output == OutputFormat::Human)
            printOut(formatRepairSummary(report));
        printFindings(report, true);
    }
    if (!args.quiet)
        printOut(args.output == OutputFormat::Json ? formatCheckJson(report) : formatCheckHuman(report));
    if (report.checkErrors) {
        printError("Check failed");
        return kCheckFailed;
    }
    return checkExitStatus(report);
}

}  // namespace diskscope::cli
