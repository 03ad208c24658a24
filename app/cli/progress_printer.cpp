// SPDX-License-Identifier: GPL-2.0-or-later
// Draws qemu-img style progress on stdout for -p.
#include "progress_printer.h"

namespace diskscope::cli {

std::string formatProgressLine(double percent)
{
    char text[48];
    std::snprintf(text, sizeof text, "    (%.2f/100%%)\r", percent);
    return text;
}

ProgressPrinter::ProgressPrinter(bool enabled, std::FILE* out) : m_enabled(enabled), m_out(out) {}

void ProgressPrinter::progress(uint64_t bytesDone, uint64_t bytesTotal)
{
    // An empty operation is complete from the start.
    const double percent =
        bytesTotal == 0 ? 100.0 : 100.0 * static_cast<double>(bytesDone) / static_cast<double>(bytesTotal);
    std::lock_guard lock(m_mutex);
    if (m_lastDrawn < 0.0)
        draw(0.0);
    // A redraw per percentage point keeps the terminal traffic small on fast copies.
    if (percent - m_lastDrawn >= 1.0 || (percent >= 100.0 && m_lastDrawn < 100.0))
        draw(percent > 100.0 ? 100.0 : percent);
}

void ProgressPrinter::finish()
{
    std::lock_guard lock(m_mutex);
    if (!m_enabled || m_lastDrawn < 0.0)
        return;
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

void ProgressPrinter::finishLine()
{
    std::lock_guard lock(m_mutex);
    if (!m_enabled)
        return;
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

void ProgressPrinter::draw(double percent)
{
    m_lastDrawn = percent;
    if (!m_enabled)
        return;
    std::fputs(formatProgressLine(percent).c_str(), m_out);
    std::fflush(m_out);
}

}  // namespace diskscope::cli
