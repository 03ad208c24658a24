// SPDX-License-Identifier: GPL-2.0-or-later
// What the Rebase, Commit and Amend dialogs share: a safety note at the top, the options, the
// equivalent command (copyable), the reason the action button is disabled, and accept() that
// confirms naming the file and then starts the operation as a job.
#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include "dialogs/DialogKit.h"
#include "jobs/JobRunner.h"

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace diskscope::ui {

class CommandField;
class Job;

class ChainDialog : public QDialog {
    Q_OBJECT
public:
    QPushButton* actionButton() const { return m_action; }
    ReasonLabel* reasonLabel() const { return m_reason; }
    CommandField* commandField() const { return m_command; }
    QLabel* safetyNote() const { return m_safetyText; }
    // The file the operation writes (the image itself, or the base for commit).
    QString imagePath() const { return m_path; }
    // The job accept() started, null before.
    Job* job() const { return m_job; }
    // The user agreed to follow this image's backing files outside its directory tree
    // (BackingConsent): the operation may open them too.
    void setExternalBackingConsent(bool allowed) { m_externalBackingConsent = allowed; }

    // Why the action cannot go on (empty: it can).
    virtual QString problem() const = 0;
    // The equivalent diskscope-img command, shell-quoted.
    QString commandLine() const;

signals:
    // accept() confirmed and started the job; `description` is for the log.
    void started(diskscope::ui::Job* job, const QString& description);

public slots:
    // Confirms (naming the file), then starts the job and closes. Declining keeps the dialog.
    void accept() override;
    // Inputs changed: the reason, the button and the command follow.
    void revalidate();

protected:
    ChainDialog(JobRunner* runner, const QString& imagePath, QWidget* parent);

    // The options area, between the safety note and the command.
    QVBoxLayout* content() const { return m_content; }
    // Sets the note at the top; `warning` shows the warning icon (unsafe choices).
    void setSafety(const QString& text, bool warning);
    // Adds the command, reason and buttons (the action labelled `actionText`); call last in
    // the subclass constructor.
    void finish(const QString& actionText);
    // Resizes to `width` and the height its wrapped lines need at that width.
    void fitWidth(int width);

    virtual QStringList commandArguments() const = 0;
    virtual DestructiveQuestion question() const = 0;
    // Starts the job with the dialog's current options.
    virtual Job* startJob(JobRunner* runner) = 0;
    virtual QString logDescription() const = 0;
    // Whether `path` may be written by this user (the reason line says so otherwise).
    static bool writable(const QString& path);

    QString m_path;
    QString m_fileName;  // m_path's last component, for questions and notes
    bool m_externalBackingConsent = false;

private:
    JobRunner* m_runner = nullptr;
    Job* m_job = nullptr;
    QLabel* m_safetyIcon = nullptr;
    QLabel* m_safetyText = nullptr;
    QVBoxLayout* m_content = nullptr;
    CommandField* m_command = nullptr;
    ReasonLabel* m_reason = nullptr;
    QPushButton* m_action = nullptr;
};

}  // namespace diskscope::ui
