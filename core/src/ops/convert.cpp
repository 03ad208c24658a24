// SPDX-License-Identifier: GPL-2.0-or-later
// convert: copies a chain's guest content into a new raw image, sparse. The target is written
// under a temporary name beside it and renamed into place only when complete.
#include "diskscope/ops/convert.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "diskscope/chain.h"
#include "ops/temporary_file.h"
#include "util/bounded_queue.h"
#include "util/zero_detect.h"

namespace diskscope {
namespace {

constexpr uint64_t kChunkBytes = 2ull << 20;

// Writes the non-zero parts of `data` (guest bytes at `offset`), leaving holes for runs of
// zeros of at least `minSparse` bytes aligned to `minSparse`. minSparse 0 writes everything.
Status writeSparse(HostFile& target, uint64_t offset, std::span<const uint8_t> data, uint64_t minSparse)
{
    if (minSparse == 0)
        return target.writeAt(offset, data);
    uint64_t pos = 0;
    while (pos < data.size()) {
        // Blocks are aligned to minSparse in guest terms, so holes line up across chunks.
        auto blockEnd = [&](uint64_t p) {
            return std::min<uint64_t>(data.size(), ((offset + p) / minSparse + 1) * minSparse - offset);
        };
        uint64_t end = blockEnd(pos);
        if (isAllZero(data.subspan(pos, end - pos))) {
            pos = end;
            continue;
        }
        uint64_t runEnd = end;
        while (runEnd < data.size()) {
            uint64_t next = blockEnd(runEnd);
            if (isAllZero(data.subspan(runEnd, next - runEnd)))
                break;
            runEnd = next;
        }
        DS_TRY(target.writeAt(offset + pos, data.subspan(pos, runEnd - pos)));
        pos = runEnd;
    }
    return okStatus();
}

}  // namespace

Status convert(const ConvertOptions& options, ProgressSink& progress, std::stop_token stop)
{
    if (options.targetFormat != "raw")
        return makeError(ErrorCode::Unsupported,
                         "output format '" + options.targetFormat + "' is not supported yet (only raw)",
                         options.target);
    OpenOptions open;
    open.format = options.sourceFormat;
    open.forceShare = options.forceShare;
    DS_ASSIGN_OR_RETURN(auto chain, Chain::open(options.source, open));
    const uint64_t size = chain->virtualSize();

    // Errors on the temporary file are reported under the target's name: that is the name
    // the user gave.
    auto onTarget = [&](Error e) {
        e.path = options.target;
        return e;
    };
    TemporaryTarget temporary(temporaryNameFor(options.target));
    auto created = createPosixFile(temporary.path());
    if (!created.ok())
        return onTarget(std::move(created).error());
    auto target = std::move(created).value();
    // qemu-img's raw create writes the first 4 KiB (its alignment probe needs real blocks
    // there), so map and disk usage of the result match qemu-img's.
    if (Status s = target->writeAt(0, std::vector<uint8_t>(std::min<uint64_t>(4096, size), 0)); !s.ok())
        return onTarget(std::move(s).error());

    // Reading (this thread) and writing (a second thread) overlap: both are memory copies
    // through the page cache, so two cores nearly halve the time. Buffers circulate between
    // a free list and the work queue, so memory stays at kBuffers chunks.
    struct Chunk {
        uint64_t offset = 0;
        std::vector<uint8_t> data;
    };
    constexpr size_t kBuffers = 4;
    BoundedQueue<Chunk> work(kBuffers), free(kBuffers);
    for (size_t i = 0; i < kBuffers; ++i)
        free.push(Chunk{0, std::vector<uint8_t>(kChunkBytes)});

    Status writeStatus;
    std::jthread writer([&] {
        while (auto chunk = work.pop()) {
            if (writeStatus.ok()) {
                writeStatus = writeSparse(*target, chunk->offset, chunk->data, options.minSparse);
                if (!writeStatus.ok())
                    free.close();  // wakes the reader, which then stops
            }
            free.push(std::move(*chunk));
        }
    });
    auto finishWriter = [&] {
        work.close();
        writer.join();
        return writeStatus;
    };

    Status readStatus;
    uint64_t offset = 0;
    progress.progress(0, size);
    while (offset < size) {
        if (stop.stop_requested()) {
            readStatus = makeError(ErrorCode::Cancelled, "conversion cancelled", options.target);
            break;
        }
        auto st = chain->blockStatus(offset, std::min(kChunkBytes, size - offset));
        if (!st.ok()) {
            readStatus = std::move(st).error();
            break;
        }
        uint64_t n = st->length;
        if (st->data || options.minSparse == 0) {
            auto chunk = free.pop();
            if (!chunk)
                break;  // the writer failed
            chunk->offset = offset;
            chunk->data.resize(n);
            if (Status r = chain->read(offset, chunk->data); !r.ok()) {
                readStatus = std::move(r);
                break;
            }
            work.push(std::move(*chunk));
        }
        offset += n;
        progress.progress(offset, size);
    }
    Status written = finishWriter();
    DS_TRY(readStatus);
    if (!written.ok())
        return onTarget(std::move(written).error());
    if (Status s = target->resize(size); !s.ok())
        return onTarget(std::move(s).error());
    if (std::rename(temporary.path().c_str(), options.target.c_str()) != 0)
        return makeSystemError(errno, "cannot rename the finished image into place", options.target);
    temporary.release();
    return okStatus();
}

}  // namespace diskscope
