// SPDX-License-Identifier: GPL-2.0-or-later
// Shell-quoted diskscope-img command lines.
#include "util/CommandLine.h"

namespace diskscope::ui {

QString CommandLine::quote(const QString& word)
{
    if (word.isEmpty())
        return QStringLiteral("''");
    bool safe = true;
    for (QChar c : word) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                           || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || QStringLiteral("-_./=:,+@%").contains(c);
        if (!plain) {
            safe = false;
            break;
        }
    }
    if (safe)
        return word;
    bool hasControl = false;
    for (QChar c : word)
        hasControl = hasControl || c.unicode() < 0x20 || c.unicode() == 0x7f;
    if (hasControl) {
        // bash's $'...' keeps a name with a newline on one pasteable line.
        QString out = QStringLiteral("$'");
        for (QChar c : word) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(unsigned(c.unicode()), 2, 16, QLatin1Char('0'));
            else if (c == QLatin1Char('\'') || c == QLatin1Char('\\'))
                out += QLatin1Char('\\') + c;
            else
                out += c;
        }
        return out + QLatin1Char('\'');
    }
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString CommandLine::diskscopeImg(const QStringList& arguments)
{
    QStringList words{QStringLiteral("diskscope-img")};
    for (const QString& argument : arguments)
        words << quote(argument);
    return words.join(QLatin1Char(' '));
}

QString CommandLine::info(const QString& path)
{
    return diskscopeImg({QStringLiteral("info"), QStringLiteral("-U"), QStringLiteral("--backing-chain"), path});
}

QString CommandLine::check(const QString& path)
{
    return diskscopeImg({QStringLiteral("check"), QStringLiteral("-U"), path});
}

QString CommandLine::convertToRaw(const QString& source, const QString& target)
{
    return diskscopeImg({QStringLiteral("convert"), QStringLiteral("-U"), QStringLiteral("-O"), QStringLiteral("raw"),
                         source, target});
}

}  // namespace diskscope::ui
