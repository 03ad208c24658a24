// SPDX-License-Identifier: GPL-2.0-or-later
// The internal snapshot table: one variable-length entry per snapshot.
//
//  off len field                       off len field (extra data, if present)
//    0  8  L1 table offset              40  8  vm_state_size_large
//    8  4  L1 entries                   48  8  disk size (virtual size at snapshot time)
//   12  2  id length                    56  8  icount (all ones: none)
//   14  2  name length               40+extra  id, then name; entry padded to 8 bytes
//   16  4  date, seconds
//   20  4  date, nanoseconds
//   24  8  VM clock, nanoseconds
//   32  4  VM state size (32 bit)
//   36  4  extra data size
#pragma once

#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "diskscope/image_info.h"
#include "format/qcow2/qcow2_header.h"

namespace diskscope::qcow2 {

// Reads the header's snapshot table, bounded by QEMU's limits (65536 entries, 64 MiB,
// 1 KiB of extra data per entry) and by the end of the file.
// `tableBytes`, when given, receives the table's length in the file.
Result<std::vector<SnapshotInfo>> readSnapshotTable(HostFile& file, uint64_t fileSize,
                                                    const Header& header, uint64_t* tableBytes = nullptr);

}  // namespace diskscope::qcow2
