// SPDX-License-Identifier: GPL-2.0-or-later
// Parsing qemu-img's -l argument and picking the snapshot it names.
#include "diskscope/snapshot_selector.h"

#include <algorithm>

#include "util/option_list.h"

namespace diskscope {
namespace {
constexpr std::string_view kPrefix = "snapshot.";
}  // namespace

Result<SnapshotSelector> parseSnapshotSelector(std::string_view text)
{
    SnapshotSelector selector;
    if (text.substr(0, kPrefix.size()) != kPrefix) {
        selector.idOrName = std::string(text);
        return selector;
    }
    for (const std::string& part : splitOptionList(text)) {
        if (part.empty())
            continue;  // "snapshot.id=1," is accepted
        const size_t eq = part.find('=');
        const std::string key = part.substr(0, eq);
        // A key without a value is QEMU's short form of key=on.
        std::string value = eq == std::string::npos ? "on" : part.substr(eq + 1);
        if (key == "snapshot.id")
            selector.id = std::move(value);
        else if (key == "snapshot.name")
            selector.name = std::move(value);
        else
            return makeError(ErrorCode::InvalidArgument, "Invalid parameter '" + key +
                                                             "'\nFailed in parsing snapshot param '" +
                                                             std::string(text) + "'");
    }
    return selector;
}

const SnapshotInfo* findSnapshot(const std::vector<SnapshotInfo>& snapshots, const SnapshotSelector& selector)
{
    auto first = [&](auto matches) -> const SnapshotInfo* {
        auto it = std::find_if(snapshots.begin(), snapshots.end(), matches);
        return it == snapshots.end() ? nullptr : &*it;
    };
    if (selector.idOrName) {
        const std::string& key = *selector.idOrName;
        if (const SnapshotInfo* byId = first([&](const SnapshotInfo& s) { return s.id == key; }))
            return byId;
        return first([&](const SnapshotInfo& s) { return s.name == key; });
    }
    if (!selector.id && !selector.name)
        return nullptr;
    return first([&](const SnapshotInfo& s) {
        return (!selector.id || s.id == *selector.id) && (!selector.name || s.name == *selector.name);
    });
}

}  // namespace diskscope
