// SPDX-License-Identifier: GPL-2.0-or-later
// Formatting of the internal snapshot list with qemu-img's column widths.
#include "snapshot_table.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "size_format.h"

namespace diskscope::cli {

std::string formatVmClock(uint64_t nanoseconds)
{
    const uint64_t totalSeconds = nanoseconds / 1000000000u;
    const uint64_t milliseconds = (nanoseconds / 1000000u) % 1000u;
    char text[64];
    std::snprintf(text, sizeof text, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%03" PRIu64, totalSeconds / 3600,
                  (totalSeconds / 60) % 60, totalSeconds % 60, milliseconds);
    return text;
}

std::string formatSnapshotRow(const SnapshotInfo& snapshot)
{
    const time_t seconds = static_cast<time_t>(snapshot.dateSeconds);
    struct tm local {};
    localtime_r(&seconds, &local);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &local);

    const std::string icount = snapshot.icount ? std::to_string(*snapshot.icount) : std::string();
    // The header's ID column is 10 wide but rows use 9 plus a space, so an id of ten
    // characters still leaves a gap before the tag.
    const std::string vmStateSize = formatHumanSize(snapshot.vmStateSize);
    const std::string clock = formatVmClock(snapshot.vmClockNanoseconds);
    const int length = std::snprintf(nullptr, 0, "%-9s %-16s %8s%20s%13s%11s", snapshot.id.c_str(),
                                     snapshot.name.c_str(), vmStateSize.c_str(), date, clock.c_str(), icount.c_str());
    std::string row(static_cast<size_t>(length), '\0');
    std::snprintf(row.data(), row.size() + 1, "%-9s %-16s %8s%20s%13s%11s", snapshot.id.c_str(), snapshot.name.c_str(),
                  vmStateSize.c_str(), date, clock.c_str(), icount.c_str());
    return row;
}

std::string formatSnapshotTable(const std::vector<SnapshotInfo>& snapshots)
{
    char header[128];
    std::snprintf(header, sizeof header, "%-10s%-17s%8s%20s%13s%11s", "ID", "TAG", "VM SIZE", "DATE", "VM CLOCK",
                  "ICOUNT");
    std::string out = "Snapshot list:\n";
    out += header;
    out += '\n';
    for (const SnapshotInfo& snapshot : snapshots) {
        out += formatSnapshotRow(snapshot);
        out += '\n';
    }
    return out;
}

}  // namespace diskscope::cli
