// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/GuestMapSession.h"

#include "util/BackingConsent.h"
#include "util/EngineText.h"

#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
#include <mutex>

namespace diskscope::ui {

// What the refining thread hands to the GUI thread.
struct GuestMapSession::Shared {
    std::mutex mutex;
    uint64_t first = 0;
    uint64_t end = 0;  // pending refined range [first, end); empty when equal
    std::atomic<uint64_t> done{0};
    std::atomic<uint64_t> total{0};
};

namespace {

class AtomicProgress final : public ProgressSink {
public:
    AtomicProgress(std::atomic<uint64_t>& done, std::atomic<uint64_t>& total) : m_done(done), m_total(total) {}
    void progress(uint64_t done, uint64_t total) override
    {
        m_total = total;
        m_done = done;
    }

private:
    std::atomic<uint64_t>& m_done;
    std::atomic<uint64_t>& m_total;
};

struct OpenOutcome {
    std::shared_ptr<AllocationMap> map;
    QString error;
};

}  // namespace

GuestMapSession::GuestMapSession(QObject* parent) : QObject(parent)
{
    // Its own pool: the refinement must not wait behind (or starve) the info loader or jobs.
    // Two threads: one refines while the other answers hover and table requests.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("GuestMapPool"));
    m_drainTimer.setInterval(80);
    connect(&m_drainTimer, &QTimer::timeout, this, &GuestMapSession::drain);
}

GuestMapSession::~GuestMapSession()
{
    m_stop.request_stop();
    m_pool.waitForDone();
}

void GuestMapSession::close()
{
    m_stop.request_stop();
    m_stop = std::stop_source();
    ++m_generation;
    m_map.reset();
    m_shared.reset();
    m_path.clear();
    m_refining = false;
    m_drainTimer.stop();
}

double GuestMapSession::progress() const
{
    if (!m_shared || m_shared->total == 0)
        return m_map && m_map->refined() ? 1.0 : 0.0;
    return double(m_shared->done) / double(m_shared->total);
}

void GuestMapSession::open(const QString& path)
{
    close();
    m_path = path;
    const quint64 generation = m_generation;
    const std::string file = QFile::encodeName(path).toStdString();
    AllocationMapOptions options;
    options.allowExternalBacking = BackingConsent::allowed(path);
    auto* watcher = new QFutureWatcher<OpenOutcome>(this);
    connect(watcher, &QFutureWatcher<OpenOutcome>::finished, this, [this, watcher, generation] {
        OpenOutcome outcome = watcher->result();
        watcher->deleteLater();
        if (generation != m_generation)
            return;  // another image was chosen meanwhile
        if (!outcome.map) {
            emit failed(outcome.error);
            return;
        }
        m_map = std::move(outcome.map);
        emit opened();
        startRefine();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [file, options] {
        OpenOutcome outcome;
        try {
            auto map = AllocationMap::open(file, options);
            if (map.ok())
                outcome.map = std::shared_ptr<AllocationMap>(std::move(map).value());
            else
                outcome.error = EngineText::error(map.error());
        } catch (const std::exception& e) {
            outcome.error = tr("Internal error: %1").arg(QString::fromUtf8(e.what()));
        }
        return outcome;
    }));
}

void GuestMapSession::startRefine()
{
    m_shared = std::make_shared<Shared>();
    m_refining = true;
    m_drainTimer.start();
    const quint64 generation = m_generation;
    auto shared = m_shared;
    auto map = m_map;
    std::stop_token stop = m_stop.get_token();
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, generation] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        drain();
        m_refining = false;
        m_drainTimer.stop();
        emit refineFinished(error.isEmpty(), error);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [shared, map, stop]() -> QString {
        AtomicProgress progress(shared->done, shared->total);
        try {
            Status s = map->refine(progress, stop, [&shared](uint64_t first, uint64_t count) {
                std::lock_guard lock(shared->mutex);
                if (shared->first == shared->end) {
                    shared->first = first;
                    shared->end = first + count;
                } else {
                    shared->first = std::min(shared->first, first);
                    shared->end = std::max(shared->end, first + count);
                }
            });
            return s.ok() ? QString() : EngineText::error(s.error());
        } catch (const std::exception& e) {
            return tr("Internal error: %1").arg(QString::fromUtf8(e.what()));
        }
    }));
}

void GuestMapSession::drain()
{
    if (!m_shared)
        return;
    uint64_t first = 0, end = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        first = m_shared->first;
        end = m_shared->end;
        m_shared->first = m_shared->end = 0;
    }
    if (end > first)
        emit cellsRefined(first, end - first);
}

void GuestMapSession::requestDetail(quint64 cell)
{
    if (!m_map)
        return;
    m_wantedDetail = cell;
    const quint64 generation = m_generation;
    auto map = m_map;
    auto* watcher = new QFutureWatcher<std::optional<ClusterDetail>>(this);
    connect(watcher, &QFutureWatcher<std::optional<ClusterDetail>>::finished, this, [this, watcher, generation, cell] {
        auto detail = watcher->result();
        watcher->deleteLater();
        // Only the latest hover matters: the pointer has moved on from the others.
        if (generation == m_generation && detail && cell == m_wantedDetail)
            emit detailReady(cell, *detail);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [map, cell]() -> std::optional<ClusterDetail> {
        auto d = map->detail(cell);
        if (!d.ok())
            return std::nullopt;
        return std::move(d).value();
    }));
}

void GuestMapSession::requestTable(quint64 table)
{
    if (!m_map)
        return;
    const quint64 generation = m_generation;
    auto map = m_map;
    using Entries = std::vector<ClusterDetail>;
    auto* watcher = new QFutureWatcher<Entries>(this);
    connect(watcher, &QFutureWatcher<Entries>::finished, this, [this, watcher, generation, table] {
        Entries entries = watcher->result();
        watcher->deleteLater();
        if (generation == m_generation)
            emit tableReady(table, entries);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [map, table]() -> Entries {
        auto entries = map->tableEntries(table);
        return entries.ok() ? std::move(entries).value() : Entries{};
    }));
}

}  // namespace diskscope::ui
