// SPDX-License-Identifier: GPL-2.0-or-later
// The io command: opens the image (for writing unless -r/-U), runs each -c command in order.
#include "cmd_io.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "diskscope/chain.h"
#include "option_parser.h"
#include "size_format.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

const option kIoOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"format", required_argument, nullptr, 'f'},
    {"read-only", no_argument, nullptr, 'r'},
    {"force-share", no_argument, nullptr, 'U'},
    {"cmd", required_argument, nullptr, 'c'},
    {"quiet", no_argument, nullptr, 'q'},
    {nullptr, 0, nullptr, 0},
};

// Numbers in commands: qemu-io's sizes (suffixes allowed) or a pattern byte (decimal, 0x hex).
std::optional<uint64_t> parseNumber(const std::string& text, std::string& error, const char* what)
{
    SizeArgument size = parseSizeArgument(text, what);
    if (!size.bytes)
        error = "invalid " + std::string(what) + " '" + text + "'";
    return size.bytes;
}

std::string statsLine(uint64_t bytes, double seconds)
{
    char buf[160];
    double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
    std::snprintf(buf, sizeof buf, "%s, 1 ops; %02d.%02d sec (%s/sec and %.4f ops/sec)\n",
                  formatHumanSize(bytes).c_str(), static_cast<int>(seconds), static_cast<int>(seconds * 100) % 100,
                  formatHumanSize(static_cast<uint64_t>(rate)).c_str(), seconds > 0 ? 1.0 / seconds : 0.0);
    return buf;
}

}  // namespace

std::string formatHexDump(uint64_t offset, std::span<const uint8_t> bytes)
{
    std::string out;
    for (size_t line = 0; line < bytes.size(); line += 16) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%08llx:  ", static_cast<unsigned long long>(offset + line));
        out += buf;
        const size_t n = std::min<size_t>(16, bytes.size() - line);
        for (size_t i = 0; i < n; ++i) {
            std::snprintf(buf, sizeof buf, "%02x ", bytes[line + i]);
            out += buf;
        }
        out += ' ';
        for (size_t i = 0; i < n; ++i) {
            const uint8_t c = bytes[line + i];
            out += (c >= 32 && c < 127) ? static_cast<char>(c) : '.';
        }
        out += '\n';
    }
    return out;
}

std::string ioUsage()
{
    return "usage: diskscope-img io [-f FMT] [-r] [-U] [-q] -c CMD [-c CMD]... FILE\n"
           "Run qemu-io style commands on an image, in order.\n\n"
           "  -f, --format=FMT     image format (raw or qcow2); probed when absent\n"
           "  -r, --read-only      open read-only (writes fail)\n"
           "  -U, --force-share    open read-only even if another process holds the image\n"
           "  -q, --quiet          print nothing for successful commands\n"
           "  -c, --cmd=CMD        a command:\n"
           "      read [-P PATTERN] [-v] [-q] OFFSET LENGTH read; -P checks every byte, -v dumps them\n"
           "      write [-P PATTERN] [-z [-u]] [-c] [-q] OFFSET LENGTH\n"
           "                                                write PATTERN (default 0xcd), zeros (-z,\n"
           "                                                -u may release space) or compressed (-c)\n"
           "      discard [-q] OFFSET LENGTH                release whole clusters\n"
           "      flush                                     make writes durable\n"
           "  -h, --help           show this help\n";
}

ParseResult<IoCommand> parseIoCommand(const std::string& line)
{
    ParseResult<IoCommand> result;
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    if (words.empty()) {
        result.error = "empty command";
        return result;
    }
    IoCommand& cmd = result.args;
    const std::string& name = words[0];
    if (name == "read")
        cmd.kind = IoCommand::Kind::Read;
    else if (name == "write")
        cmd.kind = IoCommand::Kind::Write;
    else if (name == "discard")
        cmd.kind = IoCommand::Kind::Discard;
    else if (name == "flush")
        cmd.kind = IoCommand::Kind::Flush;
    else {
        result.error = "command \"" + name + "\" not found";
        return result;
    }
    std::vector<std::string> operands;
    for (size_t i = 1; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w == "-P" && i + 1 < words.size()) {
            auto value = parseNumber(words[++i], result.error, "pattern");
            if (!value || *value > 255) {
                result.error = "invalid pattern '" + words[i] + "'";
                return result;
            }
            cmd.pattern = static_cast<uint8_t>(*value);
        } else if (w == "-z" && cmd.kind == IoCommand::Kind::Write) {
            cmd.zero = true;
        } else if (w == "-u" && cmd.kind == IoCommand::Kind::Write) {
            cmd.mayUnmap = true;
        } else if (w == "-c" && cmd.kind == IoCommand::Kind::Write) {
            cmd.compressed = true;
        } else if (w == "-v" && cmd.kind == IoCommand::Kind::Read) {
            cmd.dump = true;
        } else if (w == "-q") {
            cmd.quiet = true;
        } else if (w.size() > 1 && w[0] == '-' && !std::isdigit(static_cast<unsigned char>(w[1]))) {
            result.error = name + ": invalid option -- '" + w.substr(1) + "'";
            return result;
        } else {
            operands.push_back(w);
        }
    }
    if (cmd.kind == IoCommand::Kind::Flush) {
        if (!operands.empty()) {
            result.error = "flush takes no arguments";
            return result;
        }
    } else {
        if (operands.size() != 2) {
            result.error = name + ": expects OFFSET LENGTH";
            return result;
        }
        auto offset = parseNumber(operands[0], result.error, "offset");
        auto length = offset ? parseNumber(operands[1], result.error, "length") : std::nullopt;
        if (!offset || !length)
            return result;
        cmd.offset = *offset;
        cmd.length = *length;
    }
    if (cmd.zero && (cmd.pattern || cmd.compressed)) {
        result.error = "write: -z cannot be combined with -P or -c";
        return result;
    }
    if (cmd.mayUnmap && !cmd.zero) {
        result.error = "write: -u requires -z";
        return result;
    }
    result.action = ParseResult<IoCommand>::Action::Run;
    return result;
}

ParseResult<IoArgs> parseIoArgs(int argc, char** argv)
{
    ParseResult<IoArgs> result;
    OptionParser parser(argc, argv, "hf:rUqc:", kIoOptions);
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<IoArgs>::Action::ShowHelp;
            return result;
        case 'f':
            result.args.format = parser.argument();
            break;
        case 'r':
            result.args.readOnly = true;
            break;
        case 'U':
            result.args.forceShare = true;
            break;
        case 'c':
            result.args.commands.push_back(parser.argument());
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
    const auto operands = parser.operands();
    if (operands.size() != 1) {
        result.error = "Expecting one image file name";
        result.suggestHelp = true;
        return result;
    }
    result.args.path = operands.front();
    result.action = ParseResult<IoArgs>::Action::Run;
    return result;
}

int runIo(int argc, char** argv)
{
    const auto parsed = parseIoArgs(argc, argv);
    if (auto done = settleParse(parsed, ioUsage))
        return *done;
    const IoArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    // Parse every command first: a typo must not leave half the commands run.
    std::vector<IoCommand> commands;
    for (const std::string& line : args.commands) {
        auto cmd = parseIoCommand(line);
        if (cmd.action != ParseResult<IoCommand>::Action::Run) {
            printError(cmd.error);
            return 1;
        }
        commands.push_back(cmd.args);
    }

    OpenOptions open;
    open.format = args.format;
    open.forceShare = args.forceShare;
    open.writable = !args.readOnly && !args.forceShare;
    auto chain = Chain::open(args.path, open);
    if (!chain) {
        printError(describe(chain.error()));
        return 1;
    }
    Image& image = (*chain)->top();
    int status = 0;
    for (const IoCommand& cmd : commands) {
        const auto started = std::chrono::steady_clock::now();
        Status result;
        const char* verb = "wrote";
        switch (cmd.kind) {
        case IoCommand::Kind::Read: {
            verb = "read";
            std::vector<uint8_t> buffer(cmd.length);
            result = (*chain)->read(cmd.offset, buffer);
            if (result.ok() && cmd.dump)
                printOut(formatHexDump(cmd.offset, buffer));
            if (result.ok() && cmd.pattern) {
                for (uint64_t i = 0; i < buffer.size(); ++i) {
                    if (buffer[i] != *cmd.pattern) {
                        printOut("Pattern verification failed at offset " + std::to_string(cmd.offset + i) + ", " +
                                 std::to_string(cmd.length) + " bytes\n");
                        status = 1;
                        break;
                    }
                }
            }
            break;
        }
        case IoCommand::Kind::Write:
            if (cmd.zero) {
                result = image.writeZeroes(cmd.offset, cmd.length, cmd.mayUnmap);
            } else {
                std::vector<uint8_t> buffer(cmd.length, cmd.pattern.value_or(0xcd));
                result = cmd.compressed ? image.writeCompressed(cmd.offset, buffer) : image.write(cmd.offset, buffer);
            }
            break;
        case IoCommand::Kind::Discard:
            verb = "discard";
            result = image.discard(cmd.offset, cmd.length);
            break;
        case IoCommand::Kind::Flush:
            result = image.flush();
            break;
        }
        if (!result.ok()) {
            printError(describe(result.error()));
            status = 1;
            break;
        }
        if (cmd.kind != IoCommand::Kind::Flush && !cmd.quiet && !args.quiet) {
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            printOut(std::string(verb) + " " + std::to_string(cmd.length) + "/" + std::to_string(cmd.length) +
                     " bytes at offset " + std::to_string(cmd.offset) + "\n" + statsLine(cmd.length, seconds));
        }
    }
    if (Status closed = image.close(); !closed.ok()) {
        printError(describe(closed.error()));
        status = 1;
    }
    return status;
}

}  // namespace diskscope::cli
