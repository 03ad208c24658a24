// SPDX-License-Identifier: GPL-2.0-or-later
// `bench [-c COUNT] [-d DEPTH] [-f FMT] [-n] [-i AIO] [...] [-w] [-U] FILE`: qemu-img bench's
// options, defaults and output, timing a run of fixed-size reads or writes through the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli_common.h"

namespace diskscope::cli {

// qemu's cache modes (bdrv_parse_cache_mode). "off" is parsed as "none".
enum class BenchCache { Writeback, Writethrough, None, DirectSync, Unsafe };

struct BenchArgs {
    std::string path;
    std::optional<std::string> format;
    uint32_t count = 75000;       // -c: requests in all
    uint32_t depth = 64;          // -d: accepted, requests still run one after another
    uint64_t offset = 0;          // -o: first request's guest offset
    uint32_t bufferSize = 4096;   // -s: bytes per request
    uint32_t stepSize = 0;        // -S: distance between request starts; 0 = bufferSize
    uint8_t pattern = 0;          // --pattern: the byte written (qemu's default is 0)
    uint32_t flushInterval = 0;   // --flush-interval: flush every N requests (writes only)
    bool drainOnFlush = true;     // --no-drain clears it (no difference when sequential)
    bool write = false;           // -w
    bool nativeAio = false;       // -n or -i native
    std::string aio = "threads";  // -i: threads, native or io_uring
    BenchCache cache = BenchCache::Writeback;  // -t
    bool forceShare = false;      // -U
    bool quiet = false;           // -q: accepted; qemu-img 7.2 prints the same lines anyway

    uint32_t step() const { return stepSize ? stepSize : bufferSize; }
};

// argv[0] is "bench". Prints nothing; warnings (deprecated size spellings) come back in `warning`.
ParseResult<BenchArgs> parseBenchArgs(int argc, char** argv);
// "Sending 75000 read requests, 4096 bytes each, 64 in parallel (starting at offset 0, step size 4096)\n"
std::string formatBenchHeader(const BenchArgs& args);
// "Run completed in 1.234 seconds.\n"
std::string formatBenchCompleted(double seconds);
std::string benchUsage();
int runBench(int argc, char** argv);

}  // namespace diskscope::cli
