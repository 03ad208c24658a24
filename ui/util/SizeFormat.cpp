// SPDX-License-Identifier: GPL-2.0-or-later
// Byte counts and clocks as people read them.
#include "util/SizeFormat.h"

#include <QDateTime>
#include <QLocale>
#include <QObject>

namespace diskscope::ui {

QString SizeFormat::human(uint64_t bytes)
{
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024)
        return bytes == 1 ? QObject::tr("1 byte") : QObject::tr("%1 bytes").arg(bytes);
    double value = double(bytes);
    int unit = -1;
    // Compare with what will be printed, so 1048575 bytes reads "1 MiB", not "1024 KiB".
    while (value >= 1023.5 && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    // Three significant digits at most, trailing zeros dropped: "1.5 GiB", "10 GiB", "123 MiB".
    const int decimals = value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
    QString number = QLocale().toString(value, 'f', decimals);
    const QChar point = QLocale().decimalPoint().front();
    if (number.contains(point)) {
        while (number.endsWith(QLatin1Char('0')))
            number.chop(1);
        if (number.endsWith(point))
            number.chop(1);
    }
    return QStringLiteral("%1 %2").arg(number, QLatin1String(units[unit]));
}

QString SizeFormat::exact(uint64_t bytes)
{
    return bytes == 1 ? QObject::tr("1 byte") : QObject::tr("%1 bytes").arg(QLocale().toString(qulonglong(bytes)));
}

QString SizeFormat::vmClock(uint64_t nanoseconds)
{
    const uint64_t ms = nanoseconds / 1000000;
    return QStringLiteral("%1:%2:%3.%4")
        .arg(ms / 3600000, 4, 10, QLatin1Char('0'))
        .arg((ms / 60000) % 60, 2, 10, QLatin1Char('0'))
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QString SizeFormat::date(uint32_t seconds)
{
    return QDateTime::fromSecsSinceEpoch(qint64(seconds)).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

}  // namespace diskscope::ui
