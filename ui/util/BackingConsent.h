// SPDX-License-Identifier: GPL-2.0-or-later
// The images whose backing files the user agreed to follow although they lead outside the
// image's directory tree (health finding "Backing file outside the image's directory not
// opened"). The exception holds for those images only, for this session: every other image
// keeps the engine's default (OpenOptions::allowExternalBacking). GUI thread only: readers
// pass the answer to their workers.
#pragma once

#include <QString>

namespace diskscope::ui {

class BackingConsent {
public:
    static void allow(const QString& imagePath);
    static bool allowed(const QString& imagePath);
    // Forgets every consent (tests).
    static void reset();
};

}  // namespace diskscope::ui
