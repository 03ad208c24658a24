// SPDX-License-Identifier: GPL-2.0-or-later
// Backing file names: qemu-img's resolution against the naming image's directory, and the
// refusal of anything that is not a plain local file name.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include "chain/backing_name.h"
#include "diskscope/chain.h"
#include "diskscope/progress.h"
#include "format/qcow2/qcow2_create.h"

using namespace diskscope;

namespace {

std::vector<uint8_t> newQcow2(uint64_t size, const std::string& backing, const std::string& backingFormat)
{
    qcow2::CreateSpec spec;
    spec.size = size;
    spec.clusterBits = 9;
    spec.backingFile = backing;
    spec.backingFormat = backingFormat;
    auto file = makeMemoryFile("new.qcow2", {});
    NullProgress progress;
    if (!qcow2::writeQcow2Image(*file, nullptr, spec, progress, {}).ok())
        qFatal("create failed");
    std::vector<uint8_t> bytes(*file->size());
    (void)file->readAt(0, bytes);
    return bytes;
}

// A chain opened through OpenOptions::openHostFile from a map of in-memory files.
struct MemoryDirectory {
    std::map<std::string, std::vector<uint8_t>> files;
    std::vector<std::pair<std::string, HostOpenMode>> opened;

    OpenOptions options()
    {
        OpenOptions o;
        o.openHostFile = [this](const std::string& path, HostOpenMode mode) -> Result<std::unique_ptr<HostFile>> {
            opened.emplace_back(path, mode);
            auto it = files.find(path);
            if (it == files.end())
                return makeError(ErrorCode::NotFound, "No such file or directory", path);
            return makeMemoryFile(path, it->second);
        };
        return o;
    }
};

}  // namespace

class TestChainNames : public QObject {
    Q_OBJECT

private slots:
    void resolve_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("backing");
        QTest::addColumn<QString>("resolved");
        QTest::addRow("no directory") << "top.qcow2" << "base.qcow2" << "base.qcow2";
        QTest::addRow("relative, kept unnormalised") << "d/sub/top.qcow2" << "../base.qcow2" << "d/sub/../base.qcow2";
        QTest::addRow("absolute backing") << "d/top.qcow2" << "/srv/base.qcow2" << "/srv/base.qcow2";
        QTest::addRow("absolute image") << "/vm/top.qcow2" << "base.raw" << "/vm/base.raw";
        QTest::addRow("image in root") << "/top.qcow2" << "b" << "/b";
    }
    void resolve()
    {
        QFETCH(QString, image);
        QFETCH(QString, backing);
        QFETCH(QString, resolved);
        QCOMPARE(QString::fromStdString(resolveBackingName(image.toStdString(), backing.toStdString())), resolved);
    }

    void localNames_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("plain") << QByteArray("base.qcow2") << true;
        QTest::addRow("subdirectory") << QByteArray("dir/base.qcow2") << true;
        QTest::addRow("colon after slash") << QByteArray("./a:b.qcow2") << true;
        QTest::addRow("json") << QByteArray("json:{\"driver\":\"raw\"}") << false;
        QTest::addRow("nbd") << QByteArray("nbd://127.0.0.1:1/x") << false;
        QTest::addRow("file protocol") << QByteArray("file:/etc/hostname") << false;
        QTest::addRow("empty") << QByteArray("") << false;
        QTest::addRow("NUL byte") << QByteArray("a\0b", 3) << false;
    }
    // The real-path test behind --allow-external-backing.
    void insideImageTree()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ws = dir.path();
        QVERIFY(QDir(ws).mkpath("vm/disks"));
        QVERIFY(QDir(ws).mkpath("other"));
        for (const QString& f : {QString("vm/base.img"), QString("vm/disks/deep.img"), QString("other/x.img")}) {
            QFile file(ws + "/" + f);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QVERIFY(QFile::link(ws + "/other/x.img", ws + "/vm/link.img"));
        QVERIFY(QFile::link(ws + "/vm/disks/deep.img", ws + "/vm/inner-link.img"));
        const std::string top = (ws + "/vm/top.qcow2").toStdString();
        auto inside = [&](const QString& resolved) {
            return checkInsideImageTree(top, resolved.toStdString(), "backing file");
        };
        QVERIFY(inside(ws + "/vm/base.img").ok());
        QVERIFY(inside(ws + "/vm/disks/deep.img").ok());
        QVERIFY(inside(ws + "/vm/disks/../base.img").ok());      // ".." that stays inside
        QVERIFY(inside(ws + "/vm/inner-link.img").ok());         // a link within the tree
        QVERIFY(inside(ws + "/vm/missing.img").ok());            // opening reports it better
        for (const QString& outside : {ws + "/vm/../other/x.img", ws + "/other/x.img", ws + "/vm/link.img"}) {
            const Status s = inside(outside);
            QVERIFY2(!s.ok(), qPrintable(outside));
            QCOMPARE(s.error().code, ErrorCode::Untrusted);
            QVERIFY(QString::fromStdString(s.error().message).contains(QFileInfo(ws + "/other/x.img").canonicalFilePath()));
        }
        const Status directory = inside(ws + "/vm/disks");
        QVERIFY(!directory.ok());
        QCOMPARE(directory.error().code, ErrorCode::Untrusted);
    }

    void localNames()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, accepted);
        QCOMPARE(checkLocalFileName(name.toStdString(), "backing file").ok(), accepted);
    }

    void chainFromMemoryFiles()
    {
        MemoryDirectory dir;
        dir.files["d/base.raw"] = std::vector<uint8_t>(4096, 0x5A);
        dir.files["d/top.qcow2"] = newQcow2(8192, "base.raw", "raw");
        auto chain = Chain::open("d/top.qcow2", dir.options());
        QVERIFY(chain.ok());
        QCOMPARE((*chain)->layerCount(), size_t{2});
        QCOMPARE((*chain)->layerName(1), std::string("d/base.raw"));
        std::vector<uint8_t> got(8192, 0xEE);
        QVERIFY((*chain)->read(0, got).ok());
        QVERIFY(std::all_of(got.begin(), got.begin() + 4096, [](uint8_t b) { return b == 0x5A; }));
        QVERIFY(std::all_of(got.begin() + 4096, got.end(), [](uint8_t b) { return b == 0; }));
        QCOMPARE(dir.opened.size(), size_t{2});
        QCOMPARE(dir.opened[1].second, HostOpenMode::ReadOnly);
    }

    void memoryChainRefusesLoopsAndMissingFiles()
    {
        MemoryDirectory dir;
        dir.files["top.qcow2"] = newQcow2(8192, "base.qcow2", "qcow2");
        dir.files["base.qcow2"] = newQcow2(8192, "top.qcow2", "qcow2");
        auto loop = Chain::open("top.qcow2", dir.options());
        QVERIFY(!loop.ok());
        QVERIFY(loop.error().message.find("loop") != std::string::npos);
        dir.files.erase("base.qcow2");
        auto missing = Chain::open("top.qcow2", dir.options());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }
};

QTEST_APPLESS_MAIN(TestChainNames)
#include "tst_chain_names.moc"
