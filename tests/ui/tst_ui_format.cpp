// SPDX-License-Identifier: GPL-2.0-or-later
// SizeFormat: the sizes, dates and clocks the GUI shows, table-driven.
#include <QDateTime>
#include <QLocale>
#include <QTest>

#include "util/SizeFormat.h"

using diskscope::ui::SizeFormat;

class TestUiFormat : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void human_data()
    {
        QTest::addColumn<qulonglong>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << 0ull << "0 bytes";
        QTest::newRow("one") << 1ull << "1 byte";
        QTest::newRow("below KiB") << 1023ull << "1023 bytes";
        QTest::newRow("KiB") << 1024ull << "1 KiB";
        QTest::newRow("64 KiB cluster") << 65536ull << "64 KiB";
        QTest::newRow("1.5 MiB") << 1572864ull << "1.5 MiB";
        QTest::newRow("three digits") << 123ull * 1024 * 1024 << "123 MiB";
        QTest::newRow("rounds to 2 decimals") << 1288490189ull << "1.2 GiB";
        QTest::newRow("10 GiB") << (10ull << 30) << "10 GiB";
        QTest::newRow("20 GiB") << (20ull << 30) << "20 GiB";
        QTest::newRow("just below 1 MiB") << 1048575ull << "1 MiB";
        QTest::newRow("2 TiB") << (2ull << 40) << "2 TiB";
        QTest::newRow("max") << ~0ull << "16 EiB";
    }
    void human()
    {
        QFETCH(qulonglong, bytes);
        QFETCH(QString, expected);
        QCOMPARE(SizeFormat::human(bytes), expected);
    }

    void exact()
    {
        QCOMPARE(SizeFormat::exact(1), QStringLiteral("1 byte"));
        QCOMPARE(SizeFormat::exact(10737418240ull), QStringLiteral("10,737,418,240 bytes"));
    }

    void vmClock_data()
    {
        QTest::addColumn<qulonglong>("nanoseconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << 0ull << "0000:00:00.000";
        QTest::newRow("ms truncated") << 1999999ull << "0000:00:00.001";
        QTest::newRow("1h 2m 3.456s") << 3723456000000ull << "0001:02:03.456";
        QTest::newRow("over 9999 h keeps counting") << 36000000ull * 1000000000ull << "10000:00:00.000";
    }
    void vmClock()
    {
        QFETCH(qulonglong, nanoseconds);
        QFETCH(QString, expected);
        QCOMPARE(SizeFormat::vmClock(nanoseconds), expected);
    }

    void date()
    {
        // Local time, like qemu-img; compare with Qt's own conversion of the same instant.
        const uint32_t seconds = 1714567507;
        QCOMPARE(SizeFormat::date(seconds),
                 QDateTime::fromSecsSinceEpoch(seconds).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(SizeFormat::date(seconds).size(), 19);
    }
};

QTEST_GUILESS_MAIN(TestUiFormat)
#include "tst_ui_format.moc"
