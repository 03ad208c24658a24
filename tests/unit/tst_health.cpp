// SPDX-License-Identifier: GPL-2.0-or-later
// health: every finding from the info fields and check reports that cause it, with its severity,
// and nothing on a clean image.
#include <QTest>
#include <algorithm>

#include "diskscope/ops/health.h"

using namespace diskscope;

namespace {

ImageInfo cleanQcow2()
{
    ImageInfo info;
    info.filename = "/vm/disk.qcow2";
    info.format = "qcow2";
    info.virtualSize = 1 << 30;
    info.dirtyFlag = false;
    info.qcow2 = Qcow2Info{};
    info.qcow2->compat = "1.1";
    return info;
}

bool has(const std::vector<HealthFinding>& findings, HealthIssue issue, HealthSeverity severity)
{
    return std::any_of(findings.begin(), findings.end(),
                       [&](const HealthFinding& f) { return f.issue == issue && f.severity == severity; });
}

}  // namespace

class TestHealth : public QObject {
    Q_OBJECT
private slots:
    void cleanImageHasNoFindings()
    {
        QVERIFY(assessLayer(cleanQcow2(), 0).empty());
        ImageInfo raw;
        raw.format = "raw";
        QVERIFY(assessLayer(raw, 0).empty());
    }

    void headerFlags()
    {
        ImageInfo info = cleanQcow2();
        info.dirtyFlag = true;
        info.qcow2->corrupt = true;
        info.qcow2->lazyRefcounts = true;
        const auto findings = assessLayer(info, 2);
        QVERIFY(has(findings, HealthIssue::Dirty, HealthSeverity::Warning));
        QVERIFY(has(findings, HealthIssue::Corrupt, HealthSeverity::Error));
        QVERIFY(has(findings, HealthIssue::LazyRefcounts, HealthSeverity::Info));
        for (const HealthFinding& f : findings)
            QCOMPARE(f.layer, size_t(2));
    }

    void unknownFeatureBits()
    {
        ImageInfo info = cleanQcow2();
        info.qcow2->incompatibleFeatures = (1u << 0) | (1u << 9);  // dirty is known, 9 is not
        info.qcow2->compatibleFeatures = (1u << 0) | (1u << 5);    // lazy refcounts known
        info.qcow2->autoclearFeatures = (1u << 0) | (1ull << 40);  // bitmaps known
        const auto findings = assessLayer(info, 0);
        QVERIFY(has(findings, HealthIssue::UnknownIncompatibleFeatures, HealthSeverity::Error));
        QVERIFY(has(findings, HealthIssue::UnknownCompatibleFeatures, HealthSeverity::Info));
        QVERIFY(has(findings, HealthIssue::UnknownAutoclearFeatures, HealthSeverity::Info));
        for (const HealthFinding& f : findings) {
            // The bits travel as data too, for front ends that word the finding themselves.
            if (f.issue == HealthIssue::UnknownIncompatibleFeatures) {
                QCOMPARE(f.title, std::string("Unknown incompatible feature bits: 9"));
                QCOMPARE(f.bits, uint64_t(1) << 9);
            }
            if (f.issue == HealthIssue::UnknownCompatibleFeatures)
                QCOMPARE(f.bits, uint64_t(1) << 5);
            if (f.issue == HealthIssue::UnknownAutoclearFeatures) {
                QCOMPARE(f.title, std::string("Unknown autoclear feature bits: 40"));
                QCOMPARE(f.bits, uint64_t(1) << 40);
            }
        }
    }

    void backingNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("format");
        QTest::addColumn<int>("issue");  // -1: none
        QTest::newRow("relative") << "base.qcow2" << true << -1;
        QTest::newRow("subdirectory") << "bases/base.qcow2" << true << -1;
        QTest::newRow("dots in a name") << "base..qcow2" << true << -1;
        QTest::newRow("absolute") << "/srv/base.qcow2" << true << int(HealthIssue::AbsoluteBackingName);
        QTest::newRow("parent") << "../base.qcow2" << true << int(HealthIssue::ParentBackingName);
        QTest::newRow("parent inside") << "a/../../b.qcow2" << true << int(HealthIssue::ParentBackingName);
        QTest::newRow("no format") << "base.qcow2" << false << int(HealthIssue::BackingFormatNotRecorded);
    }
    void backingNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, format);
        QFETCH(int, issue);
        ImageInfo info = cleanQcow2();
        info.backingFilename = name.toStdString();
        if (format)
            info.backingFilenameFormat = "qcow2";
        const auto findings = assessLayer(info, 0);
        if (issue < 0) {
            QVERIFY(findings.empty());
        } else {
            QCOMPARE(findings.size(), size_t(1));
            QCOMPARE(int(findings[0].issue), issue);
            QCOMPARE(findings[0].severity, HealthSeverity::Warning);
            QCOMPARE(findings[0].subject, name.toStdString());
        }
    }

    void externalDataFile()
    {
        ImageInfo info = cleanQcow2();
        info.qcow2->dataFile = "disk.data";
        info.qcow2->dataFileRaw = true;
        const auto findings = assessLayer(info, 0);
        QVERIFY(has(findings, HealthIssue::ExternalDataFile, HealthSeverity::Info));
        QVERIFY(findings[0].detail.find("disk.data") != std::string::npos);
        QCOMPARE(findings[0].subject, std::string("disk.data"));
        QVERIFY(findings[0].rawDataFile);
    }

    void brokenChain()
    {
        ChainDescription chain;
        chain.layers.push_back(cleanQcow2());
        chain.layers[0].backingFilename = "base.qcow2";
        chain.layers[0].fullBackingFilename = "/vm/base.qcow2";
        chain.layers[0].backingFilenameFormat = "qcow2";
        chain.brokenBacking = makeError(ErrorCode::NotFound, "No such file or directory", "/vm/base.qcow2");
        auto findings = assessChain(chain);
        QVERIFY(has(findings, HealthIssue::BackingMissing, HealthSeverity::Error));
        QCOMPARE(findings.back().subject, std::string("/vm/base.qcow2"));
        chain.brokenBacking = makeError(ErrorCode::Corrupt, "bad header", "/vm/base.qcow2");
        findings = assessChain(chain);
        QVERIFY(has(findings, HealthIssue::BackingUnreadable, HealthSeverity::Error));
        QVERIFY(findings.back().cause.has_value());
        QCOMPARE(findings.back().cause->message, std::string("bad header"));
    }

    void checkReports()
    {
        CheckReport report;
        QVERIFY(assessCheck(report, 0).empty());
        report.leaks = 3;
        report.corruptions = 2;
        CheckFinding past;
        past.kind = CheckFindingKind::Corruption;
        past.beyondEndOfFile = true;
        report.findings.push_back(past);
        const auto findings = assessCheck(report, 1);
        QVERIFY(has(findings, HealthIssue::Leaks, HealthSeverity::Warning));
        QVERIFY(has(findings, HealthIssue::DataBeyondEndOfFile, HealthSeverity::Error));
        QVERIFY(has(findings, HealthIssue::Corruptions, HealthSeverity::Error));
        for (const HealthFinding& f : findings) {
            QCOMPARE(f.layer, size_t(1));
            if (f.issue == HealthIssue::Corruptions) {
                QCOMPARE(f.title, std::string("Corruptions found by check: 1"));  // the other one is past the end
                QCOMPARE(f.count, uint64_t(1));
            }
            if (f.issue == HealthIssue::Leaks)
                QCOMPARE(f.count, uint64_t(3));
            if (f.issue == HealthIssue::DataBeyondEndOfFile)
                QCOMPARE(f.count, uint64_t(1));
        }
        CheckReport raw;
        raw.supported = false;
        QVERIFY(assessCheck(raw, 0).empty());
        CheckReport failed;
        failed.failure = "cannot rebuild";
        QVERIFY(has(assessCheck(failed, 0), HealthIssue::CheckFailed, HealthSeverity::Error));
    }
};

QTEST_APPLESS_MAIN(TestHealth)
#include "tst_health.moc"
