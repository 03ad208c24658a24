// SPDX-License-Identifier: GPL-2.0-or-later
// Error reporting and small argument checks shared by the commands.
#include "cli_common.h"

#include <cstdio>

#include "terminal_text.h"

namespace diskscope::cli {

void printError(std::string_view message)
{
    std::fflush(stdout);
    size_t start = 0;
    while (true) {
        const size_t end = message.find('\n', start);
        const std::string_view line = message.substr(start, end == std::string_view::npos ? end : end - start);
        const std::string safe = terminalSafe(line);
        std::fprintf(stderr, "%s: %s\n", kProgramName, safe.c_str());
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
}

int usageError(std::string_view message)
{
    printError(message);
    std::fprintf(stderr, "Try '%s --help' for more information\n", kProgramName);
    return 1;
}

void printOut(std::string_view text)
{
    const std::string safe = terminalSafe(text);
    std::fwrite(safe.data(), 1, safe.size(), stdout);
    std::fflush(stdout);
}

std::optional<OutputFormat> parseOutputFormat(std::string_view text)
{
    if (text == "human")
        return OutputFormat::Human;
    if (text == "json")
        return OutputFormat::Json;
    return std::nullopt;
}

bool isKnownImageFormat(std::string_view format) { return format == "raw" || format == "qcow2"; }

std::string unknownDriverMessage(std::string_view path, std::string_view format)
{
    return std::string(path) + ": Unknown driver '" + std::string(format) + "'";
}

int reportParseFailure(const std::string& error, bool suggestHelp)
{
    if (suggestHelp)
        return usageError(error);
    printError(error);
    return 1;
}

bool refuseUnknownFormat(std::string_view path, const std::optional<std::string>& format)
{
    if (!format || isKnownImageFormat(*format))
        return false;
    printError(unknownDriverMessage(path, *format));
    return true;
}

bool isCacheModeName(std::string_view mode)
{
    return mode == "none" || mode == "off" || mode == "writeback" || mode == "writethrough" || mode == "directsync" ||
           mode == "unsafe";
}

}  // namespace diskscope::cli
