// SPDX-License-Identifier: GPL-2.0-or-later
// What the refcount views colour a host cluster by: free, refcount 1, shared (2, 3 or more:
// snapshots), leaked; and the histogram's buckets of refcount values.
#pragma once

#include <QVector>
#include <vector>

#include "diskscope/refcount_usage.h"
#include "maps/MapColors.h"

namespace diskscope::ui {

enum class RefcountClass : uint8_t { Free = 0, One, Two, ThreeOrMore, Leaked, BeyondFile, Count };

QVector<MapClass> refcountClasses();
// One class per host cluster of the file (leaks win over their refcount).
std::vector<uint8_t> refcountClassOfClusters(const RefcountUsage& usage);

// A histogram bar: clusters whose refcount lies in [low, high].
struct RefcountBucket {
    uint64_t low = 0;
    uint64_t high = 0;
    uint64_t clusters = 0;
    QString label;  // "0", "1", "2", "3", "4–7", ...
};
// 0, 1, 2 and 3 alone (up to the highest value present), then the power-of-two ranges
// (4–7, 8–15, ...) that hold clusters.
QVector<RefcountBucket> refcountBuckets(const std::map<uint64_t, uint64_t>& histogram);

}  // namespace diskscope::ui
