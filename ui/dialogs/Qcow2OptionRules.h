// SPDX-License-Identifier: GPL-2.0-or-later
// Which qcow2 creation options go together, as qemu-img 7.2 decides (gui-peers §5.2): the
// wizard disables a choice that would make the combination one qemu-img refuses.
#pragma once

#include <QString>
#include <cstdint>

namespace diskscope::ui {

struct Qcow2Choice {
    bool compat11 = true;          // compat 1.1 (v3); false: 0.10 (v2)
    uint64_t clusterSize = 65536;
    uint64_t refcountBits = 16;
    bool lazyRefcounts = false;
    bool extendedL2 = false;
    bool zstd = false;             // compression type zstd instead of zlib
    QString preallocation = QStringLiteral("off");
    bool backingFile = false;
};

class Qcow2OptionRules {
public:
    // Why qemu-img would refuse `choice` (one sentence), or an empty string when it would not.
    static QString whyRefused(const Qcow2Choice& choice);
    static bool accepts(const Qcow2Choice& choice) { return whyRefused(choice).isEmpty(); }
};

}  // namespace diskscope::ui
