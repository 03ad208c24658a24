// SPDX-License-Identifier: GPL-2.0-or-later
// The clusters each internal snapshot holds alone: a walk of each snapshot's L1 and L2 tables,
// its references per host cluster compared with the stored refcounts.
#pragma once

#include <stop_token>
#include <vector>

#include "diskscope/host_file.h"
#include "diskscope/ops/snapshot_space.h"
#include "diskscope/progress.h"

namespace diskscope::qcow2 {

Result<std::vector<SnapshotSpace>> snapshotSpace(HostFile& file, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope::qcow2
