// SPDX-License-Identifier: GPL-2.0-or-later
// Under a Simplified Chinese system locale (set by CTest: LANGUAGE/LANG zh_CN) the embedded
// translation is loaded and the main window's menus are in Chinese.
#include <QApplication>
#include <QMenuBar>
#include <QStringList>
#include <QTest>

#include "main_window/MainWindow.h"
#include "util/Translations.h"

class TranslationTest : public QObject {
    Q_OBJECT

private slots:
    void systemLocaleIsChinese()
    {
        QVERIFY2(QLocale::system().uiLanguages().value(0).startsWith(QStringLiteral("zh")),
                 qPrintable(QLocale::system().uiLanguages().join(QLatin1Char(','))));
    }

    void mainWindowMenusAreTranslated()
    {
        QVERIFY(diskscope::ui::installTranslations(*qApp));
        diskscope::ui::MainWindow window;
        QStringList titles;
        for (QAction* action : window.menuBar()->actions())
            titles << action->text();
        QVERIFY2(titles.contains(QStringLiteral("文件(&F)")), qPrintable(titles.join(QLatin1Char('|'))));
        QVERIFY2(titles.contains(QStringLiteral("帮助(&H)")), qPrintable(titles.join(QLatin1Char('|'))));
        QVERIFY(!titles.contains(QStringLiteral("&File")));
    }
};

QTEST_MAIN(TranslationTest)
#include "tst_translation.moc"
