// SPDX-License-Identifier: GPL-2.0-or-later
// Encodes a qcow2::Header (fields, extensions, unknown extensions, backing name) into the
// bytes of cluster 0, laid out as qemu-img writes them; the inverse of readHeader().
#pragma once

#include <cstdint>
#include <vector>

#include "diskscope/error.h"
#include "format/qcow2/qcow2_header.h"

namespace diskscope::qcow2 {

// The feature name table qemu-img 7.2 writes into every version 3 image (8 entries, in
// this order): incompatible 0-4, compatible 0, autoclear 0-1.
std::vector<FeatureName> qemuFeatureNameTable();

// Serialises `header` into `clusterSize()` bytes:
//  - the fixed fields (72 bytes for version 2; `headerLength` bytes for version 3, with the
//    compression type at 104 when headerLength > 104 and unknownHeaderFields at 112),
//  - the extensions in qemu-img's order: backing format, data file, feature name table,
//    bitmaps, unknown extensions (in their stored order), then the end marker,
//  - the backing file name right after the end marker.
// backing_file_offset and backing_file_size are computed here, not taken from `header`.
// The crypto extension is not encoded (encrypted images are refused everywhere else).
// Fails with InvalidArgument when the result does not fit in cluster 0 or breaks QEMU's
// limits (backing name over 1023 bytes, backing format over 15 bytes).
Result<std::vector<uint8_t>> encodeHeader(const Header& header);

}  // namespace diskscope::qcow2
