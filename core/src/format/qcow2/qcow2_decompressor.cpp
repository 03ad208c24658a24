// SPDX-License-Identifier: GPL-2.0-or-later
// Cluster decompression with libdeflate (fast path), zlib (QEMU's acceptance rule) and libzstd.
#include "format/qcow2/qcow2_decompressor.h"

#include <libdeflate.h>
#include <zlib.h>
#include <zstd.h>

namespace diskscope::qcow2 {

struct Decompressor::Codecs {
    libdeflate_decompressor* deflate = nullptr;
    ZSTD_DCtx* zstd = nullptr;
    ~Codecs()
    {
        if (deflate)
            libdeflate_free_decompressor(deflate);
        if (zstd)
            ZSTD_freeDCtx(zstd);
    }
};

Decompressor::Decompressor() : m_codecs(std::make_unique<Codecs>()) {}
Decompressor::~Decompressor() = default;
Decompressor::Decompressor(Decompressor&&) noexcept = default;
Decompressor& Decompressor::operator=(Decompressor&&) noexcept = default;

namespace {

Error failed(const char* what) { return makeError(ErrorCode::Corrupt, std::string("compressed cluster: ") + what); }

// QEMU inflates in one call into the cluster buffer and accepts the result when the buffer is
// full, whether or not the stream ended there. zlib reproduces that rule exactly; it is used
// when libdeflate (which wants a complete stream) declines.
Status inflateLikeQemu(std::span<const uint8_t> in, std::span<uint8_t> out)
{
    z_stream strm{};
    if (inflateInit2(&strm, -15) != Z_OK)
        return failed("cannot initialise zlib");
    strm.next_in = const_cast<Bytef*>(in.data());
    strm.avail_in = static_cast<uInt>(in.size());
    strm.next_out = out.data();
    strm.avail_out = static_cast<uInt>(out.size());
    int ret = inflate(&strm, Z_FINISH);
    bool full = strm.avail_out == 0;
    inflateEnd(&strm);
    if ((ret == Z_STREAM_END || ret == Z_BUF_ERROR) && full)
        return okStatus();
    if (ret == Z_STREAM_END)
        return failed("the deflate stream ends before the cluster is complete");
    return failed("the deflate stream is invalid");
}

}  // namespace

Status Decompressor::decompress(CompressionType type, std::span<const uint8_t> in, std::span<uint8_t> out)
{
    if (type == CompressionType::Zlib) {
        if (!m_codecs->deflate && !(m_codecs->deflate = libdeflate_alloc_decompressor()))
            return makeError(ErrorCode::IoError, "out of memory for the deflate decompressor");
        size_t actualIn = 0, actualOut = 0;
        auto r = libdeflate_deflate_decompress_ex(m_codecs->deflate, in.data(), in.size(), out.data(),
                                                  out.size(), &actualIn, &actualOut);
        if (r == LIBDEFLATE_SUCCESS && actualOut == out.size())
            return okStatus();
        if (r == LIBDEFLATE_SUCCESS)
            return failed("the deflate stream ends before the cluster is complete");
        return inflateLikeQemu(in, out);
    }

    if (!m_codecs->zstd && !(m_codecs->zstd = ZSTD_createDCtx()))
        return makeError(ErrorCode::IoError, "out of memory for the zstd decompressor");
    ZSTD_DCtx_reset(m_codecs->zstd, ZSTD_reset_session_only);
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    ZSTD_outBuffer output{out.data(), out.size(), 0};
    size_t ret = 0;
    while (output.pos < output.size) {
        size_t inBefore = input.pos, outBefore = output.pos;
        ret = ZSTD_decompressStream(m_codecs->zstd, &output, &input);
        if (ZSTD_isError(ret))
            return failed(ZSTD_getErrorName(ret));
        if (input.pos == inBefore && output.pos == outBefore)
            return failed("the zstd frame ends before the cluster is complete");
    }
    // A frame that still has data to flush is longer than a cluster: QEMU refuses it.
    if (ret != 0)
        return failed("the zstd frame is longer than one cluster");
    return okStatus();
}

}  // namespace diskscope::qcow2
