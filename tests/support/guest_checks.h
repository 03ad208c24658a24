// SPDX-License-Identifier: GPL-2.0-or-later
// What the fault, kill and full-disk tests ask of an image after a failure: qemu-img check
// finds no corruption (leaks allowed), and its guest bytes are each as before or as after.
#pragma once

#include <QByteArray>
#include <QString>

namespace diskscope::testsupport {

// `qemu-img check` of IMAGE (in DIR) exits 0 (clean) or 3 (leaked clusters only). With
// ALLOWCOPIEDFLAGS, "ERROR OFLAG_COPIED" findings are tolerated too (the harmless window of
// a snapshot operation, docs/architecture.md). False with the full report in *WHY.
bool qemuCheckNoCorruption(const QString& dir, const QString& image, QString* why, bool allowCopiedFlags = false,
                           bool* onlyCopiedFlags = nullptr);

// The guest bytes of IMAGE (with its backing chain) as qemu-img reads them (convert -O raw).
bool guestBytes(const QString& dir, const QString& image, const QString& format, QByteArray* out, QString* why);

// Empty when every 512-byte sector of GOT equals that sector in BEFORE or in AFTER and the
// size is one of theirs; else what is wrong.
QString sectorsOldOrNew(const QByteArray& got, const QByteArray& before, const QByteArray& after);

// True when the qcow2 header's dirty bit (incompatible feature bit 0) is set.
bool qcow2DirtyBit(const QString& path);

}  // namespace diskscope::testsupport
