// SPDX-License-Identifier: GPL-2.0-or-later
// Compression of one cluster for compressed writes: raw deflate (compression type zlib) with
// QEMU's parameters, or one zstd frame. The codec state is reused across clusters.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "diskscope/error.h"
#include "format/qcow2/qcow2_format.h"

namespace diskscope::qcow2 {

class Compressor {
public:
    Compressor();
    ~Compressor();
    Compressor(Compressor&&) noexcept;
    Compressor& operator=(Compressor&&) noexcept;

    // The compressed form of `cluster`, or nothing when it would not be smaller than the
    // cluster (such clusters are stored uncompressed, as qemu-img does).
    Result<std::optional<std::vector<uint8_t>>> compress(CompressionType type, std::span<const uint8_t> cluster);

private:
    struct Codecs;
    std::unique_ptr<Codecs> m_codecs;
};

}  // namespace diskscope::qcow2
