// SPDX-License-Identifier: GPL-2.0-or-later
// Writing a new raw image the way qemu-img 7.2 does (sparse, falloc or full).
#pragma once

#include <cstdint>
#include <stop_token>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "diskscope/ops/create.h"
#include "diskscope/progress.h"

namespace diskscope::raw {

// Sizes the empty `file` to `size` with `mode` (Off: sparse; Falloc: allocated, reads as
// zeros; Full: zeros written), then writes zeros over the first 4 KiB (or the whole file if
// smaller) as qemu-img's alignment probe does, so map and disk usage match qemu-img's.
// Metadata is not a raw mode (the caller refuses it). `probeWrite` false leaves the 4 KiB
// write out (qemu-img's data files in one case, see ops/create.cpp).
Status writeRawImage(HostFile& file, uint64_t size, Preallocation mode, ProgressSink& progress,
                     std::stop_token stop, bool probeWrite = true);

}  // namespace diskscope::raw

namespace diskscope {

// Allocates [offset, offset + length) of `file` on disk (posix_fallocate on the file's name;
// the file grows if needed). HostFile has no allocate call yet, so this reopens file.path().
Status preallocateRange(HostFile& file, uint64_t offset, uint64_t length);

}  // namespace diskscope
