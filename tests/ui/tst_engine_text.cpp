// SPDX-License-Identifier: GPL-2.0-or-later
// EngineText: every HealthIssue and every ErrorCode has a wording of its own, quoting the
// finding's values (names, counts, bits) and the error's file; errno values are named. The
// zh_CN side is in tests/translations/tst_translation.cpp. (A code added to the engine but not
// to EngineText's switches fails the -Werror build through -Wswitch before it gets here.)
#include <QSet>
#include <QTest>
#include <cerrno>

#include "util/EngineText.h"

using namespace diskscope;
using diskscope::ui::EngineText;

namespace {

// Last enumerators: the loops below must reach every code (update with the enums).
constexpr int lastIssue = int(HealthIssue::CheckFailed);
constexpr int lastCode = int(ErrorCode::Untrusted);

HealthFinding findingOf(HealthIssue issue)
{
    HealthFinding f;
    f.issue = issue;
    f.subject = "base.qcow2";
    f.count = 12;
    f.bits = (uint64_t(1) << 5) | (uint64_t(1) << 40);
    f.detail = "engine detail";
    return f;
}

}  // namespace

class TestEngineText : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void everyIssueHasItsOwnWording()
    {
        QSet<QString> titles;
        for (int i = 0; i <= lastIssue; ++i) {
            const EngineText::Finding text = EngineText::finding(findingOf(HealthIssue(i)));
            QVERIFY2(!text.title.isEmpty() && !text.detail.isEmpty(), qPrintable(QString::number(i)));
            QVERIFY2(!titles.contains(text.title), qPrintable(text.title));
            titles.insert(text.title);
        }
        QCOMPARE(titles.size(), lastIssue + 1);
    }

    void valuesComeFromTheFinding()
    {
        QCOMPARE(EngineText::finding(findingOf(HealthIssue::Leaks)).title, QStringLiteral("Leaked clusters: 12"));
        QCOMPARE(EngineText::finding(findingOf(HealthIssue::UnknownAutoclearFeatures)).title,
                 QStringLiteral("Unknown autoclear feature bits: 5 and 40"));
        HealthFinding one = findingOf(HealthIssue::DataBeyondEndOfFile);
        one.count = 1;
        QCOMPARE(EngineText::finding(one).title, QStringLiteral("1 reference past the end of the file"));
        QVERIFY(EngineText::finding(findingOf(HealthIssue::BackingMissing)).detail.startsWith(QStringLiteral("\"base.qcow2\"")));
        // A name with control characters is shown escaped, as everywhere else.
        HealthFinding odd = findingOf(HealthIssue::AbsoluteBackingName);
        odd.subject = "/srv/a\tb.qcow2";
        QVERIFY(EngineText::finding(odd).detail.contains(QStringLiteral("a\\tb.qcow2")));
        // The engine's English stays available where it adds the reason.
        HealthFinding unreadable = findingOf(HealthIssue::BackingUnreadable);
        unreadable.cause = makeSystemError(EACCES, "", "/vm/base.qcow2");
        const EngineText::Finding text = EngineText::finding(unreadable);
        QCOMPARE(text.detail, QStringLiteral("Cannot access base.qcow2: Permission denied"));
        QCOMPARE(text.technical, QStringLiteral("/vm/base.qcow2: Permission denied"));
        QCOMPARE(EngineText::finding(findingOf(HealthIssue::CheckFailed)).technical, QStringLiteral("engine detail"));
    }

    void everyErrorCodeHasASentence()
    {
        QSet<QString> sentences;
        for (int i = 0; i <= lastCode; ++i) {
            const QString named = EngineText::error(makeError(ErrorCode(i), "what", "/vm/disk.qcow2"));
            const QString unnamed = EngineText::error(makeError(ErrorCode(i), "what"));
            QVERIFY2(!named.isEmpty() && !unnamed.isEmpty(), qPrintable(QString::number(i)));
            QVERIFY2(ErrorCode(i) == ErrorCode::Cancelled || named.contains(QStringLiteral("disk.qcow2")), qPrintable(named));
            QVERIFY2(!named.contains(QStringLiteral("what")), qPrintable(named));
            sentences.insert(named);
        }
        QCOMPARE(sentences.size(), lastCode + 1);
        QCOMPARE(EngineText::errorDetail(makeError(ErrorCode::Corrupt, "qcow2 header: bad magic", "/vm/disk.qcow2")),
                 QStringLiteral("/vm/disk.qcow2: qcow2 header: bad magic"));
    }

    void errnoDecidesTheSentence()
    {
        QCOMPARE(EngineText::error(makeSystemError(ENOENT, "", "/vm/gone.qcow2")),
                 QStringLiteral("Cannot open gone.qcow2: No such file or directory"));
        QCOMPARE(EngineText::error(makeSystemError(ENOSPC, "write failed", "/vm/disk.qcow2")),
                 QStringLiteral("Cannot write disk.qcow2: No space left on the device"));
        QCOMPARE(EngineText::error(makeSystemError(EIO, "read failed")),
                 QStringLiteral("A file cannot be accessed: Input/output error"));
        for (int err : {ENOENT, ENOTDIR, EACCES, EPERM, EISDIR, EROFS, ENOSPC, EDQUOT, EFBIG, EIO, EBUSY, EAGAIN,
                        EEXIST, ENAMETOOLONG, ELOOP, EMFILE, ENFILE, ENOMEM, EINVAL, ENXIO, EOPNOTSUPP})
            QVERIFY2(!EngineText::systemError(err).startsWith(QStringLiteral("System error")), qPrintable(QString::number(err)));
        QVERIFY(EngineText::systemError(EXDEV).startsWith(QStringLiteral("System error 18")));
    }
};

QTEST_MAIN(TestEngineText)
#include "tst_engine_text.moc"
