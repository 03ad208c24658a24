// SPDX-License-Identifier: GPL-2.0-or-later
// Reads image chains off the GUI thread.
#include "jobs/InfoLoader.h"

#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "diskscope/ops/info.h"
#include "diskscope/trust_policy.h"
#include "util/BackingConsent.h"
#include "util/EngineText.h"

namespace diskscope::ui {

InfoLoader::InfoLoader(QObject* parent) : QObject(parent)
{
    // Reading headers is short I/O; two threads let a slow file not hold up the next one.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("InfoLoaderPool"));
}

InfoLoader::~InfoLoader()
{
    m_pool.waitForDone();
}

InfoLoader::Outcome InfoLoader::run(const QString& path, bool allowExternalBacking)
{
    Outcome outcome;
    outcome.path = path;
    InfoOptions options;
    // File names go to the engine in the file system's encoding, not blindly as UTF-8.
    options.path = QFile::encodeName(path).toStdString();
    // The GUI only browses: like qemu-img -U it must not be stopped by, nor stop, a running VM.
    options.forceShare = true;
    options.allowExternalBacking = allowExternalBacking || externalBackingAllowedByDefault();
    try {
        // The whole chain: a missing or unreadable backing file is shown, not an open failure.
        auto result = diskscope::describeChain(options);
        if (result.ok()) {
            outcome.ok = true;
            outcome.layers = std::move(result->layers);
            outcome.brokenBacking = std::move(result->brokenBacking);
            outcome.dataFilesNotFollowed = std::move(result->dataFilesNotFollowed);
        } else {
            // In the user's language, by code and errno; the engine's English as the detail.
            // (Translating is thread-safe; the translators are installed before any load.)
            outcome.error = EngineText::error(result.error());
            outcome.errorDetail = EngineText::errorDetail(result.error());
        }
    } catch (const std::exception& e) {
        // The engine reports errors as values; this only guards the GUI against bad_alloc and bugs.
        outcome.error = tr("Internal error: %1").arg(QString::fromUtf8(e.what()));
    }
    return outcome;
}

void InfoLoader::load(const QString& path)
{
    ++m_pending;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        --m_pending;
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        emit finished(outcome);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, &InfoLoader::run, path, BackingConsent::allowed(path)));
}

}  // namespace diskscope::ui
