// SPDX-License-Identifier: GPL-2.0-or-later
// Which internal snapshot to read instead of the active state (qemu-img's `-l SNAPSHOT`).
//
// Use: parse the user's text with parseSnapshotSelector() and put the result in
// OpenOptions::snapshot (diskscope/chain.h). Chain::open then opens the top image read-only
// showing the guest content of that snapshot: its L1 table, read through the same backing
// chain, with the image's current virtual size (as qemu-img 7.2 does: a snapshot taken
// before a resize reads as zeros beyond its old end). Errors carry qemu-img's messages and
// no path, as qemu-img prints them: "Failed to load snapshot: Can't find snapshot".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/image_info.h"

namespace diskscope {

struct SnapshotSelector {
    // `-l snapshot.id=ID,snapshot.name=NAME`: every key given must match the same snapshot.
    std::optional<std::string> id;
    std::optional<std::string> name;
    // `-l SNAPSHOT`: looked up as an id first, then as a name (measured on qemu-img 7.2).
    std::optional<std::string> idOrName;
};

// Parses `-l` text. Text starting with "snapshot." is a comma-separated list of
// snapshot.id= / snapshot.name= (",," is a literal comma, the last value of a key wins);
// any other text is a plain id-or-name. Unknown keys fail with qemu-img's two lines:
// "Invalid parameter 'snapshot.x'\nFailed in parsing snapshot param 'TEXT'".
Result<SnapshotSelector> parseSnapshotSelector(std::string_view text);

// The first snapshot the selector picks, or nullptr.
const SnapshotInfo* findSnapshot(const std::vector<SnapshotInfo>& snapshots, const SnapshotSelector& selector);

}  // namespace diskscope
