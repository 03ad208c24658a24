// SPDX-License-Identifier: GPL-2.0-or-later
// One engine read for a details page (host layout, refcount usage, chain shares), run on a
// thread pool of the page's own so a full walk of the tables never delays the guest map or
// the jobs. Progress is polled at 10 Hz from 64-bit counters (QFuture's int progress would
// overflow); starting another read or cancel() stops the previous one, whose result is dropped.
#pragma once

#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <functional>
#include <memory>
#include <stop_token>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope::ui {

class PageWorker : public QObject {
    Q_OBJECT
public:
    explicit PageWorker(QObject* parent = nullptr);
    // Stops the running read and waits for it: the engine must not outlive its caller.
    ~PageWorker() override;

    // Runs `work` on the pool; `done` gets its result on the GUI thread unless superseded.
    // An exception from the engine becomes an Error.
    template <class T>
    void start(std::function<Result<T>(ProgressSink&, std::stop_token)> work,
               std::function<void(Result<T>&)> done)
    {
        startErased([work = std::move(work), done = std::move(done)](ProgressSink& progress,
                                                                     std::stop_token stop) -> Delivery {
            std::shared_ptr<Result<T>> result;
            try {
                result = std::make_shared<Result<T>>(work(progress, stop));
            } catch (const std::exception& e) {
                result = std::make_shared<Result<T>>(makeError(ErrorCode::IoError, std::string("internal error: ") + e.what()));
            }
            return [result, done] { done(*result); };
        });
    }
    void cancel();
    bool running() const { return bool(m_ticket); }
    QThreadPool* pool() { return &m_pool; }

signals:
    // Fraction done, 0..1, while a read runs.
    void progressChanged(double fraction);

private:
    struct Ticket;
    using Delivery = std::function<void()>;
    void startErased(std::function<Delivery(ProgressSink&, std::stop_token)> work);

    QThreadPool m_pool;
    QTimer m_poll;
    std::shared_ptr<Ticket> m_ticket;
};

}  // namespace diskscope::ui
