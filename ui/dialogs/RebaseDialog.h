// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Rebase: gives the selected qcow2 image another backing file, or none. Safe mode
// copies what differs so the guest sees the same disk; unsafe mode (-u) only renames.
#pragma once

#include "dialogs/ChainDialog.h"
#include "dialogs/FormatProbe.h"
#include "diskscope/image_info.h"
#include "diskscope/ops/rebase.h"

class QCheckBox;
class QLineEdit;
class QRadioButton;
class QPushButton;

namespace diskscope::ui {

class RebaseDialog : public ChainDialog {
    Q_OBJECT
public:
    // `info` describes `imagePath`; `chainReadable` says whether its current backing chain
    // opens (safe mode reads it).
    RebaseDialog(JobRunner* runner, const QString& imagePath, const ImageInfo& info, bool chainReadable,
                 QWidget* parent = nullptr);

    RebaseOptions rebaseOptions() const;
    // The name stored in the header ("" for none).
    QString storedName() const;

    QLineEdit* backingEdit() const { return m_backing; }
    QCheckBox* noBackingBox() const { return m_noBacking; }
    QRadioButton* safeButton() const { return m_safe; }
    QRadioButton* unsafeButton() const { return m_unsafe; }
    QRadioButton* relativeButton() const { return m_relative; }
    QRadioButton* absoluteButton() const { return m_absolute; }
    QLabel* formatLabel() const { return m_formatLabel; }
    FormatProbe* probe() const { return m_probe; }

    QString problem() const override;

protected:
    QStringList commandArguments() const override;
    DestructiveQuestion question() const override;
    Job* startJob(JobRunner* runner) override;
    QString logDescription() const override;

private:
    QString chosenAbsolute() const;
    void choose();
    void inputsChanged();
    void updateNotes();

    ImageInfo m_info;
    bool m_chainReadable = true;
    QLineEdit* m_backing = nullptr;
    QPushButton* m_browse = nullptr;
    QCheckBox* m_noBacking = nullptr;
    QLabel* m_formatLabel = nullptr;
    QRadioButton* m_safe = nullptr;
    QRadioButton* m_unsafe = nullptr;
    QLabel* m_modeHint = nullptr;
    QRadioButton* m_relative = nullptr;
    QRadioButton* m_absolute = nullptr;
    QLabel* m_nameHint = nullptr;
    FormatProbe* m_probe = nullptr;
};

}  // namespace diskscope::ui
