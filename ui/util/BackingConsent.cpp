// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/BackingConsent.h"

#include <QFileInfo>
#include <QSet>

#include "diskscope/trust_policy.h"

namespace diskscope::ui {
namespace {

QSet<QString>& consented()
{
    static QSet<QString> set;
    return set;
}

// One spelling per file, so a consent given on the tree's path holds for the pages' path.
QString key(const QString& path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QFileInfo(path).absoluteFilePath() : canonical;
}

}  // namespace

void BackingConsent::allow(const QString& imagePath)
{
    consented().insert(key(imagePath));
}

bool BackingConsent::allowed(const QString& imagePath)
{
    return externalBackingAllowedByDefault() || consented().contains(key(imagePath));
}

void BackingConsent::reset()
{
    consented().clear();
}

}  // namespace diskscope::ui
