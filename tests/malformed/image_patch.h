// SPDX-License-Identifier: GPL-2.0-or-later
// Byte-level patching of crafted qcow2 images: big-endian pokes, peeks and header-extension lookup.
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace malformed {

// Offset bits of an L1/L2 entry (bits 9-55), as in the qcow2 specification.
inline constexpr uint64_t kEntryOffsetMask = 0x00FFFFFFFFFFFE00ULL;

// Every helper reports an I/O failure through QTest::qFail, so a test row that could not be
// crafted fails instead of testing an image other than the one it names. Callers check
// QTest::currentTestFailed() after a patch step.
bool pokeBytes(const QString& path, qint64 offset, const QByteArray& bytes);
bool pokeBe16(const QString& path, qint64 offset, uint16_t value);
bool pokeBe32(const QString& path, qint64 offset, uint32_t value);
bool pokeBe64(const QString& path, qint64 offset, uint64_t value);
bool fillBytes(const QString& path, qint64 offset, qint64 length, char value);
bool setFileSize(const QString& path, qint64 size);

QByteArray peekBytes(const QString& path, qint64 offset, qint64 length);
uint16_t peekBe16(const QString& path, qint64 offset);
uint32_t peekBe32(const QString& path, qint64 offset);
uint64_t peekBe64(const QString& path, qint64 offset);

QByteArray be32(uint32_t value);
QByteArray be64(uint64_t value);

// Offset of the header of the first extension of `type` (walking from header_length, or 72
// for v2, up to the end marker), or -1 when absent.
qint64 findExtension(const QString& path, uint32_t type);

// Replaces the stored backing name (written at the image's backing_file_offset) and its size.
bool setBackingName(const QString& path, const QByteArray& name);
// Rewrites the backing-format extension in place; `format` must fit the extension's 8-byte slot.
bool setBackingFormat(const QString& path, const QByteArray& format);

QByteArray sha256OfFile(const QString& path);

}  // namespace malformed
