// SPDX-License-Identifier: GPL-2.0-or-later
// Text for a terminal. Names stored in images (backing and data file names, snapshot and
// bitmap names) reach the human output and error messages; an image must not be able to
// move the cursor, clear the screen or retitle the window with them, so everything printed
// passes through here (qemu-img 7.2 prints such bytes raw).
#pragma once

#include <string>
#include <string_view>

namespace diskscope::cli {

// `text` with control characters made visible: C0 controls other than newline and tab, DEL,
// C1 controls (U+0080..U+009F) and bidirectional overrides as \xHH / \uHHHH, bytes that are
// not UTF-8 as \xHH. Printable text, UTF-8 included, is unchanged.
std::string terminalSafe(std::string_view text);

}  // namespace diskscope::cli
