// SPDX-License-Identifier: GPL-2.0-or-later
// The desktop application: `diskscope [FILE...]` opens each image (and its backing chain) in the main window.
#include <QApplication>
#include <QDockWidget>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <optional>

#include "jobs/Job.h"
#include "main_window/MainWindow.h"
#include "maps/GuestMapPanel.h"
#include "maps/ChainGraphPanel.h"
#include "maps/HostLayoutPanel.h"
#include "maps/MapView.h"
#include "maps/RefcountPanel.h"
#include "util/Translations.h"

namespace {

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("Diskscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Diskscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DISKSCOPE_VERSION));
}

// Hidden: used by scripts/screenshot.sh to grab the window for the documentation.
const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                          QStringLiteral("Save a picture of the window to FILE once the images are read, then quit."),
                                          QStringLiteral("FILE"));

// Hidden: the screenshot shows a finished check (the job panel and the findings it feeds).
const QCommandLineOption screenshotCheckOption(QStringLiteral("screenshot-check"),
                                               QStringLiteral("Before the screenshot, check the selected image."));

// Hidden: the screenshot shows the selected image's guest map once every L2 table is read
// (with --map-table OFFSET, also the L2 table of that guest offset), or its host layout.
const QCommandLineOption mapOption(QStringLiteral("show-map"), QStringLiteral("Show the guest allocation map."));
const QCommandLineOption mapTableOption(QStringLiteral("map-table"),
                                        QStringLiteral("List the L2 table of this guest offset."), QStringLiteral("OFFSET"));
const QCommandLineOption hostOption(QStringLiteral("show-host-layout"), QStringLiteral("Show the host file layout."));
// Hidden: with --show-host-layout, also list the active L2 table of L1 index INDEX (or the
// closest one below it).
const QCommandLineOption hostTableOption(QStringLiteral("host-table"),
                                         QStringLiteral("List the L2 table of this L1 index."), QStringLiteral("INDEX"));
const QCommandLineOption refcountsOption(QStringLiteral("show-refcounts"), QStringLiteral("Show the refcount usage."));
const QCommandLineOption chainOption(QStringLiteral("show-chain"), QStringLiteral("Show the backing chain graph."));

void configure(QCommandLineParser& parser)
{
    // The options that --help lists are worded in the user's language (the hidden ones are for
    // scripts/screenshot.sh only); Qt's own "Usage:"/"Options:" come from QtStrings.
    parser.setApplicationDescription(QCoreApplication::translate("main", "Disk image manager for qcow2 and raw images."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot = screenshotOption;
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);
    QCommandLineOption screenshotCheck = screenshotCheckOption;
    screenshotCheck.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshotCheck);
    for (QCommandLineOption option : {mapOption, mapTableOption, hostOption, hostTableOption, refcountsOption, chainOption}) {
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
    parser.addPositionalArgument(QCoreApplication::translate("main", "FILE"),
                                 QCoreApplication::translate("main", "Disk images to open."),
                                 QCoreApplication::translate("main", "[FILE...]"));
}

// --version and --help must work without a display (e.g. over ssh), so they are answered
// by a QCoreApplication before any GUI connection is made.
bool wantsTextOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char* flag : {"--version", "-v", "--help", "-h", "--help-all", "-?"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

// Qt falls back to the bare "Windows" style when the platform names none (Xvfb, minimal
// sessions). Fusion looks finished everywhere; an explicit -style or QT_STYLE_OVERRIDE wins.
void chooseStyle(bool forScreenshot, int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "-style") == 0 || std::strncmp(argv[i], "-style=", 7) == 0
            || std::strcmp(argv[i], "--style") == 0 || std::strncmp(argv[i], "--style=", 8) == 0)
            return;
    }
    if (!qEnvironmentVariableIsEmpty("QT_STYLE_OVERRIDE"))
        return;
    const QString current = QApplication::style()->name();
    if (forScreenshot || current.compare(QStringLiteral("windows"), Qt::CaseInsensitive) == 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
}

// What the picture shows besides the window as it opens.
struct Shot {
    bool checkFirst = false;
    bool guestMap = false;
    std::optional<qulonglong> mapTable;
    bool hostLayout = false;
    std::optional<qulonglong> hostTable;
    bool refcounts = false;
    bool chain = false;
};

void grabWhenReady(diskscope::ui::MainWindow& window, const QString& file, const Shot& shot)
{
    // A fixed size makes the documentation pictures comparable from one run to the next.
    window.resize(1280, 860);
    auto grabNow = [&window, file] {
        // Let the layout settle (the snapshot table sizes itself after the info arrives).
        QTimer::singleShot(300, &window, [&window, file] {
            const bool saved = window.grab().save(file);
            if (!saved)
                std::fprintf(stderr, "diskscope: could not save the screenshot to %s\n", qPrintable(file));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    };
    auto grab = [&window, grabNow, shot] {
        if (shot.guestMap || shot.hostLayout || shot.refcounts || shot.chain) {
            // A map picture gives the map the room the job and log panels would take.
            for (const char* dock : {"jobsDock", "logDock"})
                if (auto* widget = window.findChild<QDockWidget*>(QString::fromLatin1(dock)))
                    widget->hide();
        }
        if (shot.guestMap) {
            auto* panel = window.guestMapPanel();
            if (shot.mapTable) {
                QObject::connect(panel, &diskscope::ui::GuestMapPanel::mapComplete, panel,
                                 [panel, offset = *shot.mapTable] { panel->showTableAt(offset); });
                QObject::connect(panel, &diskscope::ui::GuestMapPanel::tableShown, &window, grabNow);
            } else {
                QObject::connect(panel, &diskscope::ui::GuestMapPanel::mapComplete, &window, grabNow);
            }
            return window.showGuestMap();
        }
        if (shot.hostLayout && shot.hostTable) {
            auto* panel = window.hostLayoutPanel();
            QObject::connect(panel, &diskscope::ui::HostLayoutPanel::layoutShown, panel, [panel, grabNow, shot] {
                const diskscope::HostLayout* layout = panel->layout();
                if (!layout || layout->activeL2Tables.empty())
                    return grabNow();
                // The table with the highest L1 index up to the one asked for.
                auto chosen = layout->activeL2Tables.begin();
                for (auto it = layout->activeL2Tables.begin(); it != layout->activeL2Tables.end(); ++it)
                    if (it->second <= *shot.hostTable)
                        chosen = chosen->second <= it->second ? it : chosen;
                panel->view()->setCurrentCell(chosen->first);
                if (!panel->showTableAt(qint64(chosen->first)))
                    grabNow();
            });
            QObject::connect(panel, &diskscope::ui::HostLayoutPanel::tableShown, &window, grabNow);
            return window.showHostLayout();
        }
        if (shot.hostLayout) {
            QObject::connect(window.hostLayoutPanel(), &diskscope::ui::HostLayoutPanel::layoutShown, &window, grabNow);
            return window.showHostLayout();
        }
        if (shot.refcounts) {
            QObject::connect(window.refcountPanel(), &diskscope::ui::RefcountPanel::usageShown, &window, grabNow);
            return window.detailsTabs()->setCurrentWidget(window.refcountPanel());
        }
        if (shot.chain) {
            QObject::connect(window.chainGraphPanel(), &diskscope::ui::ChainGraphPanel::chainShown, &window, grabNow);
            return window.detailsTabs()->setCurrentWidget(window.chainGraphPanel());
        }
        if (!shot.checkFirst)
            return grabNow();
        diskscope::ui::Job* job = window.checkCurrent();
        if (!job)
            return grabNow();
        QObject::connect(job, &diskscope::ui::Job::finished, &window, grabNow);
    };
    if (window.pendingLoads() == 0)
        QTimer::singleShot(0, &window, grab);
    else
        QObject::connect(&window, &diskscope::ui::MainWindow::loadsFinished, &window, grab, Qt::SingleShotConnection);
    // Never hang a script: an engine that does not answer in time still gives a picture.
    QTimer::singleShot(30000, &window, grabNow);
}

}  // namespace

int main(int argc, char** argv)
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        diskscope::ui::installTranslations(app);
        QCommandLineParser parser;
        configure(parser);
        parser.process(app);  // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    setIdentity();
    diskscope::ui::installTranslations(app);  // follows the system locale (LANGUAGE, LC_MESSAGES, LANG)
    QCommandLineParser parser;
    configure(parser);
    parser.process(app);

    const bool screenshot = parser.isSet(screenshotOption);
    chooseStyle(screenshot, argc, argv);

    diskscope::ui::MainWindow window;
    window.openFiles(parser.positionalArguments());
    if (screenshot) {
        Shot shot;
        shot.checkFirst = parser.isSet(screenshotCheckOption);
        shot.guestMap = parser.isSet(mapOption);
        if (parser.isSet(mapTableOption))
            shot.mapTable = parser.value(mapTableOption).toULongLong();
        shot.hostLayout = parser.isSet(hostOption);
        if (parser.isSet(hostTableOption))
            shot.hostTable = parser.value(hostTableOption).toULongLong();
        shot.refcounts = parser.isSet(refcountsOption);
        shot.chain = parser.isSet(chainOption);
        grabWhenReady(window, QFileInfo(parser.value(screenshotOption)).absoluteFilePath(), shot);
    }
    window.show();
    return app.exec();
}
