// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON writer: qemu's pretty layout, string escaping, and the human tree dump.
#include <QtTest>

#include "info_printer.h"
#include "json_writer.h"

using diskscope::cli::formatHumanTree;
using diskscope::cli::formatPrettyJson;
using diskscope::cli::jsonQuote;
using diskscope::cli::JsonValue;

class TestCliJson : public QObject {
    Q_OBJECT
private slots:
    void quoting_data();
    void quoting();
    void scalars();
    void nestedLayout();
    void emptyContainers();
    void topLevelArray();
    void humanTree();
};

void TestCliJson::quoting_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("quoted");
    QTest::newRow("plain") << QByteArray("snap1") << QByteArray("\"snap1\"");
    QTest::newRow("empty") << QByteArray("") << QByteArray("\"\"");
    // Seen in qemu-img info of a snapshot named  a/b"c\dé<TAB>x<DEL>~
    QTest::newRow("qemu sample") << QByteArray("a/b\"c\\d\xc3\xa9\tx\x7f~")
                                 << QByteArray("\"a/b\\\"c\\\\d\\u00E9\\tx\\u007F~\"");
    QTest::newRow("controls") << QByteArray("\b\f\n\r\x01\x1f") << QByteArray("\"\\b\\f\\n\\r\\u0001\\u001F\"");
    QTest::newRow("three byte utf8") << QByteArray("\xe2\x82\xac") << QByteArray("\"\\u20AC\"");
    // Seen in qemu-img info: an emoji becomes a surrogate pair, a stray byte U+FFFD.
    QTest::newRow("emoji and bad byte") << QByteArray("emoji \xf0\x9f\x98\x80 bad\xff")
                                        << QByteArray("\"emoji \\uD83D\\uDE00 bad\\uFFFD\"");
    QTest::newRow("truncated sequence") << QByteArray("\xc3") << QByteArray("\"\\uFFFD\"");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("\"\\uFFFD\"");
}

void TestCliJson::quoting()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, quoted);
    QCOMPARE(QByteArray::fromStdString(jsonQuote(input.toStdString())), quoted);
}

void TestCliJson::scalars()
{
    QCOMPARE(formatPrettyJson(JsonValue::boolean(true)), std::string("true"));
    QCOMPARE(formatPrettyJson(JsonValue::number(int64_t{-5})), std::string("-5"));
    QCOMPARE(formatPrettyJson(JsonValue::number(uint64_t{18446744073709551615u})),
             std::string("18446744073709551615"));
    QCOMPARE(formatPrettyJson(JsonValue()), std::string("null"));
    QCOMPARE(formatPrettyJson(JsonValue::string("x")), std::string("\"x\""));
}

void TestCliJson::nestedLayout()
{
    JsonValue data = JsonValue::object();
    data.set("compat", JsonValue::string("1.1")).set("lazy-refcounts", JsonValue::boolean(false));
    JsonValue specific = JsonValue::object();
    specific.set("type", JsonValue::string("qcow2")).set("data", std::move(data));
    JsonValue top = JsonValue::object();
    top.set("virtual-size", JsonValue::number(uint64_t{67108864})).set("format-specific", std::move(specific));
    const std::string expected = "{\n"
                                 "    \"virtual-size\": 67108864,\n"
                                 "    \"format-specific\": {\n"
                                 "        \"type\": \"qcow2\",\n"
                                 "        \"data\": {\n"
                                 "            \"compat\": \"1.1\",\n"
                                 "            \"lazy-refcounts\": false\n"
                                 "        }\n"
                                 "    }\n"
                                 "}";
    QCOMPARE(formatPrettyJson(top), expected);
}

void TestCliJson::emptyContainers()
{
    // qemu prints an empty list as "[", newline, "]" at the list's own indentation.
    JsonValue bitmap = JsonValue::object();
    bitmap.set("flags", JsonValue::array()).set("name", JsonValue::string("bm1"));
    QCOMPARE(formatPrettyJson(bitmap), std::string("{\n    \"flags\": [\n    ],\n    \"name\": \"bm1\"\n}"));
    QCOMPARE(formatPrettyJson(JsonValue::array()), std::string("[\n]"));
}

void TestCliJson::topLevelArray()
{
    JsonValue first = JsonValue::object();
    first.set("a", JsonValue::number(uint64_t{1}));
    JsonValue second = JsonValue::object();
    second.set("b", JsonValue::array().append(JsonValue::string("auto")));
    JsonValue array = JsonValue::array();
    array.append(std::move(first)).append(std::move(second));
    const std::string expected = "[\n"
                                 "    {\n"
                                 "        \"a\": 1\n"
                                 "    },\n"
                                 "    {\n"
                                 "        \"b\": [\n"
                                 "            \"auto\"\n"
                                 "        ]\n"
                                 "    }\n"
                                 "]";
    QCOMPARE(formatPrettyJson(array), expected);
}

void TestCliJson::humanTree()
{
    JsonValue bm0 = JsonValue::object();
    bm0.set("flags", JsonValue::array().append(JsonValue::string("auto")))
        .set("name", JsonValue::string("bm0"))
        .set("granularity", JsonValue::number(uint64_t{65536}));
    JsonValue bm1 = JsonValue::object();
    bm1.set("flags", JsonValue::array()).set("name", JsonValue::string("bm1"));
    JsonValue data = JsonValue::object();
    data.set("lazy-refcounts", JsonValue::boolean(false))
        .set("bitmaps", JsonValue::array().append(std::move(bm0)).append(std::move(bm1)))
        .set("refcount-bits", JsonValue::number(uint64_t{16}));
    // Same shape as qemu-img info's "Format specific information" for two bitmaps.
    const std::string expected = "    lazy refcounts: false\n"
                                 "    bitmaps:\n"
                                 "        [0]:\n"
                                 "            flags:\n"
                                 "                [0]: auto\n"
                                 "            name: bm0\n"
                                 "            granularity: 65536\n"
                                 "        [1]:\n"
                                 "            flags:\n"
                                 "            name: bm1\n"
                                 "    refcount bits: 16\n";
    QCOMPARE(formatHumanTree(data, 1), expected);
}

QTEST_GUILESS_MAIN(TestCliJson)
#include "tst_cli_json.moc"
