// SPDX-License-Identifier: GPL-2.0-or-later
// Byte-level patching of crafted qcow2 images (see image_patch.h).
#include "image_patch.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

namespace malformed {
namespace {

bool fail(const QString& what)
{
    QTest::qFail(qPrintable(what), __FILE__, __LINE__);
    return false;
}

constexpr uint32_t kBackingFormatExtension = 0xE2792ACA;

}  // namespace

QByteArray be32(uint32_t value)
{
    QByteArray out(4, '\0');
    for (int i = 0; i < 4; ++i)
        out[i] = char(value >> (24 - 8 * i));
    return out;
}

QByteArray be64(uint64_t value)
{
    QByteArray out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[i] = char(value >> (56 - 8 * i));
    return out;
}

bool pokeBytes(const QString& path, qint64 offset, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return fail(QStringLiteral("cannot open %1 to patch it: %2").arg(path, file.errorString()));
    if (!file.seek(offset) || file.write(bytes) != bytes.size())
        return fail(QStringLiteral("cannot patch %1 at %2: %3").arg(path).arg(offset).arg(file.errorString()));
    return true;
}

bool pokeBe16(const QString& path, qint64 offset, uint16_t value)
{
    QByteArray bytes(2, '\0');
    bytes[0] = char(value >> 8);
    bytes[1] = char(value);
    return pokeBytes(path, offset, bytes);
}

bool pokeBe32(const QString& path, qint64 offset, uint32_t value) { return pokeBytes(path, offset, be32(value)); }
bool pokeBe64(const QString& path, qint64 offset, uint64_t value) { return pokeBytes(path, offset, be64(value)); }

bool fillBytes(const QString& path, qint64 offset, qint64 length, char value)
{
    return pokeBytes(path, offset, QByteArray(length, value));
}

bool setFileSize(const QString& path, qint64 size)
{
    QFile file(path);
    if (!file.resize(size))
        return fail(QStringLiteral("cannot resize %1: %2").arg(path, file.errorString()));
    return true;
}

QByteArray peekBytes(const QString& path, qint64 offset, qint64 length)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset)) {
        fail(QStringLiteral("cannot read %1 at %2").arg(path).arg(offset));
        return QByteArray(length, '\0');
    }
    QByteArray bytes = file.read(length);
    if (bytes.size() != length) {
        fail(QStringLiteral("short read of %1 at %2").arg(path).arg(offset));
        bytes.resize(length, '\0');
    }
    return bytes;
}

static uint64_t beValue(const QByteArray& bytes)
{
    uint64_t value = 0;
    for (char c : bytes)
        value = (value << 8) | uint8_t(c);
    return value;
}

uint16_t peekBe16(const QString& path, qint64 offset) { return uint16_t(beValue(peekBytes(path, offset, 2))); }
uint32_t peekBe32(const QString& path, qint64 offset) { return uint32_t(beValue(peekBytes(path, offset, 4))); }
uint64_t peekBe64(const QString& path, qint64 offset) { return beValue(peekBytes(path, offset, 8)); }

qint64 findExtension(const QString& path, uint32_t type)
{
    const uint32_t version = peekBe32(path, 4);
    const qint64 clusterSize = qint64(1) << peekBe32(path, 20);
    qint64 offset = version >= 3 ? qint64(peekBe32(path, 100)) : 72;
    // Only ever used on images fresh from qemu-img, so the walk stays inside cluster 0.
    while (offset + 8 <= clusterSize) {
        const uint32_t extType = peekBe32(path, offset);
        const uint32_t length = peekBe32(path, offset + 4);
        if (extType == type)
            return offset;
        if (extType == 0)
            return -1;
        offset += 8 + ((qint64(length) + 7) & ~qint64(7));
    }
    return -1;
}

bool setBackingName(const QString& path, const QByteArray& name)
{
    const uint64_t offset = peekBe64(path, 8);
    const uint32_t oldSize = peekBe32(path, 16);
    if (offset == 0)
        return fail(QStringLiteral("%1 has no backing name to replace").arg(path));
    // Clear the old name first so no stale bytes follow a shorter one.
    return fillBytes(path, qint64(offset), qMax<qint64>(oldSize, name.size()), '\0')
        && pokeBytes(path, qint64(offset), name) && pokeBe32(path, 16, uint32_t(name.size()));
}

bool setBackingFormat(const QString& path, const QByteArray& format)
{
    const qint64 ext = findExtension(path, kBackingFormatExtension);
    if (ext < 0)
        return fail(QStringLiteral("%1 has no backing-format extension").arg(path));
    if (format.size() > 8 || peekBe32(path, ext + 4) > 8)
        return fail(QStringLiteral("backing format does not fit the 8-byte slot"));
    QByteArray data = format;
    data.resize(8, '\0');
    return pokeBe32(path, ext + 4, uint32_t(format.size())) && pokeBytes(path, ext + 8, data);
}

QByteArray sha256OfFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

}  // namespace malformed
