// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Commit: writes the selected overlay's data into its backing file (or a deeper base,
// -b), then empties the overlay unless asked to keep it (-d).
#pragma once

#include <vector>

#include "dialogs/ChainDialog.h"
#include "diskscope/ops/commit.h"
#include "diskscope/ops/info.h"

class QCheckBox;
class QComboBox;

namespace diskscope::ui {

class CommitDialog : public ChainDialog {
    Q_OBJECT
public:
    // `chain` is the opened image's chain; `layer` the index of the overlay to commit.
    CommitDialog(JobRunner* runner, const ChainDescription& chain, int layer, QWidget* parent = nullptr);

    CommitOptions commitOptions() const;
    // The file that will be written: the chosen base.
    QString basePath() const;

    QComboBox* baseBox() const { return m_base; }
    QCheckBox* emptyBox() const { return m_empty; }
    QLabel* writesLabel() const { return m_writes; }

    QString problem() const override;

protected:
    QStringList commandArguments() const override;
    DestructiveQuestion question() const override;
    Job* startJob(JobRunner* runner) override;
    QString logDescription() const override;

private:
    void updateNotes();
    bool directBacking() const;
    QString baseName() const;

    std::vector<ImageInfo> m_layers;  // the overlay first, then the layers below it
    QString m_broken;                 // why the chain below stops, empty when complete
    QComboBox* m_base = nullptr;
    QCheckBox* m_empty = nullptr;
    QLabel* m_emptyHint = nullptr;
    QLabel* m_writes = nullptr;
    QLabel* m_effect = nullptr;
};

}  // namespace diskscope::ui
