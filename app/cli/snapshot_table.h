// SPDX-License-Identifier: GPL-2.0-or-later
// qemu-img's internal snapshot table ("Snapshot list:"), shared by info and snapshot -l.
#pragma once

#include <string>
#include <vector>

#include "diskscope/image_info.h"

namespace diskscope::cli {

// "Snapshot list:", the column header and one row per snapshot, each line ending in
// '\n'. Dates are printed in the local time zone, as qemu-img does.
std::string formatSnapshotTable(const std::vector<SnapshotInfo>& snapshots);

// One row without the newline: id, tag, VM state size, date, VM clock, icount.
// Long ids and names are not cut; they push the rest of the row to the right.
std::string formatSnapshotRow(const SnapshotInfo& snapshot);

// "HH:MM:SS.mmm" of a VM clock in nanoseconds; hours are not wrapped at 24.
std::string formatVmClock(uint64_t nanoseconds);

}  // namespace diskscope::cli
