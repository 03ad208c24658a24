// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Resize: the current virtual size and where the last data sits (found on a worker),
// the new size checked as you type, preallocation when growing, and for a shrink a warning,
// plus an explicit choice when it cuts into data. Resize confirms a shrink naming the file and
// runs as a Resize job; the equivalent command is shown and copyable.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>

#include "diskscope/image_info.h"
#include "diskscope/preallocation.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QWidget;

namespace diskscope::ui {

class CommandField;
class Job;
struct LastDataResult;
class JobRunner;
class ReasonLabel;
class SizeEntry;

class ResizeDialog : public QDialog {
    Q_OBJECT
public:
    ResizeDialog(JobRunner* runner, const QString& path, const ImageInfo& info, QWidget* parent = nullptr);
    ~ResizeDialog() override;

    // Why the image at chain depth `layer` described by `info` cannot be resized (empty: it can).
    static QString unavailableReason(const QString& path, const ImageInfo& info, int layer);

    SizeEntry* sizeEntry() const { return m_size; }
    QComboBox* preallocationBox() const { return m_preallocation; }
    QCheckBox* discardBox() const { return m_discard; }
    QPushButton* resizeButton() const { return m_resize; }
    ReasonLabel* reasonLabel() const { return m_reason; }
    CommandField* commandField() const { return m_command; }
    QLabel* lastDataLabel() const { return m_lastDataLabel; }
    QLabel* warningLabel() const { return m_warningText; }
    // Where the last data ends, once the worker has found it.
    std::optional<uint64_t> lastDataEnd() const { return m_lastData; }
    bool lastDataKnown() const { return m_lastDataDone; }
    // Why the Resize button is disabled (empty: it is enabled).
    QString problem() const;
    // The equivalent diskscope-img command for the current choices.
    QString commandLine() const;
    // The job accept() started, null before.
    Job* job() const { return m_job; }

signals:
    // accept() started the job; `description` is for the log.
    void started(diskscope::ui::Job* job, const QString& description);

public slots:
    // Confirms a shrink (naming the file), then starts the job and closes. Declining keeps the dialog.
    void accept() override;

private:
    void findLastData();
    void revalidate();
    void fitHeight();
    std::optional<Preallocation> chosenPreallocation() const;

    JobRunner* m_runner = nullptr;
    QString m_path;
    QString m_fileName;
    bool m_qcow2 = false;
    uint64_t m_current = 0;
    std::optional<uint64_t> m_lastData;
    bool m_lastDataDone = false;
    QString m_lastDataError;
    std::stop_source m_stop;
    QFutureWatcher<void>* m_watcher = nullptr;
    std::shared_ptr<LastDataResult> m_result;

    SizeEntry* m_size = nullptr;
    QLabel* m_lastDataLabel = nullptr;
    QLabel* m_change = nullptr;
    QComboBox* m_preallocation = nullptr;
    QLabel* m_preallocationHint = nullptr;
    QWidget* m_warning = nullptr;
    QLabel* m_warningText = nullptr;
    QCheckBox* m_discard = nullptr;
    CommandField* m_command = nullptr;
    ReasonLabel* m_reason = nullptr;
    QPushButton* m_resize = nullptr;
    Job* m_job = nullptr;
    int m_fittedHeight = -1;  // the height fitHeight() last set
};

}  // namespace diskscope::ui
