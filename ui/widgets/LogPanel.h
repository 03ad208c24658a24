// SPDX-License-Identifier: GPL-2.0-or-later
// The log: what the window did, each action with its equivalent diskscope-img command and,
// for jobs, how it ended.
#pragma once

#include <QStringList>
#include <QWidget>

class QPlainTextEdit;

namespace diskscope::ui {

class LogPanel : public QWidget {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);

    // One entry: a time-stamped message and, when the action has one, its command line.
    void log(const QString& message, const QString& command = {});
    QString text() const;
    // The command lines logged so far, oldest first.
    QStringList commands() const { return m_commands; }

public slots:
    // Copies the last command logged.
    void copyLastCommand();

private:
    QPlainTextEdit* m_text = nullptr;
    QStringList m_commands;
};

}  // namespace diskscope::ui
