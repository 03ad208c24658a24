// SPDX-License-Identifier: GPL-2.0-or-later
// measure against qemu-img measure: a matrix of small sources (raw with holes, data and
// zeros; qcow2 with data, zero clusters, compressed clusters, subclusters, bitmaps,
// snapshots, a three-layer chain) and bare sizes, times target options (raw, qcow2 with
// every cluster size class, refcount width, extended L2, preallocation, compat 0.10, a
// backing file). Human text and JSON must equal qemu-img's byte for byte; refusals must
// have qemu-img's exit code and message (program name aside).
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "cmd_measure.h"
#include "qemu_tools.h"

using namespace diskscope::testsupport;

namespace {

// name -> the commands that build it in the workspace (qemu-img and qemu-io only).
struct Source {
    QString name;
    QStringList measureArgs;  // what measure is given for it (-f, -l, the file)
};

const QStringList kTargets = {
    "-O raw",
    "-O qcow2",
    "-O qcow2 -o cluster_size=512",
    "-O qcow2 -o cluster_size=4k",
    "-O qcow2 -o cluster_size=2M",
    "-O qcow2 -o cluster_size=16k,extended_l2=on",
    "-O qcow2 -o extended_l2=on",
    "-O qcow2 -o refcount_bits=1",
    "-O qcow2 -o refcount_bits=2,cluster_size=4k",
    "-O qcow2 -o refcount_bits=8",
    "-O qcow2 -o refcount_bits=64,cluster_size=512",
    "-O qcow2 -o preallocation=metadata",
    "-O qcow2 -o preallocation=falloc",
    "-O qcow2 -o preallocation=full,cluster_size=4k",
    "-O qcow2 -o compat=0.10",
    "-O qcow2 -o backing_file=base.img,backing_fmt=raw",
    "-O qcow2 -o cluster_size=8k -o refcount_bits=4",
};

QStringList words(const QString& text) { return text.split(' ', Qt::SkipEmptyParts); }

// getopt permutes argv: each parse gets fresh, writable copies of the words.
class Argv {
public:
    explicit Argv(const QStringList& words)
    {
        for (const QString& word : words)
            m_storage.push_back(word.toStdString());
        for (std::string& word : m_storage)
            m_pointers.push_back(word.data());
        m_pointers.push_back(nullptr);
    }
    int argc() const { return static_cast<int>(m_storage.size()); }
    char** argv() { return m_pointers.data(); }

private:
    std::vector<std::string> m_storage;
    std::vector<char*> m_pointers;
};

}  // namespace

class TestInteropMeasure : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sameAsQemu_data();
    void sameAsQemu();
    void sizesSameAsQemu_data();
    void sizesSameAsQemu();
    void refusalsSameAsQemu_data();
    void refusalsSameAsQemu();
    void binarySameAsQemu_data();
    void binarySameAsQemu();

private:
    void build(const QList<Command>& commands);
    // Runs both tools with `arguments`; exit code, stdout and stderr (program name aside) must
    // agree. Open failures are worded "FILE: reason" by every diskscope-img command: for them
    // (exactErrors false) stderr only has to name the file.
    void agree(const QStringList& arguments, bool exactErrors = true);
    // The big matrix runs diskscope-img's measure in this process (the command's own code,
    // without a process start per row, which costs seconds under sanitizers).
    void agreeInProcess(const QStringList& arguments);
    void agreeHumanAndJson(const QStringList& arguments);

    QTemporaryDir m_dir;
    QList<Source> m_sources;
};

void TestInteropMeasure::build(const QList<Command>& commands)
{
    for (const Command& command : commands) {
        QString why;
        QVERIFY2(runExpected(command, m_dir.path(), &why), qPrintable(why));
    }
}

void TestInteropMeasure::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir::setCurrent(m_dir.path()));  // the in-process runs use the same relative names
    QString why;
    QVERIFY2(writeRandomFile(m_dir.filePath("random.bin"), 1 << 20, 7, &why), qPrintable(why));
    auto create = [](const QString& format, const QString& image, const QString& size, const QString& options = {}) {
        QStringList a = {"create", "-q", "-f", format};
        if (!options.isEmpty())
            a << "-o" << options;
        return qemuImg(a << image << size);
    };
    auto io = [](const QString& image, const QString& format, const QStringList& commands) {
        return qemuIo(image, format, commands);
    };

    // Raw: holes between data (4 KiB extents inside one 64 KiB cluster), written zeros, an odd size.
    build({create("raw", "sparse.raw", "10M"),
           io("sparse.raw", "raw", {"write -P 1 0 4k", "write -P 1 8k 4k", "write -P 2 1M 1", "write -P 3 5M 200k"})});
    build({create("raw", "data.raw", "3M"), io("data.raw", "raw", {"write -s random.bin 0 1M", "write -P 5 1M 2M"})});
    build({create("raw", "zeros.raw", "2M"), io("zeros.raw", "raw", {"write -P 0 0 1M"})});
    build({Command{"truncate", {"-s", "100000", "odd.raw"}}, io("odd.raw", "raw", {"write -P 4 90000 100"})});
    build({create("raw", "empty.raw", "0")});
    m_sources << Source{"raw sparse", {"sparse.raw"}} << Source{"raw data", {"data.raw"}}
              << Source{"raw written zeros", {"-f", "raw", "zeros.raw"}} << Source{"raw odd size", {"odd.raw"}}
              << Source{"raw empty", {"empty.raw"}};

    // qcow2: data, zero clusters and a discard; compressed; small clusters; subclusters.
    build({create("qcow2", "data.qcow2", "8M"),
           io("data.qcow2", "qcow2",
              {"write -P 1 0 100k", "write -P 2 1M 64k", "write -z 2M 1M", "write -P 3 3M 128k", "discard 3M 64k",
               "write -P 4 7M 1"})});
    build({create("qcow2", "compressed.qcow2", "4M"),
           io("compressed.qcow2", "qcow2", {"write -c -s random.bin 0 256k", "write -c -P 6 1M 64k"})});
    build({create("qcow2", "small.qcow2", "2M", "cluster_size=512"),
           io("small.qcow2", "qcow2", {"write -P 1 0 1", "write -P 2 5000 3000", "write -z 100k 10k", "write -P 3 1M 70k"})});
    build({create("qcow2", "sub.qcow2", "4M", "extended_l2=on,cluster_size=64k"),
           io("sub.qcow2", "qcow2", {"write -P 1 2k 2k", "write -P 2 130k 1k", "write -z 1M 4k"})});
    build({create("qcow2", "v2.qcow2", "3M", "compat=0.10"), io("v2.qcow2", "qcow2", {"write -P 1 64k 64k"})});
    build({create("qcow2", "prealloc.qcow2", "2M", "preallocation=metadata"),
           io("prealloc.qcow2", "qcow2", {"write -P 1 0 64k"})});
    build({create("qcow2", "bitmaps.qcow2", "64M"), qemuImg({"bitmap", "--add", "bitmaps.qcow2", "first"}),
           qemuImg({"bitmap", "--add", "-g", "4096", "bitmaps.qcow2", "a-longer-bitmap-name"}),
           io("bitmaps.qcow2", "qcow2", {"write -P 1 0 1M"})});
    m_sources << Source{"qcow2 data zeros discard", {"data.qcow2"}} << Source{"qcow2 compressed", {"compressed.qcow2"}}
              << Source{"qcow2 512-byte clusters", {"small.qcow2"}} << Source{"qcow2 subclusters", {"sub.qcow2"}}
              << Source{"qcow2 v2", {"v2.qcow2"}} << Source{"qcow2 metadata-preallocated", {"prealloc.qcow2"}}
              << Source{"qcow2 bitmaps", {"bitmaps.qcow2"}} << Source{"qcow2 as raw", {"-f", "raw", "data.qcow2"}};

    // A three-layer chain: raw base, qcow2 middle (data and zeros over it), qcow2 top.
    build({create("raw", "base.img", "6M"), io("base.img", "raw", {"write -P 1 0 2M", "write -P 2 4M 64k"}),
           qemuImg({"create", "-q", "-f", "qcow2", "-b", "base.img", "-F", "raw", "-o", "cluster_size=4k", "mid.qcow2"}),
           io("mid.qcow2", "qcow2", {"write -z 0 1M", "write -P 3 3M 8k"}),
           qemuImg({"create", "-q", "-f", "qcow2", "-b", "mid.qcow2", "-F", "qcow2", "top.qcow2", "8M"}),
           io("top.qcow2", "qcow2", {"write -P 4 7M 4k"})});
    m_sources << Source{"chain of three", {"top.qcow2"}} << Source{"chain middle", {"mid.qcow2"}};

    // Snapshots, each different from the active state; one taken before a resize.
    build({create("qcow2", "snap.qcow2", "4M"), io("snap.qcow2", "qcow2", {"write -P 1 0 1M"}),
           qemuImg({"snapshot", "-c", "one", "snap.qcow2"}), io("snap.qcow2", "qcow2", {"write -P 2 2M 1M", "write -z 0 512k"}),
           qemuImg({"snapshot", "-c", "two", "snap.qcow2"}), qemuImg({"resize", "-q", "snap.qcow2", "12M"}),
           io("snap.qcow2", "qcow2", {"write -P 3 10M 2M"})});
    m_sources << Source{"snapshot active", {"snap.qcow2"}} << Source{"snapshot by name", {"-l", "one", "snap.qcow2"}}
              << Source{"snapshot by id", {"-l", "2", "snap.qcow2"}}
              << Source{"snapshot by keys", {"-l", "snapshot.id=1,snapshot.name=one", "snap.qcow2"}};
}

void TestInteropMeasure::agree(const QStringList& arguments, bool exactErrors)
{
    const ProcessResult qemu = run(qemuImg(QStringList{"measure"} + arguments), m_dir.path());
    const ProcessResult ours = run(diskscopeImg(QStringList{"measure"} + arguments), m_dir.path());
    const QString both = "\n--- qemu-img:\n" + qemu.describe() + "\n--- diskscope-img:\n" + ours.describe();
    QVERIFY2(qemu.started && !qemu.timedOut && !qemu.crashed, qPrintable(both));
    QVERIFY2(ours.exitedWith(qemu.exitCode), qPrintable("exit codes differ" + both));
    QVERIFY2(ours.standardOutput == qemu.standardOutput, qPrintable("standard output differs" + both));
    if (!exactErrors) {
        QVERIFY2(ours.standardError.startsWith("diskscope-img: " + arguments.last().toUtf8() + ": "),
                 qPrintable("the error does not name the file" + both));
        return;
    }
    QByteArray theirErrors = qemu.standardError;
    theirErrors.replace("qemu-img: ", "diskscope-img: ");
    QVERIFY2(ours.standardError == theirErrors, qPrintable("standard error differs" + both));
}

void TestInteropMeasure::sameAsQemu_data()
{
    QTest::addColumn<QStringList>("arguments");
    for (const Source& source : m_sources) {
        for (const QString& target : kTargets) {
            QTest::addRow("%s %s", qPrintable(source.name), qPrintable(target)) << words(target) + source.measureArgs;
        }
    }
}

void TestInteropMeasure::agreeInProcess(const QStringList& arguments)
{
    const ProcessResult qemu = run(qemuImg(QStringList{"measure"} + arguments), m_dir.path());
    QVERIFY2(qemu.started && !qemu.timedOut && !qemu.crashed, qPrintable(qemu.describe()));
    Argv argv(QStringList{"measure"} + arguments);
    const auto parsed = diskscope::cli::parseMeasureArgs(argv.argc(), argv.argv());
    QVERIFY2(parsed.action == decltype(parsed)::Action::Run, parsed.error.c_str());
    const diskscope::cli::MeasureRun ours = diskscope::cli::measureWithArgs(parsed.args);
    const QString both = "\n--- qemu-img:\n" + qemu.describe() + "\n--- diskscope-img (in process):\nexit " +
                         QString::number(ours.exitCode) + "\nstdout:\n" + QString::fromStdString(ours.out) +
                         "\nstderr:\n" + QString::fromStdString(ours.err);
    QVERIFY2(ours.exitCode == qemu.exitCode, qPrintable("exit codes differ" + both));
    QVERIFY2(QByteArray::fromStdString(ours.out) == qemu.standardOutput, qPrintable("standard output differs" + both));
    QByteArray theirErrors = qemu.standardError;
    theirErrors.replace("qemu-img: ", "diskscope-img: ");
    QVERIFY2(QByteArray::fromStdString(ours.err) == theirErrors, qPrintable("standard error differs" + both));
}

void TestInteropMeasure::agreeHumanAndJson(const QStringList& arguments)
{
    agreeInProcess(arguments);
    if (!QTest::currentTestFailed())
        agreeInProcess(QStringList{"--output=json"} + arguments);
}

void TestInteropMeasure::sameAsQemu()
{
    QFETCH(QStringList, arguments);
    agreeHumanAndJson(arguments);
}

void TestInteropMeasure::sizesSameAsQemu_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QStringList sizes = {"0", "1", "511", "1000", "65535", "65537", "3M", "10G", "1T", "1E"};
    for (const QString& size : sizes) {
        for (const QString& target : kTargets)
            QTest::addRow("--size %s %s", qPrintable(size), qPrintable(target)) << words(target) + QStringList{"--size", size};
    }
    // The largest size each small cluster size can map, and one sector more.
    for (const char* size : {"137438953472", "137438953984"})
        QTest::addRow("--size %s at the 512-byte L1 limit", size)
            << QStringList{"-O", "qcow2", "-o", "cluster_size=512", "--size", size};
    for (const char* size : {"68719476736", "68719477248"})
        QTest::addRow("--size %s at the 16k extended L1 limit", size)
            << QStringList{"-O", "qcow2", "-o", "cluster_size=16k,extended_l2=on", "--size", size};
}

void TestInteropMeasure::sizesSameAsQemu()
{
    QFETCH(QStringList, arguments);
    agreeHumanAndJson(arguments);
}

void TestInteropMeasure::refusalsSameAsQemu_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("exactErrors");
    const QList<QPair<const char*, QStringList>> rows = {
        {"neither size nor file", {"-O", "qcow2"}},
        {"size and file", {"--size", "1M", "data.raw"}},
        {"two files", {"data.raw", "data.qcow2"}},
        {"-f without a file", {"-f", "raw", "--size", "1M"}},
        {"-l without a file", {"-l", "one"}},
        {"bad size", {"--size", "1x"}},
        {"negative size", {"--size", "-1"}},
        {"size out of range", {"--size", "9223372036854775808"}},
        {"bad --output", {"--output=xml", "--size", "1M"}},
        {"empty -o", {"-o", "", "--size", "1M"}},
        {"-o ending in a comma", {"-O", "qcow2", "-o", "cluster_size=4k,", "--size", "1M"}},
        {"-o of one escaped comma", {"-o", ",,", "--size", "1M"}},
        {"unknown -O", {"-O", "foo", "--size", "1M"}},
        {"-O a format qemu-img cannot measure", {"-O", "vmdk", "--size", "1M"}},
        {"unknown -o key for raw", {"-o", "cluster_size=4k", "--size", "1M"}},
        {"unknown -o key for qcow2", {"-O", "qcow2", "-o", "bogus=1", "--size", "1M"}},
        {"-o help", {"-O", "qcow2", "-o", "help", "--size", "1M"}},
        {"bad cluster size number", {"-O", "qcow2", "-o", "cluster_size=abc", "--size", "1M"}},
        {"cluster size not a power of two", {"-O", "qcow2", "-o", "cluster_size=3000", "--size", "1M"}},
        {"cluster size too big", {"-O", "qcow2", "-o", "cluster_size=4M", "--size", "1M"}},
        {"extended L2 with small clusters", {"-O", "qcow2", "-o", "extended_l2=on,cluster_size=8k,compat=0.9", "--size", "1M"}},
        {"bad compat", {"-O", "qcow2", "-o", "compat=v3", "--size", "1M"}},
        {"bad refcount width", {"-O", "qcow2", "-o", "refcount_bits=3,preallocation=bogus", "--size", "1M"}},
        {"refcount width on compat 0.10", {"-O", "qcow2", "-o", "compat=0.10,refcount_bits=8", "--size", "1M"}},
        {"bad preallocation", {"-O", "qcow2", "-o", "preallocation=bogus", "--size", "1M"}},
        {"raw ignores a bad preallocation", {"-o", "preallocation=bogus", "--size", "1M"}},
        {"too large for the L1 table", {"-O", "qcow2", "-o", "cluster_size=512", "--size", "1T"}},
        {"missing snapshot", {"-O", "foo", "-l", "three", "snap.qcow2"}},
        {"snapshot of a raw image", {"-l", "one", "data.raw"}},
        {"bad snapshot key", {"-l", "snapshot.nom=one", "snap.qcow2"}},
        {"snapshot id and name of different snapshots", {"-l", "snapshot.id=2,snapshot.name=one", "snap.qcow2"}},
    };
    for (const auto& [name, arguments] : rows)
        QTest::addRow("%s", name) << arguments << true;
    // The source opens before the target options are looked at, as in qemu-img.
    QTest::addRow("missing file") << QStringList{"-O", "qcow2", "-o", "bogus=1", "nonexistent.img"} << false;
    QTest::addRow("-f qcow2 on a raw file") << QStringList{"-f", "qcow2", "data.raw"} << false;
}

void TestInteropMeasure::refusalsSameAsQemu()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, exactErrors);
    agree(arguments, exactErrors);
}

// A few rows of the matrix through the real program, text and JSON.
void TestInteropMeasure::binarySameAsQemu_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("chain to qcow2 4k") << QStringList{"-O", "qcow2", "-o", "cluster_size=4k", "top.qcow2"};
    QTest::addRow("bitmaps, json") << QStringList{"--output=json", "-O", "qcow2", "bitmaps.qcow2"};
    QTest::addRow("snapshot, -U") << QStringList{"-U", "-O", "qcow2", "-l", "one", "snap.qcow2"};
    QTest::addRow("raw sparse to raw") << QStringList{"sparse.raw"};
    QTest::addRow("size, json") << QStringList{"--output", "json", "-O", "qcow2", "--size", "10G"};
}

void TestInteropMeasure::binarySameAsQemu()
{
    QFETCH(QStringList, arguments);
    agree(arguments);
}

QTEST_GUILESS_MAIN(TestInteropMeasure)
#include "tst_interop_measure.moc"
