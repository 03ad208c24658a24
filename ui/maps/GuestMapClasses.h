// SPDX-License-Identifier: GPL-2.0-or-later
// The guest map's classes: the engine's cluster states folded into what the map colours,
// the legend lists and the pyramid counts; and the hover text of one cluster.
#pragma once

#include <QString>
#include <QVector>

#include "diskscope/allocation_map.h"
#include "maps/MapColors.h"

namespace diskscope::ui {

enum class GuestClass : uint8_t {
    Pending,
    Unallocated,
    Data,
    Zero,
    Compressed,
    Mixed,
    Invalid,
    Backing1,
    Backing2,
    Backing3,  // layer 3 and deeper
    Count
};

uint8_t guestClassOf(ClusterState state);
// guestClassOf for every state value, for AllocationMap::readStates.
const uint8_t (&guestClassTable())[256];
QVector<MapClass> guestMapClasses();
// Multi-line text for a tooltip and the details line: offsets, indices, entry, refcount.
QString clusterDetailText(const ClusterDetail& detail, const AllocationMapGeometry& geometry);

}  // namespace diskscope::ui
