// SPDX-License-Identifier: GPL-2.0-or-later
// The persistent dirty bitmap directory, parsed for info (names, granularity, flags).
//
// Directory entry: table offset u64, table entries u32, flags u32 (bit 0 in_use, 1 auto,
// 2 extra_data_compatible), type u8 (1 = dirty tracking), granularity_bits u8 (9..31),
// name length u16 (1..1023), extra data size u32, extra data, name; padded to 8 bytes.
#pragma once

#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "diskscope/image_info.h"
#include "format/qcow2/qcow2_header.h"

namespace diskscope::qcow2 {

// Reads the directory the bitmaps extension points to. Precondition: header.bitmaps is set.
Result<std::vector<BitmapInfo>> readBitmapDirectory(HostFile& file, uint64_t fileSize,
                                                    const Header& header);

}  // namespace diskscope::qcow2
