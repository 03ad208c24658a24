// SPDX-License-Identifier: GPL-2.0-or-later
// Byte counts and clocks as people read them; the GUI shows these and keeps exact bytes in tooltips.
#pragma once

#include <QString>
#include <cstdint>

namespace diskscope::ui {

class SizeFormat {
public:
    // "10 GiB", "1.5 MiB", "512 bytes": IEC units like qemu-img, at most three significant digits.
    static QString human(uint64_t bytes);
    // "10,737,418,240 bytes" in the user's locale, for tooltips and exact values.
    static QString exact(uint64_t bytes);
    // qemu-img's VM clock layout, "HHHH:MM:SS.mmm", from nanoseconds.
    static QString vmClock(uint64_t nanoseconds);
    // A snapshot date in local time, "2024-05-01 13:45:07" (qemu-img's layout).
    static QString date(uint32_t seconds);
};

}  // namespace diskscope::ui
