// SPDX-License-Identifier: GPL-2.0-or-later
// Crafted qcow2 corruptions (catalogue M1-M60): diskscope-img must fail clearly, never crash, stay bounded.
//
// Each row copies a base image made by qemu-img/qemu-io, patches big-endian fields at the
// catalogue's offsets, then runs `diskscope-img info --output=json`, `map --output=json` and
// `convert -O raw` under RLIMIT_AS/RLIMIT_CPU and a wall-clock timeout. Expectations
// (reliability-anchors.md §4a, errata.md "Foundation"):
//   E     every command fails: exit != 0, no signal, stderr "diskscope-img: ..." naming the problem.
//   Chain info of the top image works; info --backing-chain, map and convert fail naming the problem.
//   R     info works; convert fails naming the problem; map as the row says.
//   Same  info, map and convert succeed, and map/convert output equal qemu-img's (this covers data
//         clusters past EOF, which qemu reads as zeros, and corruptions that only `check` reports).
// Every row also checks that the image is not modified and that nothing connected to a
// loopback listener (backing names like nbd:// must never reach the network).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <functional>
#include <vector>

#include "image_patch.h"
#include "limited_process.h"

using namespace malformed;

namespace {

const QString kDiskscope = QStringLiteral(DISKSCOPE_IMG);
const QString kQemuImg = QStringLiteral(QEMU_IMG);
const QString kQemuIo = QStringLiteral(QEMU_IO);
const QString kImage = QStringLiteral("img.qcow2");

enum class Expect { E, Chain, R, Same };
enum class MapExpect { Any, Fail, Ok };

// The row's working copy and what a craft step may need.
struct Row {
    QString dir;
    QString image;          // the image the commands run on (img.qcow2 unless the craft step says)
    quint16 port = 0;       // a loopback listener nothing may connect to
    QString path(const QString& name) const { return dir + QLatin1Char('/') + name; }

    uint64_t l1() const { return peekBe64(image, 40); }
    uint64_t l2() const { return peekBe64(image, qint64(l1())) & kEntryOffsetMask; }
    uint64_t snapshotTable() const { return peekBe64(image, 64); }
};

struct Case {
    QString name;
    QString base;
    std::function<void(Row&)> craft;
    Expect expect = Expect::E;
    QStringList keywords;               // regexes, each must match the stderr of a failing command
    MapExpect map = MapExpect::Any;     // R rows only
    QStringList formatArgs;             // e.g. {"-f", "qcow2"}
    std::function<QString(const QJsonObject&)> infoCheck;  // extra checks of a successful info
};

void runTool(const QString& program, const QStringList& args, const QString& cwd)
{
    Limits limits;
    limits.enabled = false;
    limits.wallMilliseconds = 60000;
    const ProcessResult r = runProcess(program, args, limits, cwd);
    if (!r.succeeded())
        QTest::qFail(qPrintable(QStringLiteral("%1 %2: %3\n%4").arg(program, args.join(QLatin1Char(' ')),
                                                                   r.outcome(), QString::fromLocal8Bit(r.err))),
                     __FILE__, __LINE__);
}

void qemuImg(const Row& r, const QStringList& args) { runTool(kQemuImg, args, r.dir); }

// Raw deflate (no zlib header) with QEMU's 4 KiB window, as a qcow2 compressed cluster holds it.
QByteArray rawDeflate(const QByteArray& input)
{
    z_stream stream{};
    deflateInit2(&stream, 9, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&stream, uLong(input.size()))), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.constData()));
    stream.avail_in = uInt(input.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(int(stream.total_out));
    deflateEnd(&stream);
    return out;
}

// A raw deflate stream that inflates to `mebibytes` MiB of zeros, about 1 KiB per MiB: one
// compressed MiB ended by a full flush (so it stands alone and can be repeated), then a final
// empty block. Lets a bomb far larger than RLIMIT_AS be built without deflating gigabytes.
QByteArray zeroBomb(int mebibytes)
{
    const QByteArray zeros(1 << 20, '\0');
    z_stream stream{};
    deflateInit2(&stream, 9, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY);
    QByteArray piece(1 << 16, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.constData()));
    stream.avail_in = uInt(zeros.size());
    stream.next_out = reinterpret_cast<Bytef*>(piece.data());
    stream.avail_out = uInt(piece.size());
    deflate(&stream, Z_FULL_FLUSH);
    piece.resize(int(piece.size() - stream.avail_out));
    QByteArray tail(16, '\0');
    stream.next_out = reinterpret_cast<Bytef*>(tail.data());
    stream.avail_out = uInt(tail.size());
    deflate(&stream, Z_FINISH);
    tail.resize(int(tail.size() - stream.avail_out));
    deflateEnd(&stream);
    return piece.repeated(mebibytes) + tail;
}

// Offset of snapshot entry `index` in the table (entries are 8-aligned, variable length).
qint64 snapshotEntry(const Row& r, int index)
{
    qint64 entry = qint64(r.snapshotTable());
    for (int i = 0; i < index; ++i) {
        const qint64 length = 40 + qint64(peekBe32(r.image, entry + 36)) + peekBe16(r.image, entry + 12)
            + peekBe16(r.image, entry + 14);
        entry += (length + 7) & ~qint64(7);
    }
    return entry;
}

// Copies snapshot entry 0 to the (cluster-aligned) end of the file and points the header at it,
// so anything read beyond that entry lies past EOF.
qint64 moveSnapshotTableToEof(Row& r)
{
    const qint64 entry = snapshotEntry(r, 0);
    const qint64 length = snapshotEntry(r, 1) - entry;
    const qint64 clusterSize = qint64(1) << peekBe32(r.image, 20);
    const qint64 at = (QFileInfo(r.image).size() + clusterSize - 1) / clusterSize * clusterSize;
    pokeBytes(r.image, at, peekBytes(r.image, entry, length));
    pokeBe64(r.image, 64, uint64_t(at));
    return at;
}

// Builds a chain base.raw <- L1.qcow2 <- ... <- L<depth>.qcow2 without opening backing files.
void makeChain(Row& r, int depth)
{
    for (int k = 1; k <= depth; ++k) {
        const QString backing = k == 1 ? QStringLiteral("base.raw") : QStringLiteral("L%1.qcow2").arg(k - 1);
        qemuImg(r, {"create", "-q", "-f", "qcow2", "-u", "-b", backing, "-F", k == 1 ? "raw" : "qcow2",
                    QStringLiteral("L%1.qcow2").arg(k), "64M"});
    }
    r.image = r.path(QStringLiteral("L%1.qcow2").arg(depth));
}

QString expectCorrupt(const QJsonObject& info)
{
    const QJsonValue corrupt = info["format-specific"].toObject()["data"].toObject()["corrupt"];
    return corrupt == QJsonValue(true) ? QString() : QStringLiteral("info does not report corrupt: true");
}

QString expectDirty(const QJsonObject& info)
{
    return info["dirty-flag"] == QJsonValue(true) ? QString() : QStringLiteral("info does not report dirty-flag: true");
}

QString expectSnapshotNamed(const QJsonObject& info, const QString& name)
{
    for (const QJsonValue& s : info["snapshots"].toArray())
        if (s.toObject()["name"].toString() == name)
            return {};
    return QStringLiteral("info lists no snapshot named \"%1\"").arg(name);
}

// ---------------------------------------------------------------------------------------------
// The catalogue. Offsets: reliability-anchors.md §4a; base layouts are re-read from the file
// (L1/L2/snapshot table offsets) rather than assumed.
std::vector<Case> buildCases()
{
    using E = Expect;
    std::vector<Case> c;
    auto add = [&c](const QString& name, const QString& base, std::function<void(Row&)> craft, Expect expect,
                    const QStringList& keywords = {}, MapExpect map = MapExpect::Any,
                    const QStringList& formatArgs = {},
                    std::function<QString(const QJsonObject&)> infoCheck = {}) {
        Case one;
        one.name = name;
        one.base = base;
        one.craft = std::move(craft);
        one.expect = expect;
        one.keywords = keywords;
        one.map = map;
        one.formatArgs = formatArgs;
        one.infoCheck = std::move(infoCheck);
        c.push_back(std::move(one));
    };
    auto header = [](qint64 off, uint64_t value, int width) {
        return [=](Row& r) {
            if (width == 4)
                pokeBe32(r.image, off, uint32_t(value));
            else
                pokeBe64(r.image, off, value);
        };
    };
    const QStringList fQcow2{"-f", "qcow2"};

    // ---- Header (base B)
    add("M1 magic QFI\\xfa with -f qcow2", "B", [](Row& r) { pokeBytes(r.image, 0, "QFI\xfa"); }, E::E,
                 {"qcow2|magic|format"}, {}, fQcow2);
    add("M1 magic QFI\\xfa probed as raw", "B", [](Row& r) { pokeBytes(r.image, 0, "QFI\xfa"); }, E::Same,
                 {}, {}, {}, [](const QJsonObject& i) {
                     return i["format"].toString() == "raw" ? QString() : QStringLiteral("not probed as raw");
                 });
    add("M2 version 1", "B", header(4, 1, 4), E::E, {"version"});
    add("M2 version 4", "B", header(4, 4, 4), E::E, {"version"});
    add("M3 cluster_bits 8", "B", header(20, 8, 4), E::E, {"cluster"});
    add("M3 cluster_bits 22", "B", header(20, 22, 4), E::E, {"cluster"});
    add("M3 cluster_bits 0xFFFFFFFF", "B", header(20, 0xFFFFFFFF, 4), E::E, {"cluster"});
    add("M4 header_length 72 on v3", "B", header(100, 72, 4), E::E, {"header"});
    // A multiple of 8, so the "exceeds the cluster" check is reached rather than the alignment one.
    add("M4 header_length 0x7FFFFFF8", "B", header(100, 0x7FFFFFF8, 4), E::E,
                 {"header", "cluster|exceed|large|long|beyond"});
    add("M5 header_length 105", "B", header(100, 105, 4), E::E, {"header"});
    add("M6 size 2^63", "B", header(24, uint64_t(1) << 63, 8), E::E, {"size|big|large|L1"});
    add("M6 size 2^64-1", "B", header(24, ~uint64_t(0), 8), E::E, {"size|big|large|L1"});
    add("M6 size 2^56 with l1_size 1", "B", [](Row& r) {
                     pokeBe64(r.image, 24, uint64_t(1) << 56);
                     pokeBe32(r.image, 36, 1);
                 }, E::E, {"L1|size|big|large"});
    add("M7 crypt_method 1 (AES)", "B", header(32, 1, 4), E::E, {"encrypt"});
    add("M7 crypt_method 2 (LUKS) without extension", "B", header(32, 2, 4), E::E, {"encrypt"});
    add("M7 crypt_method 3", "B", header(32, 3, 4), E::E, {"encrypt"});
    add("M7 encryption extension with crypt_method 0", "B", [](Row& r) {
                     // Replaces the feature-name table at 112 with a 16-byte encryption header extension.
                     pokeBytes(r.image, 112, be32(0x0537BE77) + be32(16) + be64(0x60000) + be64(0x10000) + be64(0));
                 }, E::E, {"encrypt"});
    add("M8 incompatible bit 20", "B", header(72, uint64_t(1) << 20, 8), E::E, {"feature"});
    add("M8 incompatible bit 20 named in the feature table", "B", [](Row& r) {
                     // Feature table entries start at 120; entry 0 (incompatible bit 0) becomes bit 20.
                     QByteArray entry(48, '\0');
                     entry[0] = 0;
                     entry[1] = 20;
                     entry.replace(2, 11, "frobnicator");
                     pokeBytes(r.image, 120, entry);
                     pokeBe64(r.image, 72, uint64_t(1) << 20);
                 }, E::E, {"feature", "frobnicator"});
    add("M9 compression bit 3 with type 0", "B", header(72, 8, 8), E::E, {"compression"});
    add("M9 compression type 1 without bit 3", "B", [](Row& r) { pokeBytes(r.image, 104, "\x01"); }, E::E,
                 {"compression"});
    add("M9 compression type 7", "B", [](Row& r) {
                     pokeBytes(r.image, 104, "\x07");
                     pokeBe64(r.image, 72, 8);
                 }, E::E, {"compression"});
    add("M10 refcount_order 7", "B", header(96, 7, 4), E::E, {"refcount|reference count"});
    add("M10 refcount_order 0xFFFFFFFF", "B", header(96, 0xFFFFFFFF, 4), E::E, {"refcount|reference count"});
    add("M11 corrupt bit reads read-only", "B", header(72, 2, 8), E::Same, {}, {}, {}, expectCorrupt);
    add("M11 dirty bit reads read-only", "B", header(72, 1, 8), E::Same, {}, {}, {}, expectDirty);

    // ---- Header extensions
    add("M12 extension length 0x7FFFFFFF", "B", header(116, 0x7FFFFFFF, 4), E::E, {"extension"});
    add("M12 0xAB to the end of cluster 0", "B", [](Row& r) { fillBytes(r.image, 112, 0x10000 - 112, '\xAB'); },
                 E::E, {"extension"});
    add("M12 2000 empty unknown extensions", "B", [](Row& r) {
                     QByteArray area;
                     for (uint32_t i = 0; i < 2000; ++i)
                         area += be32(0x7E000000 + i) + be32(0);
                     area += QByteArray(8, '\0');
                     pokeBytes(r.image, 112, area);
                 }, E::Same);
    add("M13 backing-format extension of 200 bytes", "O", header(116, 200, 4), E::E,
                 {"format|extension"});
    add("M14 feature table of 47 bytes", "B", [](Row& r) {
                     pokeBe32(r.image, 116, 47);
                     fillBytes(r.image, 120 + 48, 8, '\0');  // end marker after the padded 48 bytes
                 }, E::Same);
    add("M15 two backing-format extensions", "O", [](Row& r) {
                     // O has "raw" at 112 (16 bytes); a second one replaces the feature table at 128.
                     QByteArray second = be32(0xE2792ACA) + be32(5) + QByteArray("qcow2\0\0\0", 8) + QByteArray(8, '\0');
                     pokeBytes(r.image, 128, second);
                 }, E::E, {"duplicate|twice|more than one|extension"});
    auto bitmapField = [](qint64 field, uint64_t value, int width) {
        return [=](Row& r) {
            const qint64 ext = findExtension(r.image, 0x23852875);
            if (ext < 0) {
                QTest::qFail("base BM has no bitmaps extension", __FILE__, __LINE__);
                return;
            }
            if (width == 4)
                pokeBe32(r.image, ext + 8 + field, uint32_t(value));
            else
                pokeBe64(r.image, ext + 8 + field, value);
        };
    };
    add("M16 bitmaps nb_bitmaps 0", "BM", bitmapField(0, 0, 4), E::E, {"bitmap"});
    add("M16 bitmaps directory offset unaligned", "BM", [](Row& r) {
                     const qint64 ext = findExtension(r.image, 0x23852875);
                     pokeBe64(r.image, ext + 8 + 16, peekBe64(r.image, ext + 8 + 16) + 0x208);
                 }, E::E, {"bitmap"});
    add("M16 bitmaps directory past EOF", "BM", bitmapField(16, 0x10000000, 8), E::E, {"bitmap"});
    add("M16 bitmaps directory size 1 GiB", "BM", bitmapField(8, uint64_t(1) << 30, 8), E::E, {"bitmap"});
    add("M16 autoclear bitmaps bit without extension", "B", header(88, 1, 8), E::Same);

    // ---- L1 table (open-time)
    add("M17 l1_size 0xFFFFFFFF", "B", header(36, 0xFFFFFFFF, 4), E::E, {"L1"});
    add("M17 l1_size 0x400001 (over 32 MiB)", "B", header(36, 0x400001, 4), E::E, {"L1"});
    add("M18 l1_size 0 for 64 MiB", "B", header(36, 0, 4), E::E, {"L1"});
    add("M19 l1_offset 0x30008 unaligned", "B", header(40, 0x30008, 8), E::E, {"L1"});
    add("M19 l1_offset+size overflow", "B", [](Row& r) {
                     pokeBe64(r.image, 40, 0x7FFFFFFFFFFF0000ULL);
                     pokeBe32(r.image, 36, 0xFFFF);
                 }, E::E, {"L1"});
    add("M20 l1_offset past EOF", "B", header(40, 0x1000000, 8), E::E, {"L1"});
    add("M20 l1_offset 0 overlaps header", "B", header(40, 0, 8), E::E, {"L1|header|overlap"});

    // ---- L1/L2 entries (use time)
    auto l1Entry = [](uint64_t value) { return [=](Row& r) { pokeBe64(r.image, qint64(r.l1()), value); }; };
    auto l2Entry = [](int index, uint64_t value) {
        return [=](Row& r) { pokeBe64(r.image, qint64(r.l2()) + 8 * index, value); };
    };
    add("M21 L1[0] reserved bit 1", "B", l1Entry(0x8000000000040002ULL), E::Same);
    add("M21 L1[0] reserved bit 56", "B", l1Entry(0x8100000000040000ULL), E::Same);
    add("M21 L2[0] reserved bit 2", "B", l2Entry(0, 0x8000000000050004ULL), E::Same);
    add("M21 L2[0] reserved bit 57", "B", l2Entry(0, 0x8200000000050000ULL), E::Same);
    add("M22 L1[0] unaligned 0x42A00", "B", l1Entry(0x8000000000042A00ULL), E::R, {"L1|L2|align"},
                 MapExpect::Fail);
    add("M23 L1[0] points at the L1 table", "B", l1Entry(0x8000000000030000ULL), E::Same);
    add("M24 v2 zero flag in L2[0]", "V2", [](Row& r) {
                     pokeBe64(r.image, qint64(r.l2()), peekBe64(r.image, qint64(r.l2())) | 1);
                 }, E::R, {"zero|v2|version|compat|0\\.10"}, MapExpect::Fail);
    add("M25 L2[0] unaligned 0x52A00", "B", l2Entry(0, 0x8000000000052A00ULL), E::R, {"L2|align"},
                 MapExpect::Fail);
    // The L2 table is metadata: read with an end-of-file check, unlike data clusters (errata).
    add("M26 L1[0] L2 table at 64 GiB past EOF", "B", l1Entry(0x8000001000000000ULL), E::R,
                 {"L2|end of (the )?file|EOF|past|beyond|truncated"});
    add("M26 L2[0] data at 64 GiB past EOF (zeros)", "B", l2Entry(0, 0x8000001000000000ULL), E::Same);
    add("M26 L2[0] data at 0xFFFFFFFFFE0000 past EOF (zeros)", "B", l2Entry(0, 0x80FFFFFFFFFE0000ULL),
                 E::Same);
    add("M27 L2[0] points at the refcount block", "B", l2Entry(0, 0x8000000000020000ULL), E::Same);
    add("M27 L2[0] points at the refcount table", "B", l2Entry(0, 0x8000000000010000ULL), E::Same);
    add("M28 L2[1] equals L2[0]", "B", l2Entry(1, 0x8000000000050000ULL), E::Same);
    add("M29 L2[0] COPIED cleared", "B", l2Entry(0, 0x0000000000050000ULL), E::Same);
    add("M29 L2[0] offset 0 with COPIED", "B", l2Entry(0, 0x8000000000000000ULL), E::Same);

    // ---- Compressed clusters (base C: L2[0] = 0x4000000000050000, L2[1] packed right after it)
    add("M30 compressed offset 0x10000000 past EOF", "C", l2Entry(0, 0x4000000010000000ULL), E::R,
                 {"compress|end of (the )?file|EOF|past|beyond"});
    // The stream itself ends inside the file; only the descriptor's slack runs past EOF. qemu
    // reads it (the missing bytes as zeros), so by the errata's rule the output must match.
    add("M30 compressed 255 extra sectors past EOF", "C", l2Entry(0, 0x4000000000050000ULL | (255ULL << 54)),
                 E::Same);
    add("M31 zlib stream replaced by 0xFF", "C", [](Row& r) { fillBytes(r.image, 0x50000, 0x4F, '\xFF'); },
                 E::R, {"compress|inflate|deflate"}, MapExpect::Ok);
    add("M31 broken zstd frame", "CZ", [](Row& r) { fillBytes(r.image, 0x50004, 16, '\xFF'); }, E::R,
                 {"compress|zstd"}, MapExpect::Ok);
    add("M32 deflate stream of 100 bytes", "C", [](Row& r) {
                     const QByteArray stream = rawDeflate(QByteArray(100, 'D'));
                     if (stream.size() > 0x4F)
                         QTest::qFail("short stream does not fit", __FILE__, __LINE__);
                     pokeBytes(r.image, 0x50000, stream);
                 }, E::R, {"compress|short|inflate|deflate"}, MapExpect::Ok);
    add("M33 bomb 64 MiB of zeros in a 120000-byte descriptor", "C", [](Row& r) {
                     const QByteArray stream = rawDeflate(QByteArray(64 << 20, '\0'));
                     const qint64 at = 0x60000;
                     const uint64_t sectors = (120000 + 511) / 512 - 1;
                     pokeBytes(r.image, at, stream);
                     // The descriptor's whole range lies inside the file: only the bomb is tested.
                     setFileSize(r.image, at + qint64(sectors + 1) * 512);
                     pokeBe64(r.image, qint64(r.l2()), (1ULL << 62) | (sectors << 54) | uint64_t(at));
                 }, E::Same);
    // With 2 MiB clusters a descriptor may span 4 MiB of input: enough for 3.5 GiB of output,
    // beyond the 1 GiB address-space limit, so a growing output buffer cannot go unnoticed.
    add("M33 bomb 3.5 GiB of zeros under 2 MiB clusters", "B2M", [](Row& r) {
                     const QByteArray stream = zeroBomb(3584);
                     const qint64 at = QFileInfo(r.image).size();
                     const uint64_t sectors = uint64_t(stream.size() + 511) / 512 - 1;
                     if (sectors >= (1u << 13))
                         QTest::qFail("bomb stream does not fit one descriptor", __FILE__, __LINE__);
                     pokeBytes(r.image, at, stream);
                     setFileSize(r.image, at + qint64(sectors + 1) * 512);
                     pokeBe64(r.image, qint64(r.l2()), (1ULL << 62) | (sectors << 49) | uint64_t(at));
                 }, E::Same);
    add("M34 compressed entry with COPIED", "C", l2Entry(0, 0xC000000000050000ULL), E::Same);
    add("M34 compressed entry in a data-file image", "DF", l2Entry(0, 0x4000000000050000ULL), E::R,
                 {"compress|data"}, MapExpect::Fail);

    // ---- Extended L2 (base X: L2[0] word 0 = data, word 1 = 0x00000000FFFFFFFF)
    add("M35 extended_l2 with cluster_bits 13", "X", header(20, 13, 4), E::E,
                 {"subcluster|cluster|extended"});
    add("M36 subcluster allocated and zero", "X", [](Row& r) { pokeBe64(r.image, qint64(r.l2()) + 8, 0x00000001FFFFFFFFULL); },
                 E::R, {"subcluster|L2|bitmap|invalid"}, MapExpect::Fail);
    add("M37 allocation bits with offset 0", "X", [](Row& r) { pokeBe64(r.image, qint64(r.l2()), 0); }, E::R,
                 {"subcluster|L2|bitmap|invalid"}, MapExpect::Fail);
    // qemu 7.2 ignores the bitmap and reads the cluster; the catalogue treats the entry as corrupt.
    add("M37 compressed entry with nonzero bitmap", "XC", [](Row& r) {
                     pokeBe64(r.image, qint64(r.l2()) + 16 + 8, 1);
                 }, E::R, {"subcluster|L2|bitmap|invalid|compress"});

    // ---- Refcount structures (open-time checks only)
    add("M38 refcount_table_clusters 0xFFFFFFFF", "B", header(56, 0xFFFFFFFF, 4), E::E,
                 {"refcount|reference count"});
    add("M38 refcount_table_clusters 0x81 (over 8 MiB)", "B", header(56, 0x81, 4), E::E,
                 {"refcount|reference count"});
    add("M38 refcount table of 16 2-MiB clusters", "B2M", header(56, 16, 4), E::E,
                 {"refcount|reference count"});
    add("M39 refcount_table_clusters 0", "B", header(56, 0, 4), E::E, {"refcount|reference count"});
    add("M40 refcount_table_offset 0x10008", "B", header(48, 0x10008, 8), E::E, {"refcount|reference count"});
    add("M40 refcount_table_offset 0xFFFFFFFFFFFF0000", "B", header(48, 0xFFFFFFFFFFFF0000ULL, 8), E::E,
                 {"refcount|reference count"});
    add("M40 refcount table past EOF", "B", header(48, 0x1000000, 8), E::E, {"refcount|reference count"});
    add("M41 reftable[0] unaligned, read-only open", "B", [](Row& r) { pokeBe64(r.image, 0x10000, 0x22A00); },
                 E::Same);
    add("M41 reftable[0] past EOF, read-only open", "B", [](Row& r) { pokeBe64(r.image, 0x10000, 0x1000000000ULL); },
                 E::Same);

    // ---- Snapshot table (base S)
    add("M45 nb_snapshots 0xFFFFFFFF", "S", header(60, 0xFFFFFFFF, 4), E::E, {"snapshot"});
    add("M45 nb_snapshots 65537", "S", header(60, 65537, 4), E::E, {"snapshot"});
    // The other 999 entries read as zeros inside the file (empty ids, no v3 extra data): qemu
    // opens it, the catalogue refuses it as a truncated table.
    add("M45 nb_snapshots 1000 with a one-entry table", "S", header(60, 1000, 4), E::E, {"snapshot"});
    add("M46 snapshots_offset unaligned", "S", [](Row& r) { pokeBe64(r.image, 64, r.snapshotTable() + 8); },
                 E::E, {"snapshot"});
    add("M46 snapshots_offset 0x1234567890AB0000", "S", header(64, 0x1234567890AB0000ULL, 8), E::E,
                 {"snapshot"});
    add("M45 nb_snapshots 1000, table at EOF", "S", [](Row& r) {
                     moveSnapshotTableToEof(r);
                     pokeBe32(r.image, 60, 1000);
                 }, E::E, {"snapshot"});
    add("M47 snapshot id and name lengths 0xFFFF past EOF", "S", [](Row& r) {
                     const qint64 e = moveSnapshotTableToEof(r);
                     pokeBe16(r.image, e + 12, 0xFFFF);
                     pokeBe16(r.image, e + 14, 0xFFFF);
                 }, E::E, {"snapshot"});
    add("M48 snapshot extra_data_size 65536", "S", [](Row& r) {
                     pokeBe32(r.image, snapshotEntry(r, 0) + 36, 65536);
                 }, E::E, {"snapshot"});
    add("M48 v3 snapshot extra_data_size 8", "S", [](Row& r) {
                     // Rewrites entry 0 with 8 bytes of extra data (vm_state_size_large only).
                     const qint64 e = snapshotEntry(r, 0);
                     pokeBe32(r.image, e + 36, 8);
                     pokeBytes(r.image, e + 40, be64(0) + QByteArray("1s1") + QByteArray(21, '\0'));
                 }, E::Same, {}, {}, {}, [](const QJsonObject& i) { return expectSnapshotNamed(i, "s1"); });
    add("M49 snapshot L1 offset +0x200", "S", [](Row& r) {
                     const qint64 e = snapshotEntry(r, 0);
                     pokeBe64(r.image, e, peekBe64(r.image, e) + 0x200);
                 }, E::Same);
    add("M49 snapshot L1 past EOF", "S", [](Row& r) { pokeBe64(r.image, snapshotEntry(r, 0), 0x10000000); },
                 E::Same);
    add("M49 snapshot l1_size 2^28", "S", [](Row& r) { pokeBe32(r.image, snapshotEntry(r, 0) + 8, 1u << 28); },
                 E::Same);
    add("M50 snapshot L1[0] unaligned", "S", [](Row& r) {
                     pokeBe64(r.image, qint64(peekBe64(r.image, snapshotEntry(r, 0))), 0x42A00);
                 }, E::Same);
    add("M50 snapshot disk size 2^62", "S", [](Row& r) {
                     pokeBe64(r.image, snapshotEntry(r, 0) + 48, uint64_t(1) << 62);
                 }, E::Same);
    add("M51 two snapshots with id 1", "S", [](Row& r) {
                     qemuImg(r, {"snapshot", "-c", "s2", r.image});
                     pokeBytes(r.image, snapshotEntry(r, 1) + 64, "1");  // id "2" -> "1"
                 }, E::Same);
    add("M51 snapshot with an empty name", "S", [](Row& r) {
                     pokeBe16(r.image, snapshotEntry(r, 0) + 14, 0);
                 }, E::Same);
    add("M51 snapshot name with ESC", "S", [](Row& r) {
                     pokeBytes(r.image, snapshotEntry(r, 0) + 64 + 1, "\x1b]");  // name "s1" -> ESC ]
                 }, E::Same, {}, {}, {}, [](const QJsonObject& i) {
                     const QString name = i["snapshots"].toArray().at(0).toObject()["name"].toString();
                     return name == QStringLiteral("\x1b]") || name.contains(QStringLiteral("\\x1b"))
                                || name.contains(QStringLiteral("\\u001b"), Qt::CaseInsensitive)
                         ? QString()
                         : QStringLiteral("snapshot name not shown: \"%1\"").arg(name);
                 });

    // ---- Backing chains (base O: img.qcow2 -> base.raw, format "raw")
    add("M52 backing name size 0xFFFFFFFF", "O", header(16, 0xFFFFFFFF, 4), E::E, {"backing"});
    add("M52 backing name running past cluster 0", "O", [](Row& r) {
                     pokeBe64(r.image, 8, 0x10000 - 4);
                     pokeBe32(r.image, 16, 100);
                 }, E::E, {"backing"});
    add("M52 backing offset 2^64-1", "O", header(8, ~uint64_t(0), 8), E::E, {"backing"});
    add("M53 backing names itself", "O", [](Row& r) {
                     setBackingName(r.image, kImage.toUtf8());
                     setBackingFormat(r.image, "qcow2");
                 }, E::Chain, {"loop|cycle|itself|backing"});
    add("M53 backing names itself through a symlink", "O", [](Row& r) {
                     QFile::link(kImage, r.path("alias.qcow2"));
                     setBackingName(r.image, "alias.qcow2");
                     setBackingFormat(r.image, "qcow2");
                 }, E::Chain, {"loop|cycle|itself|backing"});
    add("M54 A -> B -> A", "O", [](Row& r) {
                     setBackingName(r.image, "other.qcow2");
                     setBackingFormat(r.image, "qcow2");
                     qemuImg(r, {"create", "-q", "-f", "qcow2", "-u", "-b", kImage, "-F", "qcow2", "other.qcow2", "64M"});
                 }, E::Chain, {"loop|cycle|backing"});
    add("M55 backing nbd://127.0.0.1", "O", [](Row& r) {
                     setBackingName(r.image, QStringLiteral("nbd://127.0.0.1:%1/x").arg(r.port).toUtf8());
                 }, E::Chain, {"backing|protocol|nbd|local"});
    add("M55 backing http://127.0.0.1", "O", [](Row& r) {
                     setBackingName(r.image, QStringLiteral("http://127.0.0.1:%1/x.qcow2").arg(r.port).toUtf8());
                 }, E::Chain, {"backing|protocol|http|local"});
    add("M55 backing json: nbd", "O", [](Row& r) {
                     setBackingName(r.image, QStringLiteral("json:{\"driver\":\"nbd\",\"server\":{\"type\":\"inet\","
                                                            "\"host\":\"127.0.0.1\",\"port\":\"%1\"},\"export\":\"x\"}")
                                                 .arg(r.port)
                                                 .toUtf8());
                 }, E::Chain, {"backing|protocol|json|local"});
    add("M55 backing json: file /etc/hostname", "O", [](Row& r) {
                     setBackingName(r.image, "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\","
                                             "\"filename\":\"/etc/hostname\"}}");
                 }, E::Chain, {"backing|protocol|json|local"});
    add("M57 chain depth 17", "O", [](Row& r) { makeChain(r, 17); }, E::Chain,
                 {"\\b16\\b", "backing|chain|depth|deep|limit|layer"});
    add("M57 chain depth 16 (limit) opens", "O", [](Row& r) {
                     makeChain(r, 16);
                     runTool(kQemuIo, {"-c", "write -P 0x44 128k 64k", r.image}, r.dir);
                 }, E::Same);
    // No format recorded: qemu probes the backing file, and so does Diskscope for now, so
    // images from older qemu versions stay readable. Refusing (reliability-anchors §6) needs
    // the user-supplied format option of the untrusted-images work first.
    add("M57 backing without format extension", "O", [](Row& r) {
                     const qint64 ext = findExtension(r.image, 0xE2792ACA);
                     pokeBe32(r.image, ext, 0x7E000001);  // now an unknown extension: no format recorded
                 }, E::Same);
    add("M57 format raw over a qcow2 backing file", "O", [](Row& r) {
                     qemuImg(r, {"create", "-q", "-f", "qcow2", "inner.qcow2", "64M"});
                     runTool(kQemuIo, {"-c", "write -P 0x55 0 128k", r.path("inner.qcow2")}, r.dir);
                     setBackingName(r.image, "inner.qcow2");
                     setBackingFormat(r.image, "raw");
                 }, E::Same);

    // ---- External data files (base DF: img.qcow2 + DF.data, L2[0] = COPIED at offset 0)
    add("M58 data-file bit without a name", "B", header(72, 4, 8), E::E, {"data"});
    add("M58 data_file_raw without data-file bit", "B", header(88, 2, 8), E::E, {"data"});
    add("M58 data_file_raw with a backing file", "DF", [](Row& r) {
                     pokeBytes(r.image, 0x8000, "base.raw");
                     pokeBe64(r.image, 8, 0x8000);
                     pokeBe32(r.image, 16, 8);
                     pokeBe64(r.image, 88, peekBe64(r.image, 88) | 2);
                 }, E::E, {"data|backing"});
    add("M59 data-file L2 offset differs from guest offset", "DF", l2Entry(0, 0x8000000000010000ULL), E::R,
                 {"data|offset|L2"}, MapExpect::Fail);

    // ---- Overflow (base B512: 512-byte clusters)
    add("M60 512-byte clusters, L2[0] at 32 PB (zeros)", "B512", l2Entry(0, 0x8080000000000000ULL), E::Same);
    return c;
}

const std::vector<Case>& catalogue()
{
    static const std::vector<Case> all = buildCases();
    return all;
}

// Copies a file, leaving all-zero 64 KiB blocks as holes (the data files are 64 MiB sparse).
bool copySparse(const QString& from, const QString& to)
{
    QFile in(from), out(to);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray zeros(65536, '\0');
    qint64 offset = 0;
    while (!in.atEnd()) {
        const QByteArray block = in.read(65536);
        if (block.isEmpty())
            return false;
        if (block != zeros.left(block.size())) {
            if (!out.seek(offset) || out.write(block) != block.size())
                return false;
        }
        offset += block.size();
    }
    return out.resize(offset);
}

// Numbers above 2^53 (host offsets past EOF) lose precision as JSON doubles: quote every
// integer first so the comparison is exact, and drop "compressed", which 7.2 does not print.
QJsonArray normalisedMap(const QByteArray& text, QString* error)
{
    QString quoted = QString::fromUtf8(text);
    quoted.replace(QRegularExpression(QStringLiteral("(:\\s*)(-?\\d+)")), QStringLiteral("\\1\"\\2\""));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(quoted.toUtf8(), &parseError);
    if (!doc.isArray()) {
        *error = QStringLiteral("map output is not a JSON array (%1)").arg(parseError.errorString());
        return {};
    }
    QJsonArray out;
    for (const QJsonValue& v : doc.array()) {
        QJsonObject o = v.toObject();
        o.remove(QStringLiteral("compressed"));
        out.append(o);
    }
    return out;
}

// First differing byte of two files, or -1 when equal; sizes must match too.
qint64 firstDifference(const QString& a, const QString& b, QString* error)
{
    QFile fa(a), fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1 or %2").arg(a, b);
        return 0;
    }
    if (fa.size() != fb.size()) {
        *error = QStringLiteral("sizes differ: %1 vs %2").arg(fa.size()).arg(fb.size());
        return 0;
    }
    qint64 offset = 0;
    while (!fa.atEnd()) {
        const QByteArray x = fa.read(1 << 20), y = fb.read(1 << 20);
        if (x != y) {
            for (int i = 0; i < x.size(); ++i)
                if (i >= y.size() || x[i] != y[i])
                    return offset + i;
        }
        offset += x.size();
    }
    return -1;
}

// A loopback listener: a backing or data-file name that reaches the network connects here.
class Listener {
public:
    Listener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_fd, 16) != 0
            || ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            return;
        m_port = ntohs(addr.sin_port);
    }
    ~Listener()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    quint16 port() const { return m_port; }
    // Whether anything connected since creation.
    bool contacted()
    {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            ::close(fd);
            return true;
        }
        return false;
    }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

}  // namespace

class TestMalformed : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cases_data();
    void cases();

private:
    bool buildBase(const QString& name, const std::function<void(const QString& dir)>& build);
    QString baseDir(const QString& name) const { return m_bases.path() + QLatin1Char('/') + name; }

    QTemporaryDir m_bases;
};

bool TestMalformed::buildBase(const QString& name, const std::function<void(const QString&)>& build)
{
    QDir().mkpath(baseDir(name));
    build(baseDir(name));
    return !QTest::currentTestFailed();
}

void TestMalformed::initTestCase()
{
    // qemu-img/qemu-io build every base image: without them the suite fails, never skips.
    QVERIFY2(QFileInfo(kQemuImg).isExecutable(), qPrintable("qemu-img not found at " + kQemuImg));
    QVERIFY2(QFileInfo(kQemuIo).isExecutable(), qPrintable("qemu-io not found at " + kQemuIo));
    QVERIFY2(QFileInfo(kDiskscope).isExecutable(), qPrintable("diskscope-img not found at " + kDiskscope));
    QVERIFY(m_bases.isValid());

    // The limits really reach the child: a shell under them reports 1 GiB of address space
    // (ulimit -v counts KiB) and 10 s of CPU. ASan builds bound memory through ASAN_OPTIONS.
    if (!builtWithAsan()) {
        const ProcessResult limits = runProcess(QStringLiteral("/bin/sh"), {"-c", "ulimit -v; ulimit -t"}, Limits());
        QVERIFY2(limits.succeeded(), qPrintable(limits.outcome()));
        QCOMPARE(limits.out, QByteArray("1048576\n10\n"));
    }

    auto img = [](const QString& dir) { return dir + QStringLiteral("/img.qcow2"); };
    auto run = [](const QString& dir, const QString& tool, const QStringList& args) { runTool(tool, args, dir); };
    auto plain = [&](const QString& dir, const QStringList& createOptions) {
        run(dir, kQemuImg, QStringList{"create", "-q", "-f", "qcow2"} + createOptions + QStringList{img(dir), "64M"});
        run(dir, kQemuIo, {"-c", "write -P 0x11 0 64k", img(dir)});
    };

    QVERIFY(buildBase("B", [&](const QString& d) { plain(d, {}); }));
    QVERIFY(buildBase("S", [&](const QString& d) {
        plain(d, {});
        run(d, kQemuImg, {"snapshot", "-c", "s1", img(d)});
        run(d, kQemuIo, {"-c", "write -P 0x12 0 64k", img(d)});
    }));
    auto compressed = [&](const QString& d, const QStringList& options) {
        run(d, kQemuImg, QStringList{"create", "-q", "-f", "qcow2"} + options + QStringList{img(d), "64M"});
        run(d, kQemuIo, {"-c", "write -c -P 0x11 0 64k", "-c", "write -c -P 0x22 64k 64k", img(d)});
    };
    QVERIFY(buildBase("C", [&](const QString& d) { compressed(d, {}); }));
    QVERIFY(buildBase("CZ", [&](const QString& d) { compressed(d, {"-o", "compression_type=zstd"}); }));
    QVERIFY(buildBase("X", [&](const QString& d) { plain(d, {"-o", "extended_l2=on"}); }));
    QVERIFY(buildBase("XC", [&](const QString& d) {
        plain(d, {"-o", "extended_l2=on"});
        run(d, kQemuIo, {"-c", "write -c -P 0x22 64k 64k", img(d)});
    }));
    QVERIFY(buildBase("O", [&](const QString& d) {
        run(d, kQemuImg, {"create", "-q", "-f", "raw", d + "/base.raw", "1M"});
        run(d, kQemuIo, {"-f", "raw", "-c", "write -P 0x33 0 1M", d + "/base.raw"});
        run(d, kQemuImg, {"create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", img(d), "64M"});
        run(d, kQemuIo, {"-c", "write -P 0x11 0 64k", img(d)});
    }));
    QVERIFY(buildBase("DF", [&](const QString& d) { plain(d, {"-o", "data_file=DF.data"}); }));
    QVERIFY(buildBase("V2", [&](const QString& d) { plain(d, {"-o", "compat=0.10"}); }));
    QVERIFY(buildBase("BM", [&](const QString& d) {
        plain(d, {});
        run(d, kQemuImg, {"bitmap", "--add", img(d), "b0"});
    }));
    QVERIFY(buildBase("B2M", [&](const QString& d) { plain(d, {"-o", "cluster_size=2M"}); }));
    QVERIFY(buildBase("B512", [&](const QString& d) {
        run(d, kQemuImg, {"create", "-q", "-f", "qcow2", "-o", "cluster_size=512", img(d), "64M"});
        run(d, kQemuIo, {"-c", "write -P 0x11 0 512", img(d)});
    }));

    // The catalogue's offsets must hold for the bases, or the rows patch the wrong bytes.
    const QString b = img(baseDir("B"));
    QCOMPARE(peekBe64(b, 40), uint64_t(0x30000));
    QCOMPARE(peekBe64(b, 0x30000), uint64_t(0x8000000000040000ULL));
    QCOMPARE(peekBe64(b, 0x40000), uint64_t(0x8000000000050000ULL));
    QCOMPARE(peekBe32(b, 100), uint32_t(112));
    QCOMPARE(peekBe32(b, 112), uint32_t(0x6803F857));
    QCOMPARE(peekBe64(img(baseDir("C")), 0x40000), uint64_t(0x4000000000050000ULL));
    QCOMPARE(peekBe64(img(baseDir("C")), 0x40008) >> 54, uint64_t(0x100));  // packed right after, 1 sector
    QCOMPARE(peekBe64(img(baseDir("CZ")), 0x40000), uint64_t(0x4000000000050000ULL));
    QCOMPARE(peekBe64(img(baseDir("X")), 0x40008), uint64_t(0x00000000FFFFFFFFULL));
    QCOMPARE(peekBe64(img(baseDir("XC")), 0x40010) >> 62, uint64_t(1));  // L2[1] compressed
    QCOMPARE(peekBe64(img(baseDir("S")), 64), uint64_t(0x70000));
    QCOMPARE(peekBe32(img(baseDir("O")), 112), uint32_t(0xE2792ACA));
    QCOMPARE(peekBe32(img(baseDir("O")), 128), uint32_t(0x6803F857));
    QCOMPARE(peekBe32(img(baseDir("O")), 116), uint32_t(3));
}

void TestMalformed::cases_data()
{
    QTest::addColumn<int>("index");
    const auto& all = catalogue();
    for (size_t i = 0; i < all.size(); ++i)
        QTest::newRow(qPrintable(all[i].name)) << int(i);
}

void TestMalformed::cases()
{
    QFETCH(int, index);
    const Case& tc = catalogue()[size_t(index)];

    QTemporaryDir work;
    QVERIFY(work.isValid());
    Row row;
    row.dir = work.path();
    row.image = row.path(kImage);
    const QDir base(baseDir(tc.base));
    for (const QString& name : base.entryList(QDir::Files))
        QVERIFY2(copySparse(base.filePath(name), row.path(name)), qPrintable("cannot copy " + name));
    Listener listener;
    QVERIFY(listener.port() != 0);
    row.port = listener.port();

    tc.craft(row);
    if (QTest::currentTestFailed())
        return;
    const QByteArray before = sha256OfFile(row.image);
    QVERIFY(!before.isEmpty());

    // Every problem found is collected so one run reports all of a row's misbehaviour.
    QStringList problems;
    auto command = [&](const QStringList& args) { return QStringLiteral("diskscope-img %1").arg(args.join(QLatin1Char(' '))); };
    auto describe = [&](const QStringList& args, const ProcessResult& r) {
        return QStringLiteral("%1 -> %2\n    stderr: %3").arg(command(args), r.outcome(),
                                                           QString::fromLocal8Bit(r.err.left(600)).trimmed());
    };
    // No crash, timeout or sanitizer report, whatever the exit code.
    auto clean = [&](const QStringList& args, const ProcessResult& r) {
        if (!r.started || r.timedOut || r.crashed) {
            problems << QStringLiteral("did not end normally: ") + describe(args, r);
            return false;
        }
        for (const char* marker : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"}) {
            if (r.err.contains(marker)) {
                problems << QStringLiteral("sanitizer report: ") + describe(args, r);
                return false;
            }
        }
        return true;
    };
    auto run = [&](const QStringList& args) {
        Limits limits;
        // info on any image, however crafted, takes at most a second (of CPU: the machine may
        // be loaded); RLIMIT_CPU ends it with SIGXCPU otherwise, which fails the row.
        if (args.first() == QLatin1String("info"))
            limits.cpuSeconds = 1;
        const ProcessResult r = runProcess(kDiskscope, args, limits, row.dir);
        // The log documents each message; ctest shows it for failing runs.
        qInfo().noquote() << args.first() << r.outcome() << r.elapsedMs << "ms:"
                          << QString::fromLocal8Bit(r.err).section(QLatin1Char('\n'), 0, 0);
        return r;
    };
    auto expectFailure = [&](const QStringList& args) {
        const ProcessResult r = run(args);
        if (!clean(args, r))
            return r;
        const QString err = QString::fromLocal8Bit(r.err);
        if (r.exitCode == 0)
            problems << QStringLiteral("accepted, expected a clear error: ") + describe(args, r);
        else if (!err.startsWith(QLatin1String("diskscope-img: ")))
            problems << QStringLiteral("error not prefixed \"diskscope-img: \": ") + describe(args, r);
        else if (err.size() > 2048)
            problems << QStringLiteral("error message longer than 2 KiB: ") + describe(args, r);
        else {
            for (const QString& keyword : tc.keywords) {
                const QRegularExpression re(keyword, QRegularExpression::CaseInsensitiveOption);
                if (!re.match(err).hasMatch())
                    problems << QStringLiteral("error does not name the problem (/%1/): ").arg(keyword) + describe(args, r);
            }
        }
        return r;
    };
    auto expectSuccess = [&](const QStringList& args) {
        const ProcessResult r = run(args);
        if (clean(args, r) && r.exitCode != 0)
            problems << QStringLiteral("failed, expected success: ") + describe(args, r);
        return r;
    };

    const QStringList info = QStringList{"info", "--output=json"} + tc.formatArgs + QStringList{row.image};
    const QStringList infoChain = QStringList{"info", "--backing-chain", "--output=json"} + tc.formatArgs
        + QStringList{row.image};
    const QStringList map = QStringList{"map", "--output=json"} + tc.formatArgs + QStringList{row.image};
    const QString target = row.path("out.diskscope.raw");
    const QStringList convert = QStringList{"convert"} + tc.formatArgs + QStringList{"-O", "raw", row.image, target};

    auto checkInfo = [&](const ProcessResult& r) {
        if (!r.succeeded())
            return;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        if (!doc.isObject()) {
            problems << QStringLiteral("info output is not a JSON object: ") + QString::fromUtf8(r.out.left(300));
            return;
        }
        if (tc.infoCheck) {
            const QString issue = tc.infoCheck(doc.object());
            if (!issue.isEmpty())
                problems << issue;
        }
    };
    // A failed convert leaves no target behind (convert.h).
    auto expectNoTarget = [&](const ProcessResult& r) {
        if (r.started && !r.timedOut && r.exitCode != 0 && QFileInfo::exists(target))
            problems << QStringLiteral("failed convert left %1 behind").arg(target);
    };

    switch (tc.expect) {
    case Expect::E:
        expectFailure(info);
        expectFailure(map);
        expectNoTarget(expectFailure(convert));
        break;
    case Expect::Chain:
        checkInfo(expectSuccess(info));
        expectFailure(infoChain);
        expectFailure(map);
        expectNoTarget(expectFailure(convert));
        break;
    case Expect::R: {
        checkInfo(expectSuccess(info));
        if (tc.map == MapExpect::Fail) {
            expectFailure(map);
        } else if (tc.map == MapExpect::Ok) {
            expectSuccess(map);
        } else {
            const ProcessResult r = run(map);
            if (clean(map, r) && r.exitCode != 0 && !r.err.startsWith("diskscope-img: "))
                problems << QStringLiteral("error not prefixed \"diskscope-img: \": ") + describe(map, r);
        }
        expectNoTarget(expectFailure(convert));
        break;
    }
    case Expect::Same: {
        checkInfo(expectSuccess(info));
        const ProcessResult ours = expectSuccess(map);
        const ProcessResult converted = expectSuccess(convert);

        // The reference: qemu-img on the same bytes (with a timeout: 7.2 hangs on some images).
        Limits reference;
        reference.enabled = false;
        const QStringList qemuMapArgs = QStringList{"map", "--output=json"} + tc.formatArgs + QStringList{row.image};
        const ProcessResult theirs = runProcess(kQemuImg, qemuMapArgs, reference, row.dir);
        QVERIFY2(theirs.succeeded(), qPrintable("qemu-img map failed on this row: " + theirs.outcome() + " "
                                                + QString::fromLocal8Bit(theirs.err)));
        const QString qemuTarget = row.path("out.qemu.raw");
        const QStringList qemuConvertArgs = QStringList{"convert"} + tc.formatArgs
            + QStringList{"-O", "raw", row.image, qemuTarget};
        const ProcessResult qemuConverted = runProcess(kQemuImg, qemuConvertArgs, reference, row.dir);
        QVERIFY2(qemuConverted.succeeded(), qPrintable("qemu-img convert failed on this row: " + qemuConverted.outcome()
                                                       + " " + QString::fromLocal8Bit(qemuConverted.err)));

        if (ours.succeeded()) {
            QString error;
            const QJsonArray a = normalisedMap(ours.out, &error);
            const QJsonArray b = normalisedMap(theirs.out, &error);
            if (!error.isEmpty())
                problems << error + ": " + QString::fromUtf8(ours.out.left(300));
            else if (a != b)
                problems << QStringLiteral("map differs from qemu-img's:\n  diskscope: %1\n  qemu-img:  %2")
                                .arg(QString::fromUtf8(ours.out.left(600)).trimmed(),
                                     QString::fromUtf8(theirs.out.left(600)).trimmed());
        }
        if (converted.succeeded()) {
            QString error;
            const qint64 at = firstDifference(target, qemuTarget, &error);
            if (!error.isEmpty())
                problems << QStringLiteral("converted output differs from qemu-img's: ") + error;
            else if (at >= 0)
                problems << QStringLiteral("converted output differs from qemu-img's at byte %1").arg(at);
        }
        break;
    }
    }

    if (sha256OfFile(row.image) != before)
        problems << QStringLiteral("the image was modified");
    if (listener.contacted())
        problems << QStringLiteral("something connected to 127.0.0.1:%1").arg(row.port);

    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "))));
}

QTEST_GUILESS_MAIN(TestMalformed)
#include "tst_malformed.moc"
