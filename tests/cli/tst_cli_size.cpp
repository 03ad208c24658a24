// SPDX-License-Identifier: GPL-2.0-or-later
// Size arguments and human sizes: every case here was checked against qemu-img 7.2
// (`qemu-img create -f raw F -- SIZE` prints the parsed size; `qemu-img info` the human one).
#include <QtTest>

#include "size_format.h"
#include "size_parse.h"

using diskscope::cli::formatHumanSize;
using diskscope::cli::parseQemuSize;
using diskscope::cli::parseSizeArgument;
using diskscope::cli::ParsedSize;

Q_DECLARE_METATYPE(ParsedSize::Outcome)

class TestCliSize : public QObject {
    Q_OBJECT
private slots:
    void acceptedSizes_data();
    void acceptedSizes();
    void rejectedSizes_data();
    void rejectedSizes();
    void hexWithSuffixWarns();
    void argumentMessages();
    void humanSize_data();
    void humanSize();
};

void TestCliSize::acceptedSizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qulonglong>("bytes");
    QTest::newRow("plain") << "1" << 1ull;
    QTest::newRow("fraction with suffix") << "1.5M" << 1572864ull;
    QTest::newRow("dot without digits") << "1.k" << 1024ull;
    QTest::newRow("plus sign") << "+1k" << 1024ull;
    QTest::newRow("leading spaces") << "  1k" << 1024ull;
    QTest::newRow("spaces then plus") << " +1k" << 1024ull;
    QTest::newRow("hex") << "0x1000" << 4096ull;
    QTest::newRow("hex upper X") << "0X10" << 16ull;
    QTest::newRow("hex after space") << " 0x10" << 16ull;
    QTest::newRow("leading zeros are decimal") << "00012" << 12ull;
    QTest::newRow("08 is decimal") << "08" << 8ull;
    QTest::newRow("zero fraction without suffix") << "1.0" << 1ull;
    QTest::newRow("trailing dot") << "1." << 1ull;
    QTest::newRow("zero fraction with b") << "1.0b" << 1ull;
    QTest::newRow("b suffix") << "1b" << 1ull;
    QTest::newRow("B suffix") << "1B" << 1ull;
    QTest::newRow("0b") << "0b" << 0ull;
    QTest::newRow("tiny fraction truncates to 0") << "0.00001k" << 0ull;
    QTest::newRow("lower case g") << "1.5g" << 1610612736ull;
    QTest::newRow("lower case t") << "1t" << 1099511627776ull;
    QTest::newRow("T") << "5T" << 5497558138880ull;
    QTest::newRow("P") << "1P" << 1125899906842624ull;
    QTest::newRow("E") << "1E" << 1152921504606846976ull;
    QTest::newRow("lower case e is exabytes") << "1e" << 1152921504606846976ull;
    QTest::newRow("fraction then e suffix") << "1.5e" << 1729382256910270464ull;
    QTest::newRow("7E") << "7E" << 8070450532247928832ull;
    QTest::newRow("INT64_MAX") << "9223372036854775807" << 9223372036854775807ull;
    QTest::newRow("hex with suffix") << "0x10m" << 16777216ull;
    // Fractional bytes round to the nearest byte, halves up.
    QTest::newRow("rounds up") << "1.999k" << 2047ull;
    QTest::newRow("rounds down") << "1.0004k" << 1024ull;
    QTest::newRow("half rounds up") << "1.00048828125k" << 1025ull;
    QTest::newRow("0.9999k") << "0.9999k" << 1024ull;
    QTest::newRow("1.999m") << "1.999m" << 2096103ull;
    QTest::newRow("many digits") << "1.12345678901234567890k" << 1150ull;
    QTest::newRow("09.5k") << "09.5k" << 9728ull;
    // Fractions below 2^-64 count as zero, even without a suffix.
    QTest::newRow("fraction below 2^-64") << "0.000000000000000000054" << 0ull;
    QTest::newRow("long zero fraction") << "1.0000000000000000000000000000001" << 1ull;
    // A fraction whose double rounds to 1.0 contributes nothing (qemu-img 7.2 quirk).
    QTest::newRow("fraction rounding to one, k") << "1.99999999999999999k" << 1024ull;
    QTest::newRow("fraction rounding to one, bytes") << "0.999999999999999999999" << 0ull;
    QTest::newRow("fraction just below one") << "0.99999999999999994k" << 1024ull;
}

void TestCliSize::acceptedSizes()
{
    QFETCH(QString, text);
    QFETCH(qulonglong, bytes);
    const ParsedSize parsed = parseQemuSize(text.toStdString());
    QCOMPARE(parsed.outcome, ParsedSize::Outcome::Ok);
    QCOMPARE(qulonglong(parsed.bytes), bytes);
}

void TestCliSize::rejectedSizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ParsedSize::Outcome>("outcome");
    const auto invalid = ParsedSize::Outcome::Invalid;
    const auto range = ParsedSize::Outcome::OutOfRange;
    QTest::newRow("empty") << "" << invalid;
    QTest::newRow("fraction without suffix") << "1.5" << invalid;
    QTest::newRow("0.5") << "0.5" << invalid;
    QTest::newRow("0.1") << "0.1" << invalid;
    QTest::newRow("fraction of bytes") << "1.5b" << invalid;
    QTest::newRow("0.5b") << "0.5b" << invalid;
    QTest::newRow("no integral digits") << ".5k" << invalid;
    QTest::newRow("exponent") << "1e3" << invalid;
    QTest::newRow("fraction exponent") << "1.5e3" << invalid;
    QTest::newRow("two letter suffix") << "1kb" << invalid;
    QTest::newRow("KiB") << "1KiB" << invalid;
    QTest::newRow("comma") << "1,5k" << invalid;
    QTest::newRow("minus zero") << "-0" << invalid;
    QTest::newRow("trailing space") << "1 " << invalid;
    QTest::newRow("trailing tab") << "1\t" << invalid;
    QTest::newRow("space after plus") << "+ 1k" << invalid;
    QTest::newRow("bare 0x") << "0x" << invalid;
    QTest::newRow("hex fraction") << "0x1.8k" << invalid;
    QTest::newRow("hex zero fraction") << "0x1.0" << invalid;
    QTest::newRow("hex then fraction") << "0x10.5k" << invalid;
    QTest::newRow("digits after suffix") << "1k5" << invalid;
    QTest::newRow("digits after dot-suffix") << "1.k5" << invalid;
    QTest::newRow("two dots") << "1..5k" << invalid;
    QTest::newRow("dot after fraction") << "1.5.k" << invalid;
    QTest::newRow("signed fraction") << "1.-5k" << invalid;
    QTest::newRow("plus fraction") << "1.+5k" << invalid;
    QTest::newRow("space before suffix") << "1. k" << invalid;
    QTest::newRow("unknown suffix") << "1.5x" << invalid;
    QTest::newRow("inf") << "inf" << invalid;
    QTest::newRow("nan") << "nan" << invalid;
    QTest::newRow("1e-19 fraction without suffix") << "0.0000000000000000001" << invalid;
    QTest::newRow("5.5e-20 fraction without suffix") << "0.000000000000000000055" << invalid;
    QTest::newRow("8E") << "8E" << range;
    QTest::newRow("INT64_MAX + 1") << "9223372036854775808" << range;
    QTest::newRow("UINT64_MAX") << "18446744073709551615" << range;
    QTest::newRow("UINT64_MAX + 1") << "18446744073709551616" << range;
    QTest::newRow("hex UINT64_MAX") << "0xffffffffffffffff" << range;
}

void TestCliSize::rejectedSizes()
{
    QFETCH(QString, text);
    QFETCH(ParsedSize::Outcome, outcome);
    QCOMPARE(parseQemuSize(text.toStdString()).outcome, outcome);
}

void TestCliSize::hexWithSuffixWarns()
{
    QVERIFY(parseQemuSize("0x1k").hexWithSuffix);
    QVERIFY(!parseQemuSize("0x1000").hexWithSuffix);
    QVERIFY(!parseQemuSize("1k").hexWithSuffix);
    const auto argument = parseSizeArgument("0x1k", "start offset");
    QCOMPARE(argument.bytes.value_or(0), uint64_t{1024});
    QCOMPARE(argument.warning, std::string("warning: Using a multiplier suffix on hex numbers is deprecated: 0x1k"));
}

void TestCliSize::argumentMessages()
{
    const auto invalid = parseSizeArgument("1.5", "start offset");
    QVERIFY(!invalid.bytes);
    QCOMPARE(invalid.error, std::string("Invalid start offset specified. You may use k, M, G, T, P or E suffixes for\n"
                                        "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes."));
    const auto range = parseSizeArgument("8E", "max length");
    QVERIFY(!range.bytes);
    QCOMPARE(range.error, std::string("Invalid max length specified. Must be between 0 and 9223372036854775807."));
    const auto ok = parseSizeArgument("64k", "buffer size for sparse output");
    QCOMPARE(ok.bytes.value_or(0), uint64_t{65536});
    QVERIFY(ok.error.empty());
    QVERIFY(ok.warning.empty());
}

void TestCliSize::humanSize_data()
{
    QTest::addColumn<qulonglong>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0ull << "0 B";
    QTest::newRow("one") << 1ull << "1 B";
    QTest::newRow("999") << 999ull << "999 B";
    QTest::newRow("1000 switches unit") << 1000ull << "0.977 KiB";
    QTest::newRow("1023") << 1023ull << "0.999 KiB";
    QTest::newRow("1024") << 1024ull << "1 KiB";
    QTest::newRow("1536") << 1536ull << "1.5 KiB";
    QTest::newRow("4 KiB") << 4096ull << "4 KiB";
    QTest::newRow("5120") << 5120ull << "5 KiB";
    QTest::newRow("196 KiB") << 200704ull << "196 KiB";
    QTest::newRow("360 KiB") << 368640ull << "360 KiB";
    QTest::newRow("999 KiB") << 1022976ull << "999 KiB";
    QTest::newRow("1,024,000") << 1024000ull << "0.977 MiB";
    QTest::newRow("1.46 MiB") << 1536000ull << "1.46 MiB";
    QTest::newRow("64 MiB") << 67108864ull << "64 MiB";
    QTest::newRow("three digits rounding") << 1048576ull * 100 + 600000 << "101 MiB";
    QTest::newRow("1 GiB") << 1073741824ull << "1 GiB";
    QTest::newRow("5 GiB") << 5368709120ull << "5 GiB";
    QTest::newRow("1 TiB") << 1099511627776ull << "1 TiB";
    QTest::newRow("1 PiB") << 1125899906842624ull << "1 PiB";
    QTest::newRow("1 EiB") << 1152921504606846976ull << "1 EiB";
    QTest::newRow("UINT64_MAX") << 18446744073709551615ull << "16 EiB";
}

void TestCliSize::humanSize()
{
    QFETCH(qulonglong, bytes);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(formatHumanSize(bytes)), text);
}

QTEST_GUILESS_MAIN(TestCliSize)
#include "tst_cli_size.moc"
