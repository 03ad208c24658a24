// SPDX-License-Identifier: GPL-2.0-or-later
// snapshot_space: opens one image read-only (reader lock, or shared with -U) and walks its
// snapshots. Backing and data files are not opened: only this file's clusters are counted.
#include "diskscope/ops/snapshot_space.h"

#include "diskscope/host_file.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_snapshot_space.h"

namespace diskscope {

Result<std::vector<SnapshotSpace>> snapshotSpace(const SnapshotSpaceOptions& options, ProgressSink& progress,
                                                 std::stop_token stop)
{
    DS_ASSIGN_OR_RETURN(auto file, openPosixFile(options.path, HostOpenMode::ReadOnly));
    std::string format;
    if (options.format) {
        format = *options.format;
    } else {
        DS_ASSIGN_OR_RETURN(format, probeFormat(*file));
    }
    if (format != "raw" && format != "qcow2")
        return makeError(ErrorCode::Unsupported, "Unknown driver '" + format + "'", options.path);
    const bool raw = format == "raw";
    DS_TRY(file->lock(options.forceShare ? LockProfile::SharedRead : raw ? LockProfile::RawReader : LockProfile::Reader));
    if (raw)
        return std::vector<SnapshotSpace>{};
    return qcow2::snapshotSpace(*file, progress, std::move(stop));
}

}  // namespace diskscope
