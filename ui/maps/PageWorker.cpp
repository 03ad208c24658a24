// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/PageWorker.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>

namespace diskscope::ui {

struct PageWorker::Ticket : ProgressSink {
    std::stop_source stop;
    std::atomic<uint64_t> done{0};
    std::atomic<uint64_t> total{0};
    void progress(uint64_t d, uint64_t t) override
    {
        total = t;
        done = d;
    }
};

PageWorker::PageWorker(QObject* parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("PageWorkerPool"));
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_ticket && m_ticket->total)
            emit progressChanged(double(m_ticket->done) / double(m_ticket->total));
    });
}

PageWorker::~PageWorker()
{
    cancel();
    m_pool.waitForDone();
}

void PageWorker::cancel()
{
    if (m_ticket)
        m_ticket->stop.request_stop();
    m_ticket.reset();
    m_poll.stop();
}

void PageWorker::startErased(std::function<Delivery(ProgressSink&, std::stop_token)> work)
{
    cancel();
    auto ticket = std::make_shared<Ticket>();
    m_ticket = ticket;
    m_poll.start();
    emit progressChanged(0);
    auto* watcher = new QFutureWatcher<Delivery>(this);
    connect(watcher, &QFutureWatcher<Delivery>::finished, this, [this, watcher, ticket] {
        const Delivery deliver = watcher->result();
        watcher->deleteLater();
        if (ticket != m_ticket)
            return;  // superseded or cancelled meanwhile
        m_ticket.reset();
        m_poll.stop();
        deliver();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [work = std::move(work), ticket]() -> Delivery {
        return work(*ticket, ticket->stop.get_token());
    }));
}

}  // namespace diskscope::ui
