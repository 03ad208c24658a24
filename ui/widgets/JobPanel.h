// SPDX-License-Identifier: GPL-2.0-or-later
// The jobs panel: one row per job, newest first, with progress, rate, time left, Cancel and
// the equivalent command line.
#pragma once

#include <QHash>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace diskscope::ui {

class CommandField;
class Job;
class JobRunner;

class JobRow : public QWidget {
    Q_OBJECT
public:
    JobRow(Job* job, QWidget* parent);
    Job* job() const { return m_job; }
    QProgressBar* progressBar() const { return m_bar; }
    QToolButton* cancelButton() const { return m_cancel; }
    QLabel* statusLabel() const { return m_status; }
    void refresh();

private:
    Job* m_job;
    QLabel* m_title = nullptr;
    QLabel* m_state = nullptr;
    QProgressBar* m_bar = nullptr;
    QToolButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
    CommandField* m_command = nullptr;
};

class JobPanel : public QWidget {
    Q_OBJECT
public:
    explicit JobPanel(JobRunner* runner, QWidget* parent = nullptr);
    JobRow* rowFor(const Job* job) const { return m_rows.value(job); }

    // "1.2 GiB of 2 GiB · 350 MiB/s · about 3 s left", as the row shows it; public for tests.
    static QString progressText(const Job& job);

private:
    void addJob(Job* job);
    void removeJob(Job* job);
    void updateEmptyState();

    JobRunner* m_runner;
    QVBoxLayout* m_list = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_clear = nullptr;
    QHash<const Job*, JobRow*> m_rows;
};

}  // namespace diskscope::ui
