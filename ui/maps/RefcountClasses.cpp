// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/RefcountClasses.h"

#include <QCoreApplication>
#include <algorithm>

namespace diskscope::ui {

QVector<MapClass> refcountClasses()
{
    // The context lupdate assigns to these tr() calls, so the translation is found.
    auto tr = [](const char* text) { return QCoreApplication::translate("diskscope::ui", text); };
    // A sequential ramp (viridis) for the refcount itself; vermillion for leaks.
    return {
        {tr("Free"), tr("Refcount 0: space inside the file nothing uses"), QColor(0xe8eaee), QColor(0x34373c), false},
        {tr("Refcount 1"), tr("Used once: by the active image or by one snapshot"), QColor(0x3b528b), QColor(0x5b7bc0), true},
        {tr("Refcount 2"), tr("Shared by two users: the active image and a snapshot, or two snapshots"), QColor(0x21918c), QColor(0x2fb5ae), true},
        {tr("Refcount 3+"), tr("Shared by three users or more"), QColor(0xb5de2b), QColor(0xc8ec52), true},
        {tr("Leaked"), tr("Refcount above the references found: check -r leaks frees it"), QColor(0xd55e00), QColor(0xff7033), true},
        {tr("Beyond the file"), tr("Entries of the block past the end of the image file"), QColor(0xf7f8fa), QColor(0x26282c), false},
    };
}

std::vector<uint8_t> refcountClassOfClusters(const RefcountUsage& usage)
{
    std::vector<uint8_t> classes(usage.refcounts.size());
    for (size_t i = 0; i < classes.size(); ++i) {
        const uint8_t rc = usage.refcounts[i];
        classes[i] = uint8_t(rc == 0 ? RefcountClass::Free
                             : rc == 1 ? RefcountClass::One
                             : rc == 2 ? RefcountClass::Two
                                       : RefcountClass::ThreeOrMore);
    }
    for (uint64_t c : usage.leakedClusters)
        if (c < classes.size())
            classes[c] = uint8_t(RefcountClass::Leaked);
    return classes;
}

QVector<RefcountBucket> refcountBuckets(const std::map<uint64_t, uint64_t>& histogram)
{
    const uint64_t highest = histogram.empty() ? 0 : histogram.rbegin()->first;
    QVector<RefcountBucket> buckets;
    for (uint64_t v = 0; v <= std::min<uint64_t>(highest, 3); ++v)
        buckets.push_back({v, v, 0, QString::number(v)});
    for (uint64_t low = 4; low != 0 && low <= highest; low *= 2) {
        const uint64_t high = low * 2 - 1;
        buckets.push_back({low, high, 0, QStringLiteral("%1–%2").arg(low).arg(high)});
    }
    for (const auto& [value, count] : histogram) {
        for (RefcountBucket& b : buckets)
            if (value >= b.low && value <= b.high)
                b.clusters += count;
    }
    // Ranges above 3 that nothing falls in are left out: a host cluster of compressed data can
    // have thousands of references, and a dozen empty bars would only push the others aside.
    buckets.erase(std::remove_if(buckets.begin(), buckets.end(),
                                 [](const RefcountBucket& b) { return b.low > 3 && b.clusters == 0; }),
                  buckets.end());
    return buckets;
}

}  // namespace diskscope::ui
