// SPDX-License-Identifier: GPL-2.0-or-later
// The one place where the engine's English (health findings, errors, errno values) becomes
// text in the user's language. The engine keeps its English for the CLI, which must read like
// qemu-img; the GUI words the same facts with tr() from the values the engine returns, and
// keeps the engine's English as technical detail (tooltips, "Show Details").
#pragma once

#include <QCoreApplication>
#include <QString>

#include "diskscope/error.h"
#include "diskscope/ops/health.h"

namespace diskscope::ui {

class EngineText {
    Q_DECLARE_TR_FUNCTIONS(diskscope::ui::EngineText)
public:
    struct Finding {
        QString title;
        QString detail;
        QString technical;  // the engine's own English, when it adds something (empty otherwise)
    };
    // A finding in the user's language; names from the image are quoted plain, escaped.
    static Finding finding(const HealthFinding& finding);

    // One sentence for the user by code and errno: "Cannot open disk.qcow2: No such file or
    // directory". Names the file by its file name; errorDetail() has the full path.
    static QString error(const Error& error);
    // The engine's English "path: message", escaped for display: the technical detail.
    static QString errorDetail(const Error& error);
    // An errno value in the user's language ("Permission denied").
    static QString systemError(int err);
};

}  // namespace diskscope::ui
