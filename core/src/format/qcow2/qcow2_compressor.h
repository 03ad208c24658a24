// SPDX-License-Identifier: GPL-2.0-or-later
// Compression of one cluster: raw deflate (compression type zlib) with the chosen encoder, or
// one zstd frame at zstd's default level, as QEMU writes it. The codec state is reused across
// clusters. One Compressor per thread: it is not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "diskscope/compression.h"
#include "diskscope/error.h"
#include "format/qcow2/qcow2_format.h"

namespace diskscope::qcow2 {

class Compressor {
public:
    explicit Compressor(DeflateCodec deflate = DeflateCodec::QemuExact);
    ~Compressor();
    Compressor(Compressor&&) noexcept;
    Compressor& operator=(Compressor&&) noexcept;

    // The compressed form of `cluster`, or nothing when it would not be smaller than the
    // cluster (such clusters are stored uncompressed, as qemu-img does).
    Result<std::optional<std::vector<uint8_t>>> compress(CompressionType type, std::span<const uint8_t> cluster);

private:
    struct Codecs;
    DeflateCodec m_deflate;
    std::unique_ptr<Codecs> m_codecs;
};

}  // namespace diskscope::qcow2
