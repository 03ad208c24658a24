// SPDX-License-Identifier: GPL-2.0-or-later
// The bench command: qemu-img bench's argument checks and messages, then COUNT requests of
// BUFFER_SIZE bytes, STEP_SIZE apart (wrapping at the end of the image), timed like qemu-img.
#include "cmd_bench.h"

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "diskscope/chain.h"
#include "option_parser.h"
#include "size_parse.h"

namespace diskscope::cli {
namespace {

enum : int { kOptionPattern = 256, kOptionFlushInterval, kOptionNoDrain };

const option kBenchOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"flush-interval", required_argument, nullptr, kOptionFlushInterval},
    {"pattern", required_argument, nullptr, kOptionPattern},
    {"no-drain", no_argument, nullptr, kOptionNoDrain},
    {"force-share", no_argument, nullptr, 'U'},
    {nullptr, 0, nullptr, 0},
};

// qemu_strtoul(text, NULL, 0, &res) with res <= limit: base prefixes (0x, leading 0 = octal),
// leading blanks and a sign as strtoul takes them, nothing after the number. A minus sign
// wraps to a huge value and so fails the limit, as in qemu ("-0" stays 0).
std::optional<uint64_t> parseUnsigned(const char* text, uint64_t limit)
{
    if (!text || !*text)
        return std::nullopt;
    errno = 0;
    char* end = nullptr;
    unsigned long long value = std::strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || value > limit)
        return std::nullopt;
    return value;
}

// cvtnum_full(name, text, 0, max): qemu-img's size syntax and its two messages.
std::optional<uint64_t> parseBenchSize(const char* text, const char* name, uint64_t max, std::string& error,
                                       std::string& warning)
{
    SizeArgument size = parseSizeArgument(text, name);
    if (!size.bytes) {
        error = size.error;
        return std::nullopt;
    }
    if (*size.bytes > max) {
        error = "Invalid " + std::string(name) + " specified. Must be between 0 and " + std::to_string(max) + ".";
        return std::nullopt;
    }
    if (!size.warning.empty())
        warning += size.warning + "\n";
    return size.bytes;
}

std::optional<BenchCache> parseCacheMode(std::string_view mode)
{
    if (mode == "none" || mode == "off")
        return BenchCache::None;
    if (mode == "directsync")
        return BenchCache::DirectSync;
    if (mode == "writeback")
        return BenchCache::Writeback;
    if (mode == "unsafe")
        return BenchCache::Unsafe;
    if (mode == "writethrough")
        return BenchCache::Writethrough;
    return std::nullopt;
}

// Guest offset of request `index`: qemu-img adds the step and wraps with `% image_size` after
// each request, which is (offset + index * step) % size for every request but the first.
// No overflow: offset <= INT64_MAX and index * step < 2^62.
uint64_t requestOffset(const BenchArgs& args, uint64_t index, uint64_t imageSize)
{
    if (index == 0 || imageSize == 0)
        return args.offset;
    return (args.offset + index * args.step()) % imageSize;
}

bool pastTheEnd(uint64_t at, uint32_t bytes, uint64_t imageSize) { return at > imageSize || bytes > imageSize - at; }

// Read threads for a depth above 1: qemu-img keeps DEPTH reads in flight on its thread pool;
// here each worker has its own read-only open of the chain (the engine's caches are per image)
// and takes every n-th request. Writes stay on one thread: one writer owns the image.
constexpr unsigned kMaxReadThreads = 4;

unsigned readThreads(const BenchArgs& args)
{
    if (args.write || args.depth < 2 || args.count < 2)
        return 1;
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return std::min({args.depth, cores, kMaxReadThreads, args.count});
}

}  // namespace

std::string benchUsage()
{
    return "usage: diskscope-img bench [-c COUNT] [-d DEPTH] [-f FMT] [--flush-interval=N] [-i AIO] [-n]\n"
           "                           [--no-drain] [-o OFFSET] [--pattern=PATTERN] [-q] [-s BUFFER_SIZE]\n"
           "                           [-S STEP_SIZE] [-t CACHE] [-w] [-U] FILE\n"
           "Time COUNT reads (or writes with -w) of BUFFER_SIZE bytes each, as qemu-img bench does.\n"
           "Request i goes to OFFSET + i * STEP_SIZE, wrapped at the end of the image.\n\n"
           "  -c COUNT             requests in all (default 75000)\n"
           "  -d DEPTH             requests in flight (default 64). Reads use up to min(DEPTH, cores, 4)\n"
           "                       threads, each with its own open of the image; writes run one\n"
           "                       after another whatever the depth (the engine has one writer)\n"
           "  -f FMT               image format (raw or qcow2); probed when absent\n"
           "  --flush-interval=N   flush after every N requests (write runs only, N >= DEPTH)\n"
           "  -i AIO               threads or io_uring (accepted, same synchronous I/O); native\n"
           "  -n                   native AIO: needs O_DIRECT, so it is refused like -t none\n"
           "  --no-drain           flush without waiting for requests in flight (no difference here)\n"
           "  -o OFFSET            offset of the first request (default 0)\n"
           "  --pattern=PATTERN    byte value written by -w (default 0)\n"
           "  -q                   accepted; the two lines are printed anyway, as by qemu-img\n"
           "  -s BUFFER_SIZE       bytes per request (default 4 KiB)\n"
           "  -S STEP_SIZE         distance between request offsets (default BUFFER_SIZE)\n"
           "  -t CACHE             writeback (default: one flush when the image is closed),\n"
           "                       writethrough (flush after every write), unsafe (no fdatasync at\n"
           "                       all); none and directsync need O_DIRECT and are refused\n"
           "  -w                   write instead of read (opens the image for writing)\n"
           "  -U, --force-share    read an image another process holds (not with -w)\n"
           "  -h, --help           show this help\n\n"
           "\"Run completed in\" times the requests only, as qemu-img does: the final flush and close\n"
           "of a write run come after it.\n";
}

ParseResult<BenchArgs> parseBenchArgs(int argc, char** argv)
{
    ParseResult<BenchArgs> result;
    BenchArgs& args = result.args;
    OptionParser parser(argc, argv, "hc:d:f:ni:o:qs:S:t:wU", kBenchOptions);
    auto fail = [&](std::string message) {
        result.error = std::move(message);
        result.action = ParseResult<BenchArgs>::Action::Fail;
        return result;
    };
    for (int code = parser.next(); code != -1; code = parser.next()) {
        switch (code) {
        case 'h':
            result.action = ParseResult<BenchArgs>::Action::ShowHelp;
            return result;
        case 'c': {
            auto value = parseUnsigned(parser.argument(), INT_MAX);
            if (!value)
                return fail("Invalid request count specified");
            args.count = static_cast<uint32_t>(*value);
            break;
        }
        case 'd': {
            // qemu-img 7.2 accepts -d 0 and then waits forever for requests it never sends.
            auto value = parseUnsigned(parser.argument(), INT_MAX);
            if (!value || *value == 0)
                return fail("Invalid queue depth specified");
            args.depth = static_cast<uint32_t>(*value);
            break;
        }
        case 'f':
            args.format = parser.argument();
            break;
        case 'n':
            args.nativeAio = true;
            break;
        case 'i': {
            std::string_view aio = parser.argument();
            if (aio != "threads" && aio != "native" && aio != "io_uring")
                return fail("Invalid aio option: " + std::string(aio));
            args.aio = aio;
            args.nativeAio = aio == "native";
            break;
        }
        case 'o': {
            auto value = parseBenchSize(parser.argument(), "offset", INT64_MAX, result.error, result.warning);
            if (!value)
                return fail(result.error);
            args.offset = *value;
            break;
        }
        case 'q':
            args.quiet = true;
            break;
        case 's': {
            auto value = parseBenchSize(parser.argument(), "buffer size", INT_MAX, result.error, result.warning);
            if (!value)
                return fail(result.error);
            args.bufferSize = static_cast<uint32_t>(*value);
            break;
        }
        case 'S': {
            auto value = parseBenchSize(parser.argument(), "step_size", INT_MAX, result.error, result.warning);
            if (!value)
                return fail(result.error);
            args.stepSize = static_cast<uint32_t>(*value);
            break;
        }
        case 't': {
            auto cache = parseCacheMode(parser.argument());
            if (!cache)
                return fail("Invalid cache mode");
            args.cache = *cache;
            break;
        }
        case 'w':
            args.write = true;
            break;
        case 'U':
            args.forceShare = true;
            break;
        case kOptionPattern: {
            auto value = parseUnsigned(parser.argument(), 0xff);
            if (!value)
                return fail("Invalid pattern byte specified");
            args.pattern = static_cast<uint8_t>(*value);
            break;
        }
        case kOptionFlushInterval: {
            auto value = parseUnsigned(parser.argument(), INT_MAX);
            if (!value)
                return fail("Invalid flush interval specified");
            args.flushInterval = static_cast<uint32_t>(*value);
            break;
        }
        case kOptionNoDrain:
            args.drainOnFlush = false;
            break;
        default:
            result.suggestHelp = true;
            return fail(parser.error());
        }
    }
    const auto operands = parser.operands();
    if (operands.size() != 1) {
        result.suggestHelp = true;
        return fail("Expecting one image file name");
    }
    args.path = operands.front();
    // qemu-img checks these two after the file name, in this order.
    if (!args.write && args.flushInterval)
        return fail("--flush-interval is only available in write tests");
    if (args.flushInterval && args.flushInterval < args.depth)
        return fail("Flush interval can't be smaller than depth");
    result.action = ParseResult<BenchArgs>::Action::Run;
    return result;
}

std::string formatBenchHeader(const BenchArgs& args)
{
    char line[256];
    std::snprintf(line, sizeof line,
                  "Sending %u %s requests, %u bytes each, %u in parallel (starting at offset %llu, step size %u)\n",
                  args.count, args.write ? "write" : "read", args.bufferSize, args.depth,
                  static_cast<unsigned long long>(args.offset), args.step());
    std::string out = line;
    if (args.flushInterval) {
        std::snprintf(line, sizeof line, "Sending flush every %u requests\n", args.flushInterval);
        out += line;
    }
    return out;
}

std::string formatBenchCompleted(double seconds)
{
    char line[64];
    std::snprintf(line, sizeof line, "Run completed in %3.3f seconds.\n", seconds);
    return line;
}

int runBench(int argc, char** argv)
{
    const auto parsed = parseBenchArgs(argc, argv);
    if (parsed.action == ParseResult<BenchArgs>::Action::ShowHelp) {
        printOut(benchUsage());
        return 0;
    }
    if (!parsed.warning.empty())
        printError(parsed.warning.substr(0, parsed.warning.size() - 1));
    if (parsed.action == ParseResult<BenchArgs>::Action::Fail)
        return reportParseFailure(parsed.error, parsed.suggestHelp);
    const BenchArgs& args = parsed.args;
    if (refuseUnknownFormat(args.path, args.format))
        return 1;
    // Every read and write goes through the page cache; O_DIRECT is not implemented.
    if (args.cache == BenchCache::None || args.cache == BenchCache::DirectSync) {
        printError("Could not open '" + args.path + "': cache mode '" +
                   (args.cache == BenchCache::None ? "none" : "directsync") +
                   "' needs O_DIRECT, which diskscope-img does not support (use writeback, writethrough or unsafe)");
        return 1;
    }
    if (args.nativeAio) {  // qemu-img's own refusal without -t none
        printError("Could not open '" + args.path +
                   "': aio=native was specified, but it requires cache.direct=on, which was not specified.");
        return 1;
    }

    OpenOptions open;
    open.format = args.format;
    open.forceShare = args.forceShare;
    open.writable = args.write;
    open.noFlush = args.cache == BenchCache::Unsafe;
    auto chain = Chain::open(args.path, open);
    if (!chain) {
        printError(describe(chain.error()));
        return 1;
    }
    Image& image = (*chain)->top();
    const uint64_t imageSize = (*chain)->virtualSize();

    // Extra read-only opens for the read threads, before the timed part (qemu-img opens once).
    const unsigned threads = readThreads(args);
    std::vector<std::unique_ptr<Chain>> readers;
    for (unsigned t = 1; t < threads; ++t) {
        auto reader = Chain::open(args.path, open);
        if (!reader) {
            printError(describe(reader.error()));
            return 1;
        }
        readers.push_back(std::move(reader).value());
    }

    printOut(formatBenchHeader(args));
    // One buffer per thread: the DEPTH buffers qemu-img fills are not needed.
    std::vector<uint8_t> buffer(args.bufferSize, args.pattern);
    const bool writethrough = args.cache == BenchCache::Writethrough;
    Status failed;

    const auto started = std::chrono::steady_clock::now();
    if (threads > 1) {
        // Worker t reads requests t, t + n, t + 2n...; any failure is reported once.
        std::vector<Status> results(threads);
        std::vector<char> pastEnd(threads, 0);  // qemu's -EIO for a request past the end
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            Chain& reader = t == 0 ? **chain : *readers[t - 1];
            workers.emplace_back([&, t, &reader = reader] {
                std::vector<uint8_t> own(args.bufferSize);
                for (uint64_t i = t; i < args.count; i += threads) {
                    const uint64_t at = requestOffset(args, i, imageSize);
                    if (pastTheEnd(at, args.bufferSize, imageSize)) {
                        pastEnd[t] = 1;
                        results[t] = makeError(ErrorCode::IoError, "request past the end", args.path);
                        return;
                    }
                    if (Status status = reader.read(at, own); !status.ok()) {
                        results[t] = status;
                        return;
                    }
                }
            });
        }
        for (std::thread& worker : workers)
            worker.join();
        for (unsigned t = 0; t < threads && failed.ok(); ++t) {
            if (!results[t].ok()) {
                failed = results[t];
                printError(pastEnd[t] ? std::string("Failed request: Input/output error")
                                      : "Failed request: " + describe(failed.error()));
            }
        }
    }
    for (uint32_t done = 0; threads == 1 && done < args.count; ++done) {
        const uint64_t at = requestOffset(args, done, imageSize);
        if (pastTheEnd(at, args.bufferSize, imageSize)) {
            // qemu's block layer answers a request past the end with -EIO; so does this.
            printError("Failed request: Input/output error");
            failed = makeError(ErrorCode::IoError, "request past the end", args.path);
            break;
        }
        Status status = args.write ? image.write(at, buffer) : (*chain)->read(at, buffer);
        // qemu-img counts requests not yet sent; a flush falls where that count is a multiple
        // of the interval (the last one at the end of the run, inside the timed part).
        if (status.ok() && args.write &&
            (writethrough || (args.flushInterval && (args.count - done - 1) % args.flushInterval == 0)))
            status = image.flush();
        if (!status.ok()) {
            printError("Failed request: " + describe(status.error()));
            failed = status;
            break;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (failed.ok())
        printOut(formatBenchCompleted(seconds));

    // Outside the timed part, as in qemu-img, whose final flush happens when it closes the image.
    if (Status closed = image.close(); !closed.ok()) {
        printError(describe(closed.error()));
        return 1;
    }
    return failed.ok() ? 0 : 1;
}

}  // namespace diskscope::cli
