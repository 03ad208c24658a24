// SPDX-License-Identifier: GPL-2.0-or-later
#include "format/qcow2/qcow2_compressor.h"

#include <zlib.h>
#include <zstd.h>

namespace diskscope::qcow2 {

struct Compressor::Codecs {
    z_stream deflate{};
    bool deflateReady = false;
    ZSTD_CCtx* zstd = nullptr;
    ~Codecs()
    {
        if (deflateReady)
            deflateEnd(&deflate);
        if (zstd)
            ZSTD_freeCCtx(zstd);
    }
};

Compressor::Compressor() : m_codecs(std::make_unique<Codecs>()) {}
Compressor::~Compressor() = default;
Compressor::Compressor(Compressor&&) noexcept = default;
Compressor& Compressor::operator=(Compressor&&) noexcept = default;

Result<std::optional<std::vector<uint8_t>>> Compressor::compress(CompressionType type, std::span<const uint8_t> cluster)
{
    // The stored form must be shorter than the cluster, or it is not worth a descriptor.
    std::vector<uint8_t> out(cluster.size() - 1);
    if (type == CompressionType::Zlib) {
        z_stream& s = m_codecs->deflate;
        if (!m_codecs->deflateReady) {
            // QEMU's parameters: default level, raw deflate with a 4 KiB window, memLevel 9.
            if (deflateInit2(&s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY) != Z_OK)
                return makeError(ErrorCode::IoError, "cannot initialise zlib");
            m_codecs->deflateReady = true;
        } else {
            deflateReset(&s);
        }
        s.next_in = const_cast<Bytef*>(cluster.data());
        s.avail_in = static_cast<uInt>(cluster.size());
        s.next_out = out.data();
        s.avail_out = static_cast<uInt>(out.size());
        int ret = deflate(&s, Z_FINISH);
        if (ret != Z_STREAM_END)
            return std::optional<std::vector<uint8_t>>();  // did not fit
        out.resize(s.total_out);
        return std::optional<std::vector<uint8_t>>(std::move(out));
    }
    if (!m_codecs->zstd && !(m_codecs->zstd = ZSTD_createCCtx()))
        return makeError(ErrorCode::IoError, "cannot initialise zstd");
    size_t n = ZSTD_compress2(m_codecs->zstd, out.data(), out.size(), cluster.data(), cluster.size());
    if (ZSTD_isError(n))
        return std::optional<std::vector<uint8_t>>();  // dstSize too small: did not fit
    out.resize(n);
    return std::optional<std::vector<uint8_t>>(std::move(out));
}

}  // namespace diskscope::qcow2
