// SPDX-License-Identifier: GPL-2.0-or-later
// The copy at the heart of convert: this thread reads the sources in runs, compressor threads
// (with -c) compress clusters in parallel, one writer thread stores everything in guest order.
#pragma once

#include <cstdint>
#include <stop_token>

#include "diskscope/compression.h"
#include "diskscope/error.h"
#include "diskscope/image.h"
#include "diskscope/progress.h"
#include "format/qcow2/qcow2_format.h"
#include "ops/convert/source_space.h"

namespace diskscope::convert_detail {

struct CopyPlan {
    uint64_t cluster = 512;        // the target's cluster size (qcow2) or a sector (raw)
    uint64_t granule = 512;        // data is written in whole granules (see convert.cpp)
    uint64_t minSparse = 4096;     // zero blocks of this size (guest-aligned) are not written; 0: write all
    bool targetReadsZero = true;   // false: zero ranges must be written as zeros
    bool compress = false;
    qcow2::CompressionType compressionType = qcow2::CompressionType::Zlib;
    DeflateCodec deflate = DeflateCodec::Fast;
    unsigned compressionThreads = 1;
};

// Copies every byte of `source` to the same offset of `target`. Memory stays bounded by a
// fixed pool of 2 MiB batches whatever the image size.
Status copyAll(SourceSpace& source, Image& target, const CopyPlan& plan, ProgressSink& progress,
               std::stop_token stop);

}  // namespace diskscope::convert_detail
