// SPDX-License-Identifier: GPL-2.0-or-later
// InfoLoader: results come back on the GUI thread, once per load, and the global pool stays free.
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include "jobs/InfoLoader.h"

using diskscope::ui::InfoLoader;

class TestInfoLoader : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_image = m_dir.filePath(QStringLiteral("disk.qcow2"));
        QCOMPARE(QProcess::execute(QStringLiteral(QEMU_IMG), {"create", "-q", "-f", "qcow2", m_image, "3M"}), 0);
    }

    void loadsOnAnotherPoolAndReportsOnTheGuiThread()
    {
        InfoLoader loader;
        std::vector<InfoLoader::Outcome> outcomes;
        QThread* reportedOn = nullptr;
        connect(&loader, &InfoLoader::finished, this, [&](const InfoLoader::Outcome& outcome) {
            outcomes.push_back(outcome);
            reportedOn = QThread::currentThread();
        });
        const int globalBefore = QThreadPool::globalInstance()->activeThreadCount();
        loader.load(m_image);
        loader.load(m_dir.filePath(QStringLiteral("missing.raw")));
        QCOMPARE(loader.pending(), 2);
        // The global pool (kept for map rendering) is not used by info loads.
        QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), globalBefore);
        QTRY_COMPARE_WITH_TIMEOUT(int(outcomes.size()), 2, 20000);
        QCOMPARE(loader.pending(), 0);
        QCOMPARE(reportedOn, QThread::currentThread());

        const auto& good = outcomes[0].path == m_image ? outcomes[0] : outcomes[1];
        const auto& bad = outcomes[0].path == m_image ? outcomes[1] : outcomes[0];
        QVERIFY2(good.ok, qPrintable(good.error));
        QCOMPARE(good.layers.front().format, std::string("qcow2"));
        QCOMPARE(good.layers.front().virtualSize, 3ull << 20);
        QVERIFY(!bad.ok);
        QVERIFY(bad.layers.empty());
        QVERIFY(!bad.error.isEmpty());

        // Exactly once each: nothing more arrives later.
        QTest::qWait(100);
        QCOMPARE(int(outcomes.size()), 2);
    }

    void runMatchesLoad()
    {
        const InfoLoader::Outcome direct = InfoLoader::run(m_image);
        QVERIFY2(direct.ok, qPrintable(direct.error));
        QCOMPARE(direct.path, m_image);
        QCOMPARE(direct.layers.size(), size_t(1));
    }

private:
    QTemporaryDir m_dir;
    QString m_image;
};

QTEST_GUILESS_MAIN(TestInfoLoader)
#include "tst_info_loader.moc"
