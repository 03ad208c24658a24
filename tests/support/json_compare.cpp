// SPDX-License-Identifier: GPL-2.0-or-later
// Key-by-key comparison of qemu-img JSON (see json_compare.h).
#include "json_compare.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace diskscope::testsupport {

namespace {

QString render(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
        return QStringLiteral("absent");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toInteger(), 10);
    case QJsonValue::String:
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QString joinPath(const QString& prefix, const QString& key)
{
    return prefix.isEmpty() ? key : prefix + QLatin1Char('.') + key;
}

// Compares the scalar or array value of each key in KEYS. QJsonValue equality compares numbers
// as doubles; every integer qemu-img prints for these test images (< 2^53) is exact there.
void diffKeys(const QJsonObject& expected, const QJsonObject& actual, const QStringList& keys,
              const QString& prefix, QStringList* differences)
{
    for (const QString& key : keys) {
        const QJsonValue want = expected.value(key);
        const QJsonValue got = actual.value(key);
        if (want != got)
            differences->append(QStringLiteral("%1: expected %2, got %3")
                                    .arg(joinPath(prefix, key), render(want), render(got)));
    }
}

// Compares two arrays of objects entry by entry with DIFFENTRY; a missing array on both sides
// is agreement, a missing array on one side is a difference.
template <typename DiffEntry>
void diffArrays(const QJsonValue& expected, const QJsonValue& actual, const QString& path,
                QStringList* differences, DiffEntry diffEntry)
{
    if (expected.isUndefined() && actual.isUndefined())
        return;
    if (!expected.isArray() || !actual.isArray()) {
        differences->append(QStringLiteral("%1: expected %2, got %3")
                                .arg(path, render(expected), render(actual)));
        return;
    }
    const QJsonArray want = expected.toArray();
    const QJsonArray got = actual.toArray();
    if (want.size() != got.size())
        differences->append(QStringLiteral("%1: expected %2 entries, got %3")
                                .arg(path)
                                .arg(want.size())
                                .arg(got.size()));
    const qsizetype common = std::min(want.size(), got.size());
    for (qsizetype i = 0; i < common; ++i) {
        const QString entryPath = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!want.at(i).isObject() || !got.at(i).isObject()) {
            differences->append(QStringLiteral("%1: expected %2, got %3")
                                    .arg(entryPath, render(want.at(i)), render(got.at(i))));
            continue;
        }
        diffEntry(want.at(i).toObject(), got.at(i).toObject(), entryPath, differences);
    }
}

void diffFormatSpecific(const QJsonValue& expected, const QJsonValue& actual,
                        QStringList* differences)
{
    const QString path = QStringLiteral("format-specific");
    if (expected.isUndefined() && actual.isUndefined())
        return;
    if (!expected.isObject() || !actual.isObject()) {
        differences->append(QStringLiteral("%1: expected %2, got %3")
                                .arg(path, render(expected), render(actual)));
        return;
    }
    const QJsonObject want = expected.toObject();
    const QJsonObject got = actual.toObject();
    diffKeys(want, got, {QStringLiteral("type")}, path, differences);
    const QJsonValue wantData = want.value(QStringLiteral("data"));
    const QJsonValue gotData = got.value(QStringLiteral("data"));
    const QString dataPath = joinPath(path, QStringLiteral("data"));
    if (wantData.isUndefined() && gotData.isUndefined())
        return;
    if (!wantData.isObject() || !gotData.isObject()) {
        differences->append(QStringLiteral("%1: expected %2, got %3")
                                .arg(dataPath, render(wantData), render(gotData)));
        return;
    }
    diffKeys(wantData.toObject(), gotData.toObject(), infoQcow2DataKeys(), dataPath, differences);
    diffArrays(wantData.toObject().value(QStringLiteral("bitmaps")),
               gotData.toObject().value(QStringLiteral("bitmaps")),
               joinPath(dataPath, QStringLiteral("bitmaps")), differences,
               [](const QJsonObject& w, const QJsonObject& g, const QString& p, QStringList* d) {
                   diffKeys(w, g, infoBitmapKeys(), p, d);
               });
}

void diffInfoInto(const QJsonObject& expected, const QJsonObject& actual, const QString& prefix,
                  QStringList* differences)
{
    diffKeys(expected, actual, infoTopLevelKeys(), prefix, differences);
    diffArrays(expected.value(QStringLiteral("snapshots")),
               actual.value(QStringLiteral("snapshots")),
               joinPath(prefix, QStringLiteral("snapshots")), differences,
               [](const QJsonObject& w, const QJsonObject& g, const QString& p, QStringList* d) {
                   diffKeys(w, g, infoSnapshotKeys(), p, d);
               });
    QStringList nested;
    diffFormatSpecific(expected.value(QStringLiteral("format-specific")),
                       actual.value(QStringLiteral("format-specific")), &nested);
    for (const QString& line : nested)
        differences->append(prefix.isEmpty() ? line : prefix + QLatin1Char('.') + line);
}

bool parseJson(const QByteArray& text, QJsonDocument* document, QString* why)
{
    QJsonParseError error;
    *document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        if (why)
            *why = QStringLiteral("invalid JSON at offset %1: %2\n%3")
                       .arg(error.offset)
                       .arg(error.errorString(), QString::fromUtf8(text.left(4000)));
        return false;
    }
    return true;
}

}  // namespace

QStringList infoTopLevelKeys()
{
    return {QStringLiteral("filename"),          QStringLiteral("format"),
            QStringLiteral("virtual-size"),      QStringLiteral("actual-size"),
            QStringLiteral("cluster-size"),      QStringLiteral("dirty-flag"),
            QStringLiteral("backing-filename"),  QStringLiteral("full-backing-filename"),
            QStringLiteral("backing-filename-format")};
}

QStringList infoSnapshotKeys()
{
    return {QStringLiteral("id"),           QStringLiteral("name"),
            QStringLiteral("vm-state-size"), QStringLiteral("date-sec"),
            QStringLiteral("date-nsec"),    QStringLiteral("vm-clock-sec"),
            QStringLiteral("vm-clock-nsec"), QStringLiteral("icount")};
}

QStringList infoQcow2DataKeys()
{
    return {QStringLiteral("compat"),        QStringLiteral("lazy-refcounts"),
            QStringLiteral("refcount-bits"), QStringLiteral("corrupt"),
            QStringLiteral("extended-l2"),   QStringLiteral("compression-type"),
            QStringLiteral("data-file"),     QStringLiteral("data-file-raw")};
}

QStringList infoBitmapKeys()
{
    return {QStringLiteral("name"), QStringLiteral("granularity"), QStringLiteral("flags")};
}

QStringList mapExtentKeys()
{
    return {QStringLiteral("start"), QStringLiteral("length"), QStringLiteral("depth"),
            QStringLiteral("present"), QStringLiteral("zero"),  QStringLiteral("data"),
            QStringLiteral("offset")};
}

bool parseJsonObject(const QByteArray& text, QJsonObject* out, QString* why)
{
    QJsonDocument document;
    if (!parseJson(text, &document, why))
        return false;
    if (!document.isObject()) {
        if (why)
            *why = QStringLiteral("expected a JSON object:\n") + QString::fromUtf8(text.left(4000));
        return false;
    }
    *out = document.object();
    return true;
}

bool parseJsonArray(const QByteArray& text, QJsonArray* out, QString* why)
{
    QJsonDocument document;
    if (!parseJson(text, &document, why))
        return false;
    if (!document.isArray()) {
        if (why)
            *why = QStringLiteral("expected a JSON array:\n") + QString::fromUtf8(text.left(4000));
        return false;
    }
    *out = document.array();
    return true;
}

QStringList diffInfo(const QJsonObject& expected, const QJsonObject& actual)
{
    QStringList differences;
    diffInfoInto(expected, actual, {}, &differences);
    return differences;
}

QStringList diffInfoChain(const QJsonArray& expected, const QJsonArray& actual)
{
    QStringList differences;
    diffArrays(QJsonValue(expected), QJsonValue(actual), QStringLiteral("chain"), &differences,
               [](const QJsonObject& w, const QJsonObject& g, const QString& p, QStringList* d) {
                   diffInfoInto(w, g, p, d);
               });
    return differences;
}

QStringList diffMap(const QJsonArray& expected, const QJsonArray& actual)
{
    QStringList differences;
    diffArrays(QJsonValue(expected), QJsonValue(actual), QStringLiteral("map"), &differences,
               [](const QJsonObject& w, const QJsonObject& g, const QString& p, QStringList* d) {
                   diffKeys(w, g, mapExtentKeys(), p, d);
               });
    return differences;
}

}  // namespace diskscope::testsupport
