// SPDX-License-Identifier: GPL-2.0-or-later
// Strings read from images (backing names, snapshot and bitmap names) and file names are
// untrusted: shown as plain text with control characters made visible.
#pragma once

#include <QString>
#include <string>

namespace diskscope::ui {

class DisplayText {
public:
    // Bytes from an image as UTF-8 (invalid sequences become U+FFFD), escaped as below.
    static QString fromImage(const std::string& bytes);
    // Control characters (C0, DEL, C1) become \n, \t, \xNN; bidirectional overrides and
    // isolates become \u{NNNN}, so a name cannot hide or reorder what is shown after it.
    static QString escapeControls(const QString& text);
};

}  // namespace diskscope::ui
