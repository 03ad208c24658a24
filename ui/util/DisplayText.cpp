// SPDX-License-Identifier: GPL-2.0-or-later
// Untrusted strings made safe to show.
#include "util/DisplayText.h"

namespace diskscope::ui {
namespace {

bool isBidiControl(char16_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
           || c == 0x061c;
}

}  // namespace

QString DisplayText::fromImage(const std::string& bytes)
{
    return escapeControls(QString::fromUtf8(bytes.data(), qsizetype(bytes.size())));
}

QString DisplayText::escapeControls(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (QChar qc : text) {
        const char16_t c = qc.unicode();
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c == u'\t')
            out += QStringLiteral("\\t");
        else if (c == u'\r')
            out += QStringLiteral("\\r");
        else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
            out += QStringLiteral("\\x%1").arg(unsigned(c), 2, 16, QLatin1Char('0'));
        else if (isBidiControl(c))
            out += QStringLiteral("\\u{%1}").arg(unsigned(c), 4, 16, QLatin1Char('0'));
        else
            out += qc;
    }
    return out;
}

}  // namespace diskscope::ui
