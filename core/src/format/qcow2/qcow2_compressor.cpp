// SPDX-License-Identifier: GPL-2.0-or-later
#include "format/qcow2/qcow2_compressor.h"

#include <zlib.h>
#include <zstd.h>

#if DISKSCOPE_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#else
#include <libdeflate.h>
#endif

namespace diskscope::qcow2 {
namespace {

using Packed = std::optional<std::vector<uint8_t>>;

}  // namespace

struct Compressor::Codecs {
    z_stream zlib{};
    bool zlibReady = false;
    ZSTD_CCtx* zstd = nullptr;
#if DISKSCOPE_HAVE_ISAL
    std::vector<uint8_t> isalLevelBuffer;
#else
    libdeflate_compressor* libdeflate = nullptr;
#endif
    ~Codecs()
    {
        if (zlibReady)
            deflateEnd(&zlib);
        if (zstd)
            ZSTD_freeCCtx(zstd);
#if !DISKSCOPE_HAVE_ISAL
        if (libdeflate)
            libdeflate_free_compressor(libdeflate);
#endif
    }

    // QEMU's parameters: default level, raw deflate with a 4 KiB window, memLevel 9.
    Result<Packed> qemuDeflate(std::span<const uint8_t> in, std::vector<uint8_t>& out)
    {
        if (!zlibReady) {
            if (deflateInit2(&zlib, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY) != Z_OK)
                return makeError(ErrorCode::IoError, "cannot initialise zlib");
            zlibReady = true;
        } else {
            deflateReset(&zlib);
        }
        zlib.next_in = const_cast<Bytef*>(in.data());
        zlib.avail_in = static_cast<uInt>(in.size());
        zlib.next_out = out.data();
        zlib.avail_out = static_cast<uInt>(out.size());
        if (deflate(&zlib, Z_FINISH) != Z_STREAM_END)
            return Packed();  // did not fit
        out.resize(zlib.total_out);
        return Packed(std::move(out));
    }

    Result<Packed> fastDeflate(std::span<const uint8_t> in, std::vector<uint8_t>& out)
    {
#if DISKSCOPE_HAVE_ISAL
        if (isalLevelBuffer.empty())
            isalLevelBuffer.resize(ISAL_DEF_LVL2_DEFAULT);
        isal_zstream stream;
        isal_deflate_stateless_init(&stream);
        stream.level = 2;
        stream.level_buf = isalLevelBuffer.data();
        stream.level_buf_size = static_cast<uint32_t>(isalLevelBuffer.size());
        stream.gzip_flag = IGZIP_DEFLATE;
        stream.end_of_stream = 1;
        stream.flush = NO_FLUSH;
        stream.next_in = const_cast<uint8_t*>(in.data());
        stream.avail_in = static_cast<uint32_t>(in.size());
        stream.next_out = out.data();
        stream.avail_out = static_cast<uint32_t>(out.size());
        const int ret = isal_deflate_stateless(&stream);
        if (ret == STATELESS_OVERFLOW)
            return Packed();
        if (ret != COMP_OK)
            return makeError(ErrorCode::IoError, "ISA-L deflate failed (" + std::to_string(ret) + ")");
        out.resize(stream.total_out);
        return Packed(std::move(out));
#else
        if (!libdeflate && !(libdeflate = libdeflate_alloc_compressor(1)))
            return makeError(ErrorCode::IoError, "cannot initialise libdeflate");
        const size_t n = libdeflate_deflate_compress(libdeflate, in.data(), in.size(), out.data(), out.size());
        if (n == 0)
            return Packed();
        out.resize(n);
        return Packed(std::move(out));
#endif
    }
};

Compressor::Compressor(DeflateCodec deflate) : m_deflate(deflate), m_codecs(std::make_unique<Codecs>()) {}
Compressor::~Compressor() = default;
Compressor::Compressor(Compressor&&) noexcept = default;
Compressor& Compressor::operator=(Compressor&&) noexcept = default;

Result<Packed> Compressor::compress(CompressionType type, std::span<const uint8_t> cluster)
{
    // The stored form must be shorter than the cluster, or it is not worth a descriptor.
    std::vector<uint8_t> out(cluster.size() - 1);
    if (type == CompressionType::Zlib)
        return m_deflate == DeflateCodec::Fast ? m_codecs->fastDeflate(cluster, out)
                                               : m_codecs->qemuDeflate(cluster, out);
    if (!m_codecs->zstd && !(m_codecs->zstd = ZSTD_createCCtx()))
        return makeError(ErrorCode::IoError, "cannot initialise zstd");
    const size_t n = ZSTD_compress2(m_codecs->zstd, out.data(), out.size(), cluster.data(), cluster.size());
    if (ZSTD_isError(n))
        return Packed();  // dstSize too small: did not fit
    out.resize(n);
    return Packed(std::move(out));
}

}  // namespace diskscope::qcow2
