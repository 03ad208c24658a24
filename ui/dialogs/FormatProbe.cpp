// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/FormatProbe.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "diskscope/ops/info.h"
#include "jobs/JobRunner.h"
#include "util/EngineText.h"

namespace diskscope::ui {

void FormatProbe::probe(const QString& absolutePath)
{
    m_path = absolutePath;
    m_format.clear();
    m_error.clear();
    m_size = 0;
    const int generation = ++m_generation;
    m_pending = !absolutePath.isEmpty();
    if (!m_pending) {
        emit finished();
        return;
    }
    struct Facts {
        QString format;
        uint64_t size = 0;
        QString error;
    };
    auto* watcher = new QFutureWatcher<Facts>(this);
    connect(watcher, &QFutureWatcher<Facts>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;  // asked again since; the newer read answers
        const Facts facts = watcher->result();
        m_pending = false;
        m_format = facts.format;
        m_size = facts.size;
        m_error = facts.error;
        emit finished();
    });
    watcher->setFuture(QtConcurrent::run([name = JobRunner::engineName(absolutePath)] {
        Facts facts;
        InfoOptions options;
        options.path = name;
        options.forceShare = true;  // a header read needs no lock and takes none
        auto result = info(options);
        if (!result.ok() || result->empty()) {
            facts.error = result.ok() ? FormatProbe::tr("it describes no image") : EngineText::error(result.error());
            return facts;
        }
        facts.format = QString::fromStdString(result->front().format);
        facts.size = result->front().virtualSize;
        return facts;
    }));
}

}  // namespace diskscope::ui
