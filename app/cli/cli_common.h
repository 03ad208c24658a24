// SPDX-License-Identifier: GPL-2.0-or-later
// What every command shares: the program name, error reporting, --output and -f checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace diskscope::cli {

inline constexpr const char* kProgramName = "diskscope-img";

// Each line of `message` on stderr, prefixed "diskscope-img: " as qemu-img prefixes
// every error line.
void printError(std::string_view message);
// `message`, then "Try 'diskscope-img --help' for more information". Returns exit status 1.
int usageError(std::string_view message);
// Writes `text` to stdout as is (no newline added) and flushes, so stdout and stderr
// lines keep their order when both go to one terminal or file.
void printOut(std::string_view text);

enum class OutputFormat { Human, Json };
// "human" or "json"; anything else is nullopt.
std::optional<OutputFormat> parseOutputFormat(std::string_view text);
inline constexpr const char* kOutputFormatError = "--output must be used with human or json as argument.";

// The image formats the engine opens. qemu-img knows many more; for anything else it
// says "Unknown driver 'x'" when opening, and so do we.
bool isKnownImageFormat(std::string_view format);
std::string unknownDriverMessage(std::string_view path, std::string_view format);

// How a command's arguments turned out: run it, show its help, or fail with a message.
template <class Args>
struct ParseResult {
    enum class Action { Run, ShowHelp, Fail };
    Action action = Action::Fail;
    Args args;
    std::string error;          // Fail: message lines without the program prefix
    bool suggestHelp = false;   // Fail: add the "Try '... --help'" line (usage mistakes)
    std::string warning;        // printed before running (deprecated spellings)
};

// Prints a failed ParseResult's message and returns exit status 1.
int reportParseFailure(const std::string& error, bool suggestHelp);

// The common start of every command: prints a parse warning, then the help or the parse
// failure. Returns the exit status when the command is already done, nothing when it runs.
template <class Args>
std::optional<int> settleParse(const ParseResult<Args>& parsed, std::string (*usage)())
{
    if (!parsed.warning.empty())
        printError(parsed.warning);
    if (parsed.action == ParseResult<Args>::Action::ShowHelp) {
        printOut(usage());
        return 0;
    }
    if (parsed.action == ParseResult<Args>::Action::Fail)
        return reportParseFailure(parsed.error, parsed.suggestHelp);
    return std::nullopt;
}

// qemu-img's cache mode names (-t, -T): none, off, writeback, writethrough, directsync, unsafe.
bool isCacheModeName(std::string_view mode);

// Refuses a -f value the engine does not open, with qemu-img's message: true when refused.
bool refuseUnknownFormat(std::string_view path, const std::optional<std::string>& format);

}  // namespace diskscope::cli
