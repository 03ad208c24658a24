// SPDX-License-Identifier: GPL-2.0-or-later
// Decompression of one compressed qcow2 cluster: raw deflate (compression type zlib) or a zstd frame.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "diskscope/error.h"
#include "format/qcow2/qcow2_format.h"

namespace diskscope::qcow2 {

// Owns the codec state (reused across clusters); single-threaded like the image that owns it.
class Decompressor {
public:
    Decompressor();
    ~Decompressor();
    Decompressor(Decompressor&&) noexcept;
    Decompressor& operator=(Decompressor&&) noexcept;

    // Fills all of `out` (one cluster) from `in`, which may carry trailing slack (the rest of
    // the last sector). Output is bounded by out.size(), whatever the stream claims: a stream
    // that would produce more is cut at one cluster, as QEMU does; one that produces less is an error.
    Status decompress(CompressionType type, std::span<const uint8_t> in, std::span<uint8_t> out);

private:
    struct Codecs;
    std::unique_ptr<Codecs> m_codecs;
};

}  // namespace diskscope::qcow2
