// SPDX-License-Identifier: GPL-2.0-or-later
#include "ops/convert/copy_pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "format/qcow2/qcow2_compressor.h"
#include "util/bounded_queue.h"
#include "util/zero_detect.h"

namespace diskscope::convert_detail {
namespace {

constexpr uint64_t kChunkBytes = 2ull << 20;

enum class Op { Write, Zero, Compress };

struct Segment {
    Op op = Op::Write;
    uint64_t offset = 0;  // guest offset
    uint64_t length = 0;
};

// One run of the sources on its way to the target. Batches circulate between a free pool and
// the queues, so their buffers are allocated once.
struct Batch {
    uint64_t offset = 0;                 // guest offset of data[0]
    std::vector<uint8_t> data;           // the run's bytes (Write/Compress segments point into it)
    std::vector<Segment> segments;
    // With -c: per cluster of the Compress segments, in order, its compressed form (or
    // nothing when it does not shrink).
    std::vector<std::optional<std::vector<uint8_t>>> packed;
    bool compressed = false;             // set by a compressor thread (under Pipeline::m_readyMutex)

    std::span<const uint8_t> bytes(uint64_t guestOffset, uint64_t length) const
    {
        return std::span<const uint8_t>(data.data() + (guestOffset - offset), length);
    }
};

// Splits a data run into the ranges to write and the zero ranges between them: a block of
// `minSparse` bytes (aligned in guest terms) that is all zero is not written; data ranges are
// then rounded out to whole granules (see describeTarget in convert.cpp).
void segmentData(Batch& batch, const CopyPlan& plan, Op writeOp)
{
    const uint64_t start = batch.offset, end = batch.offset + batch.data.size();
    if (plan.minSparse == 0) {
        batch.segments.push_back({writeOp, start, end - start});
        return;
    }
    auto addData = [&](uint64_t from, uint64_t to) {
        from = std::max(start, from / plan.granule * plan.granule);
        to = std::min(end, (to + plan.granule - 1) / plan.granule * plan.granule);
        if (!batch.segments.empty() && batch.segments.back().op == writeOp &&
            batch.segments.back().offset + batch.segments.back().length >= from) {
            Segment& last = batch.segments.back();
            last.length = std::max(last.offset + last.length, to) - last.offset;
        } else {
            batch.segments.push_back({writeOp, from, to - from});
        }
    };
    uint64_t dataStart = 0;
    bool inData = false;
    for (uint64_t pos = start; pos < end;) {
        const uint64_t blockEnd = std::min(end, (pos / plan.minSparse + 1) * plan.minSparse);
        const bool zero = isAllZero(batch.bytes(pos, blockEnd - pos));
        if (!zero && !inData) {
            dataStart = pos;
            inData = true;
        } else if (zero && inData) {
            addData(dataStart, pos);
            inData = false;
        }
        pos = blockEnd;
    }
    if (inData)
        addData(dataStart, end);
    if (plan.targetReadsZero)
        return;
    // The gaps must be written as zeros.
    std::vector<Segment> all;
    uint64_t pos = start;
    for (const Segment& s : batch.segments) {
        if (s.offset > pos)
            all.push_back({Op::Zero, pos, s.offset - pos});
        all.push_back(s);
        pos = s.offset + s.length;
    }
    if (pos < end)
        all.push_back({Op::Zero, pos, end - pos});
    batch.segments = std::move(all);
}

class Pipeline {
public:
    Pipeline(SourceSpace& source, Image& target, const CopyPlan& plan)
        : m_source(source), m_target(target), m_plan(plan),
          m_threads(plan.compress ? std::max(1u, plan.compressionThreads) : 0),
          m_poolSize(plan.compress ? 2 * m_threads + 2 : 4),
          m_free(m_poolSize), m_ordered(m_poolSize), m_toCompress(m_poolSize)
    {
        for (size_t i = 0; i < m_poolSize; ++i) {
            m_pool.push_back(std::make_unique<Batch>());
            m_pool.back()->data.reserve(kChunkBytes);
            m_free.push(m_pool.back().get());
        }
    }

    Status run(ProgressSink& progress, const std::stop_token& stop)
    {
        std::vector<std::jthread> workers;
        for (unsigned i = 0; i < m_threads; ++i)
            workers.emplace_back([this] { compressLoop(); });
        std::jthread writer([this] { writeLoop(); });

        Status readStatus = readLoop(progress, stop);
        if (!readStatus.ok())
            fail(readStatus);
        m_ordered.close();
        m_toCompress.close();
        writer.join();
        for (auto& worker : workers)
            worker.join();
        std::lock_guard lock(m_errorMutex);
        return m_error;
    }

private:
    Status readLoop(ProgressSink& progress, const std::stop_token& stop)
    {
        const uint64_t size = m_source.size();
        progress.progress(0, size);
        for (uint64_t pos = 0; pos < size;) {
            if (stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "conversion cancelled");
            if (m_failed.load())
                return okStatus();  // the writer's error is reported
            const uint64_t chunkEnd = std::min(size, (pos / kChunkBytes + 1) * kChunkBytes);
            DS_ASSIGN_OR_RETURN(Run run, m_source.runAt(pos, chunkEnd - pos, m_plan.granule));
            DS_TRY(dispatch(pos, run));
            pos += run.length;
            progress.progress(pos, size);
        }
        return okStatus();
    }

    Status dispatch(uint64_t offset, const Run& run)
    {
        if (run.kind == RunKind::Backing)
            return okStatus();
        // -S 0 writes zero ranges as data: qemu-img's "fully allocates output".
        const bool fill = run.kind == RunKind::Zero && m_plan.minSparse == 0 && !m_plan.compress;
        if (run.kind == RunKind::Zero && !fill) {
            if (m_plan.targetReadsZero)
                return okStatus();
            Batch* batch = takeBatch(offset);
            if (!batch)
                return okStatus();
            batch->segments.push_back({Op::Zero, offset, run.length});
            return send(batch);
        }
        Batch* batch = takeBatch(offset);
        if (!batch)
            return okStatus();
        if (fill) {
            batch->data.assign(run.length, 0);
            batch->segments.push_back({Op::Write, offset, run.length});
            return send(batch);
        }
        batch->data.resize(run.length);
        if (Status read = m_source.read(offset, batch->data); !read.ok()) {
            m_free.push(batch);
            return read;
        }
        segmentData(*batch, m_plan, m_plan.compress ? Op::Compress : Op::Write);
        if (batch->segments.empty()) {
            m_free.push(batch);
            return okStatus();
        }
        return send(batch);
    }

    Batch* takeBatch(uint64_t offset)
    {
        auto batch = m_free.pop();
        if (!batch)
            return nullptr;  // closed after a failure
        Batch* b = *batch;
        b->offset = offset;
        b->data.clear();
        b->segments.clear();
        b->packed.clear();
        b->compressed = false;
        return b;
    }

    Status send(Batch* batch)
    {
        const bool needsCompression = std::any_of(batch->segments.begin(), batch->segments.end(),
                                                  [](const Segment& s) { return s.op == Op::Compress; });
        if (!needsCompression) {
            std::lock_guard lock(m_readyMutex);
            batch->compressed = true;
        }
        if (!m_ordered.push(batch))
            return okStatus();
        if (needsCompression)
            m_toCompress.push(batch);
        return okStatus();
    }

    void compressLoop()
    {
        qcow2::Compressor compressor(m_plan.deflate);
        std::vector<uint8_t> padded;  // only for a partial last cluster
        while (auto next = m_toCompress.pop()) {
            Batch* batch = *next;
            for (const Segment& s : batch->segments) {
                if (s.op != Op::Compress || m_failed.load())
                    continue;
                for (uint64_t at = s.offset; at < s.offset + s.length; at += m_plan.cluster) {
                    const uint64_t n = std::min(m_plan.cluster, s.offset + s.length - at);
                    std::span<const uint8_t> cluster = batch->bytes(at, n);
                    if (n < m_plan.cluster) {
                        // The last cluster of an image may be partial: compressed padded with zeros.
                        padded.assign(m_plan.cluster, 0);
                        std::memcpy(padded.data(), cluster.data(), n);
                        cluster = padded;
                    }
                    auto packed = compressor.compress(m_plan.compressionType, cluster);
                    if (!packed.ok()) {
                        fail(std::move(packed).error());
                        break;
                    }
                    batch->packed.push_back(std::move(packed).value());
                }
            }
            std::lock_guard lock(m_readyMutex);
            batch->compressed = true;
            m_ready.notify_all();
        }
    }

    void writeLoop()
    {
        while (auto next = m_ordered.pop()) {
            Batch* batch = *next;
            {
                std::unique_lock lock(m_readyMutex);
                m_ready.wait(lock, [&] { return batch->compressed || m_failed.load(); });
            }
            if (!m_failed.load()) {
                if (Status s = store(*batch); !s.ok())
                    fail(std::move(s));
            }
            m_free.push(batch);
        }
    }

    Status store(const Batch& batch)
    {
        size_t packedIndex = 0;
        for (const Segment& s : batch.segments) {
            switch (s.op) {
            case Op::Write:
                DS_TRY(m_target.write(s.offset, batch.bytes(s.offset, s.length)));
                break;
            case Op::Zero:
                DS_TRY(m_target.writeZeroes(s.offset, s.length, true));
                break;
            case Op::Compress:
                for (uint64_t at = s.offset; at < s.offset + s.length; at += m_plan.cluster) {
                    const uint64_t n = std::min(m_plan.cluster, s.offset + s.length - at);
                    const auto& packed = batch.packed.at(packedIndex++);
                    if (packed)
                        DS_TRY(m_target.writeCompressedCluster(at, *packed));
                    else  // does not shrink: stored plain, as qemu-img does
                        DS_TRY(m_target.write(at, batch.bytes(at, n)));
                }
                break;
            }
        }
        return okStatus();
    }

    void fail(Status status)
    {
        {
            std::lock_guard lock(m_errorMutex);
            if (m_error.ok())
                m_error = std::move(status);
        }
        m_failed.store(true);
        {
            std::lock_guard lock(m_readyMutex);
            m_ready.notify_all();
        }
        m_free.close();  // wakes the reader waiting for a batch
    }

    SourceSpace& m_source;
    Image& m_target;
    const CopyPlan& m_plan;
    const unsigned m_threads;
    const size_t m_poolSize;
    std::vector<std::unique_ptr<Batch>> m_pool;
    BoundedQueue<Batch*> m_free, m_ordered, m_toCompress;
    std::mutex m_readyMutex;
    std::condition_variable m_ready;
    std::atomic<bool> m_failed{false};
    std::mutex m_errorMutex;
    Status m_error;
};

}  // namespace

Status copyAll(SourceSpace& source, Image& target, const CopyPlan& plan, ProgressSink& progress,
               std::stop_token stop)
{
    Pipeline pipeline(source, target, plan);
    return pipeline.run(progress, stop);
}

}  // namespace diskscope::convert_detail
