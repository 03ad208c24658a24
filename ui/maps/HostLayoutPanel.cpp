// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/HostLayoutPanel.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>

#include "maps/MapControls.h"
#include "maps/MapLegend.h"
#include "maps/MapView.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

// One read of a layout: progress and cancellation shared with the worker.
struct HostLayoutPanel::Job : ProgressSink {
    std::stop_source stop;
    std::atomic<uint64_t> done{0};
    std::atomic<uint64_t> total{0};
    void progress(uint64_t d, uint64_t t) override
    {
        total = t;
        done = d;
    }
};

namespace {

struct Outcome {
    std::shared_ptr<HostLayout> layout;
    QString error;
};

}  // namespace

QVector<MapClass> hostLayoutClasses()
{
    auto tr = [](const char* text) { return QCoreApplication::translate("HostLayout", text); };
    // Metadata in cool and earthy hues, guest data in the guest map's blue and orange,
    // problems in vermillion and crimson.
    return {
        {tr("Free"), tr("No reference and no refcount: space inside the file nothing uses"), QColor(0xf1f2f4), QColor(0x2b2d31), false},
        {tr("Header"), tr("The qcow2 header and its extensions"), QColor(0x6b4c9a), QColor(0xa58bd0), true},
        {tr("L1 table"), tr("The active L1 table"), QColor(0x332288), QColor(0x7b6fd6), true},
        {tr("L2 tables"), tr("L2 tables of the active image"), QColor(0x88ccee), QColor(0x5fb3dc), true},
        {tr("Refcount table"), tr("The refcount table"), QColor(0x117733), QColor(0x3fae63), true},
        {tr("Refcount blocks"), tr("Refcount blocks"), QColor(0x44aa99), QColor(0x56c2ad), true},
        {tr("Snapshot table"), tr("The internal snapshot table"), QColor(0x999933), QColor(0xc2c25a), true},
        {tr("Snapshot tables"), tr("L1 and L2 tables only snapshots reach"), QColor(0xddcc77), QColor(0xc8b45a), true},
        {tr("Bitmaps"), tr("Persistent bitmap directory, tables and data"), QColor(0xaa4499), QColor(0xcc66bb), true},
        {tr("Data"), tr("Guest data of the active image"), QColor(0x0072b2), QColor(0x4aa3df), true},
        {tr("Compressed"), tr("Host clusters holding compressed guest clusters"), QColor(0xe69f00), QColor(0xf0b43c), true},
        {tr("Snapshot data"), tr("Guest data only snapshots reach: deleting them frees it"), QColor(0x8fa9c4), QColor(0x58718c), true},
        {tr("Leaked"), tr("Refcount above zero but nothing refers to it (check -r leaks frees it)"), QColor(0xd55e00), QColor(0xff7033), true},
        {tr("Conflict"), tr("Referenced as two different things: the image is corrupt"), QColor(0xcc0033), QColor(0xff3355), true},
    };
}

HostLayoutPanel::HostLayoutPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("hostLayoutPanel"));
    setAccessibleName(tr("Host layout"));
    // The walk reads every table: a pool of its own so it never delays the guest map or jobs.
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("HostLayoutPool"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(4);
    m_view = new MapView;
    addMapControls(toolbar, m_view, this);
    toolbar->addStretch(1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("hostLayoutStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setMaximumHeight(10);
    m_progress->hide();
    toolbar->addWidget(m_progress);
    layout->addLayout(toolbar);

    m_view->setParent(this);
    m_view->setObjectName(QStringLiteral("hostLayoutView"));
    m_view->setClasses(hostLayoutClasses());
    m_view->setAccessibleName(tr("Host file layout map"));
    layout->addWidget(m_view, 1);

    m_legend = new MapLegend(this);
    QVector<bool> always(int(HostClusterKind::Count), false);
    m_legend->setClasses(hostLayoutClasses(), always);
    layout->addWidget(m_legend);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("hostLayoutDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_details->setText(tr("Point at the map to see what a host cluster holds."));
    layout->addWidget(m_details);

    auto describeCell = [this](qint64 cell) -> QString {
        if (!m_layout || cell < 0 || uint64_t(cell) >= m_layout->clusters.size())
            return {};
        const uint64_t offset = uint64_t(cell) << m_layout->clusterBits;
        QString kind = QString::fromStdString(hostClusterKindName(m_layout->clusters[size_t(cell)]));
        kind[0] = kind[0].toUpper();
        return tr("Host cluster %1 at offset 0x%2 (%3): %4")
            .arg(cell).arg(QString::number(offset, 16), SizeFormat::human(offset), kind);
    };
    connect(m_view, &MapView::cellHovered, this, [this, describeCell](qint64 cell, QPoint globalPos) {
        const QString text = describeCell(cell);
        if (text.isEmpty()) {
            QToolTip::hideText();
            return;
        }
        m_details->setText(text);
        m_details->setForegroundRole(QPalette::WindowText);
        QToolTip::showText(globalPos, text, m_view);
    });
    connect(m_view, &MapView::currentCellChanged, this, [this, describeCell](qint64 cell) {
        if (QString text = describeCell(cell); !text.isEmpty())
            m_details->setText(text);
    });
}

HostLayoutPanel::~HostLayoutPanel()
{
    if (m_job)
        m_job->stop.request_stop();
    m_pool.waitForDone();
}

void HostLayoutPanel::setImage(const QString& path)
{
    m_path = path;
    openIfVisible();
}

void HostLayoutPanel::clear()
{
    if (m_job)
        m_job->stop.request_stop();
    m_job.reset();
    m_path.clear();
    m_openedPath.clear();
    m_layout.reset();
    m_view->setCells(0, [](uint64_t, std::span<uint8_t> out) { std::fill(out.begin(), out.end(), 0); });
    m_status->clear();
    m_progress->hide();
}

void HostLayoutPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    openIfVisible();
}

void HostLayoutPanel::openIfVisible()
{
    if (!isVisible() || m_path.isEmpty() || m_path == m_openedPath)
        return;
    m_openedPath = m_path;
    if (m_job)
        m_job->stop.request_stop();
    auto job = std::make_shared<Job>();
    m_job = job;
    m_layout.reset();
    m_view->setAccessibleName(tr("Host file layout map of %1").arg(QFileInfo(m_path).fileName()));
    m_status->setText(tr("Reading every table…"));
    m_progress->setValue(0);
    m_progress->show();
    auto* poll = new QTimer(this);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this, job] {
        if (job == m_job && job->total)
            m_progress->setValue(int(1000.0 * double(job->done) / double(job->total)));
    });
    poll->start();
    const std::string file = QFile::encodeName(m_path).toStdString();
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, job, poll] {
        Outcome outcome = watcher->result();
        watcher->deleteLater();
        poll->deleteLater();
        if (job != m_job)
            return;  // another image was chosen meanwhile
        m_progress->hide();
        if (!outcome.layout) {
            m_status->setText(outcome.error);
            emit layoutShown(false);
            return;
        }
        showLayout(std::move(outcome.layout));
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [file, job]() -> Outcome {
        Outcome outcome;
        try {
            auto layout = readHostLayout(file, *job, job->stop.get_token());
            if (layout.ok())
                outcome.layout = std::make_shared<HostLayout>(std::move(layout).value());
            else
                outcome.error = QString::fromStdString(layout.error().message);
        } catch (const std::exception& e) {
            outcome.error = tr("Internal error: %1").arg(QString::fromUtf8(e.what()));
        }
        return outcome;
    }));
}

void HostLayoutPanel::showLayout(std::shared_ptr<HostLayout> layout)
{
    m_layout = std::move(layout);
    const HostLayout* l = m_layout.get();
    m_view->setCells(l->clusters.size(), [l](uint64_t first, std::span<uint8_t> out) {
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = first + i < l->clusters.size() ? uint8_t(l->clusters[first + i]) : 0;
    });
    m_legend->setCounts(m_view->pyramid().totals(), uint64_t{1} << l->clusterBits);
    m_view->setAccessibleDescription(m_legend->summary());
    QStringList parts;
    parts << tr("%L1 host clusters of %2, file %3")
                 .arg(l->clusters.size())
                 .arg(SizeFormat::human(uint64_t{1} << l->clusterBits), SizeFormat::human(l->fileSize));
    if (l->leaks)
        parts << tr("%n leaked", nullptr, int(std::min<uint64_t>(l->leaks, INT32_MAX)));
    if (l->corruptions)
        parts << tr("%n corruption(s)", nullptr, int(std::min<uint64_t>(l->corruptions, INT32_MAX)));
    m_status->setText(parts.join(QStringLiteral(" · ")));
    emit layoutShown(true);
}

}  // namespace diskscope::ui
