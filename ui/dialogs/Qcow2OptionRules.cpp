// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/Qcow2OptionRules.h"

#include <QCoreApplication>

namespace diskscope::ui {

QString Qcow2OptionRules::whyRefused(const Qcow2Choice& c)
{
    // The context lupdate assigns to these tr() calls, so the translation is found.
    const auto tr = [](const char* text) { return QCoreApplication::translate("diskscope::ui::Qcow2OptionRules", text); };
    if (!c.compat11) {
        if (c.extendedL2)
            return tr("Extended L2 entries need compatibility level 1.1.");
        if (c.refcountBits != 16)
            return tr("Refcount widths other than 16 bits need compatibility level 1.1.");
        if (c.lazyRefcounts)
            return tr("Lazy refcounts need compatibility level 1.1.");
        if (c.zstd)
            return tr("zstd compression needs compatibility level 1.1.");
    }
    if (c.extendedL2 && c.clusterSize < 16384)
        return tr("Extended L2 entries need a cluster size of at least 16 KiB.");
    if (c.backingFile && c.preallocation != QLatin1String("off") && !c.extendedL2)
        return tr("A backing file with preallocation needs extended L2 entries.");
    return {};
}

}  // namespace diskscope::ui
