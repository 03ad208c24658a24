// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Snapshots ▸ Create: the snapshot's name (a timestamp by default), checked as you
// type against the image's existing names, with the equivalent command.
#pragma once

#include <QDialog>
#include <QStringList>

class QLineEdit;
class QPushButton;

namespace diskscope::ui {

class CommandField;
class ReasonLabel;

class CreateSnapshotDialog : public QDialog {
    Q_OBJECT
public:
    CreateSnapshotDialog(const QString& imagePath, const QStringList& existingNames, QWidget* parent = nullptr);

    QString name() const;
    QLineEdit* nameEdit() const { return m_name; }
    QPushButton* createButton() const { return m_create; }
    ReasonLabel* reasonLabel() const { return m_reason; }
    // The default name: "snapshot-2026-11-22-10-45-00" in local time.
    static QString timestampName();

private:
    void revalidate();

    QString m_path;
    QStringList m_existing;
    QLineEdit* m_name = nullptr;
    QPushButton* m_create = nullptr;
    ReasonLabel* m_reason = nullptr;
    CommandField* m_command = nullptr;
};

}  // namespace diskscope::ui
