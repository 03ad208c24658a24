// SPDX-License-Identifier: GPL-2.0-or-later
// Reads an image's chain (diskscope::describeChain) for the GUI on a pool of its own and hands the result back on the GUI thread.
#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <vector>

#include <optional>

#include "diskscope/image_info.h"
#include "diskscope/ops/info.h"

namespace diskscope::ui {

// The first engine job of the GUI. Each load() runs on this loader's private QThreadPool
// (never the global pool, which map rendering will need), watched by a QFutureWatcher, so
// the window never waits. The later job system (progress, cancel) grows from this class.
class InfoLoader : public QObject {
    Q_OBJECT
public:
    // What one load produced: the image's info (top layer first) or an error text.
    struct Outcome {
        QString path;
        bool ok = false;
        std::vector<ImageInfo> layers;  // non-empty when ok: the chain as far as it opens, top first
        std::optional<Error> brokenBacking;  // why the next backing file did not open
        std::vector<size_t> dataFilesNotFollowed;  // layers whose data file needs consent
        QString error;                  // why it failed, in the user's language, when !ok
        QString errorDetail;            // the engine's own English message: technical detail
    };

    explicit InfoLoader(QObject* parent = nullptr);
    // Waits for running loads: info() cannot be interrupted and must not outlive the loader.
    ~InfoLoader() override;

    // Starts reading `path`; finished() follows, on the GUI thread, exactly once. Backing
    // files outside the image's directory are followed only with BackingConsent for it.
    void load(const QString& path);
    // Loads started and not yet reported.
    int pending() const { return m_pending; }

    // Runs the engine synchronously; public so tests can compare with load().
    // `allowExternalBacking`: follow backing files outside the image's directory tree.
    static Outcome run(const QString& path, bool allowExternalBacking = false);

signals:
    void finished(const diskscope::ui::InfoLoader::Outcome& outcome);

private:
    QThreadPool m_pool;
    int m_pending = 0;
};

}  // namespace diskscope::ui
