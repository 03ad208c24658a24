// SPDX-License-Identifier: GPL-2.0-or-later
// Key-by-key comparison of qemu-img JSON (info, info --backing-chain, map) for the QtTest suites.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace diskscope::testsupport {

// The keys compared, as qemu-img 7.2 names them. Keys outside these lists are ignored, so newer
// qemu-img versions (which add keys, e.g. "compressed" in map) do not break the comparison.
QStringList infoTopLevelKeys();      // format, virtual-size, actual-size, cluster-size, ...
QStringList infoSnapshotKeys();      // id, name, vm-state-size, date-sec, ...
QStringList infoQcow2DataKeys();     // compat, lazy-refcounts, refcount-bits, ... (bitmaps apart)
QStringList infoBitmapKeys();        // name, granularity, flags
QStringList mapExtentKeys();         // start, length, depth, present, zero, data, offset

// Parses TEXT as a JSON object or array. On failure returns false and explains in *WHY.
bool parseJsonObject(const QByteArray& text, QJsonObject* out, QString* why);
bool parseJsonArray(const QByteArray& text, QJsonArray* out, QString* why);

// Each function returns one line per difference ("actual-size: expected 196616, got 200704";
// "[2].offset: expected absent, got 327680"), empty when the two agree. For every listed key the
// values must be equal or both absent; snapshots, bitmaps, chain layers and map extents are
// compared entry by entry and their counts must match.
QStringList diffInfo(const QJsonObject& expected, const QJsonObject& actual);
QStringList diffInfoChain(const QJsonArray& expected, const QJsonArray& actual);
QStringList diffMap(const QJsonArray& expected, const QJsonArray& actual);

}  // namespace diskscope::testsupport
