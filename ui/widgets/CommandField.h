// SPDX-License-Identifier: GPL-2.0-or-later
// A diskscope-img command line in a read-only monospace field with a Copy button.
#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace diskscope::ui {

class CommandField : public QWidget {
    Q_OBJECT
public:
    explicit CommandField(QWidget* parent = nullptr);

    void setCommand(const QString& command);
    QString command() const;
    QToolButton* copyButton() const { return m_copy; }

public slots:
    // Puts the command on the clipboard (and the X11 selection).
    void copy();

signals:
    void copied(const QString& command);

private:
    QLineEdit* m_edit = nullptr;
    QToolButton* m_copy = nullptr;
};

}  // namespace diskscope::ui
