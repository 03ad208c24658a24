// SPDX-License-Identifier: GPL-2.0-or-later
// Shared pieces of the interop suites: recipe builders and the qemu-img vs diskscope-img checks.
#pragma once

#include "qemu_tools.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace diskscope::interop {

using testsupport::Command;
using testsupport::ImageRecipe;

inline constexpr qint64 KiB = 1024;
inline constexpr qint64 MiB = 1024 * KiB;

// A named recipe: one data row of a test function.
struct NamedRecipe {
    QString name;
    ImageRecipe recipe;
};

// `qemu-img create -q -f qcow2 [-o OPTIONS] IMAGE SIZE`.
Command createQcow2(const QString& image, qint64 size, const QString& options = {});
// `qemu-img create -q -f qcow2 -b BACKING -F BACKINGFORMAT [-o OPTIONS] IMAGE [SIZE]`; SIZE < 0
// takes the backing file's size. BACKING is stored as given (relative to IMAGE's directory).
Command createOverlay(const QString& image, const QString& backing, const QString& backingFormat,
                      qint64 size = -1, const QString& options = {});
// `qemu-img create -q -f raw IMAGE SIZE` (qemu-img rounds SIZE up to 512).
Command createRaw(const QString& image, qint64 size, const QString& options = {});
// qemu-io writes on a qcow2 image.
Command ioQcow2(const QString& image, const QStringList& ioCommands);

// qemu-io commands writing distinct patterns at places that stress the cluster map of an image
// with CLUSTERSIZE clusters: the first bytes, a cluster-unaligned run across two clusters, a run
// across an L2 table boundary (when the image has more than one table), one byte in the middle
// and the last bytes of the image. Every write is inside VIRTUALSIZE.
QStringList patternWrites(qint64 clusterSize, qint64 virtualSize, int patternSeed = 0);

// Guest bytes covered by one L2 table.
qint64 l2TableSpan(qint64 clusterSize, bool extendedL2 = false);

// Adds one QTest row per recipe, in a column named "recipe".
void addRecipeRows(const QList<NamedRecipe>& recipes);

// Each check runs the same request through qemu-img and diskscope-img in WORKSPACE and returns
// false with a full explanation (commands, both outputs, differences) in *WHY when they disagree
// or when qemu-img itself fails.

// `convert -f FMT -O raw IMAGE out` with both tools; the outputs must be equal byte for byte.
// EXTRAARGUMENTS go to both tools (e.g. -p).
bool convertRawAgrees(const QString& workspace, const ImageRecipe& recipe, QString* why,
                      const QStringList& extraArguments = {});
// `info --output=json ARGUMENTS` (an object), compared on the keys in json_compare.h.
bool infoJsonAgrees(const QString& workspace, const QStringList& arguments, QString* why);
// `info --output=json --backing-chain ARGUMENTS` (an array, one object per layer).
bool infoChainJsonAgrees(const QString& workspace, const QStringList& arguments, QString* why);
// `map --output=json ARGUMENTS`, compared extent by extent.
bool mapJsonAgrees(const QString& workspace, const QStringList& arguments, QString* why);
// map over several ranges of the image: the whole image, unaligned starts and lengths, a range
// clipped at the end, an empty range (--max-length=0) and a start at the end of the image.
bool mapRangesAgree(const QString& workspace, const ImageRecipe& recipe, QString* why);
// The same arguments to both tools; exit code, stdout and (when both succeed) stderr must match.
bool outputsAgree(const QString& workspace, const QStringList& arguments, QString* why);

// Fetches the virtual size qemu-img reports for IMAGE (used to place map ranges).
bool qemuVirtualSize(const QString& workspace, const ImageRecipe& recipe, qint64* size,
                     QString* why);

}  // namespace diskscope::interop
