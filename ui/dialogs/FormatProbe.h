// SPDX-License-Identifier: GPL-2.0-or-later
// The format and virtual size of a file the user names as a backing file, read on a worker
// (info with -U: no lock taken). Shared by the New Disk wizard and the Rebase dialog.
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>

namespace diskscope::ui {

// Reads a file's format and virtual size on a worker (info with -U: no lock), for a backing
// file the user names; a newer request makes the older answer stale.
class FormatProbe : public QObject {
    Q_OBJECT
public:
    explicit FormatProbe(QObject* parent = nullptr) : QObject(parent) {}
    // Starts reading `absolutePath` (empty: clears).
    void probe(const QString& absolutePath);
    bool pending() const { return m_pending; }
    QString path() const { return m_path; }
    QString format() const { return m_format; }
    uint64_t virtualSize() const { return m_size; }
    // Why the file cannot be read (the engine's words), empty when it could.
    QString error() const { return m_error; }

signals:
    void finished();

private:
    QString m_path;
    bool m_pending = false;
    QString m_format;
    uint64_t m_size = 0;
    QString m_error;
    int m_generation = 0;
};

}  // namespace diskscope::ui
