// SPDX-License-Identifier: GPL-2.0-or-later
// qemu-img's -p progress line, "    (12.34/100%)\r" redrawn in place, as a ProgressSink.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "diskscope/progress.h"

namespace diskscope::cli {

// The text of one progress update.
std::string formatProgressLine(double percent);

class ProgressPrinter final : public ProgressSink {
public:
    // Disabled printers print nothing (no -p, or -q).
    ProgressPrinter(bool enabled, std::FILE* out = stdout);

    // The first call draws 0.00 first, as qemu-img does once the images are open; then
    // redraws when the value grew by at least one percentage point, or reached 100.
    void progress(uint64_t bytesDone, uint64_t bytesTotal) override;
    // Ends the line if anything was drawn. Call after the command's result message,
    // as qemu-img does.
    void finish();
    // Ends the line whenever enabled, even if nothing was drawn: qemu-img compare -p prints
    // that newline also when an image cannot be opened.
    void finishLine();

private:
    void draw(double percent);

    bool m_enabled;
    std::FILE* m_out;
    std::mutex m_mutex;  // the engine may report from a worker thread
    double m_lastDrawn = -1.0;
};

}  // namespace diskscope::cli
