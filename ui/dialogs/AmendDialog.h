// SPDX-License-Identifier: GPL-2.0-or-later
// Image ▸ Amend Options: changes a qcow2 image's options in place (compat, lazy refcounts,
// refcount width, size, backing name and format, data file name), showing the current values
// and offering only combinations the image can take, each refused choice with its reason.
#pragma once

#include <QString>
#include <cstdint>
#include <optional>

#include "dialogs/ChainDialog.h"
#include "diskscope/image_info.h"
#include "diskscope/ops/amend.h"

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLineEdit;

namespace diskscope::ui {

class SizeEntry;

// The options as the dialog shows them (a whole combination, changed or not).
struct AmendChoice {
    QString compat;               // "1.1" or "0.10"
    bool lazyRefcounts = false;
    uint64_t refcountBits = 16;
    std::optional<uint64_t> size; // empty while the text is not a size
    QString backingFile;          // stored name, "" for none
    QString backingFormat;        // "qcow2" or "raw" (ignored without a backing file)
    QString dataFile;             // only for images that have one
    bool dataFileRaw = false;     // the data file kept valid as a raw image (can only be turned off)
};

class AmendRules {
public:
    // The image's options as they are now.
    static AmendChoice current(const ImageInfo& info);
    // Why the image cannot be downgraded to compat 0.10 with the rest of `choice` (empty: it can).
    static QString whyNoDowngrade(const ImageInfo& info, const AmendChoice& choice);
    // Why `choice` cannot be applied to the image (empty: it can), in the engine's order.
    static QString whyRefused(const ImageInfo& info, const AmendChoice& choice);
};

class AmendDialog : public ChainDialog {
    Q_OBJECT
public:
    AmendDialog(JobRunner* runner, const QString& imagePath, const ImageInfo& info, QWidget* parent = nullptr);

    AmendChoice choice() const;
    // Only what changes; the rest stays as it is.
    AmendOptions amendOptions() const;
    // The -o argument ("compat=0.10,lazy_refcounts=off").
    QString optionString() const;

    QComboBox* compatBox() const { return m_compat; }
    QCheckBox* lazyBox() const { return m_lazy; }
    QComboBox* refcountBox() const { return m_refcountBits; }
    SizeEntry* sizeEntry() const { return m_size; }
    QLineEdit* backingEdit() const { return m_backing; }
    QComboBox* backingFormatBox() const { return m_backingFormat; }
    QLineEdit* dataFileEdit() const { return m_dataFile; }
    QCheckBox* dataFileRawBox() const { return m_dataFileRaw; }
    QLabel* compatHint() const { return m_compatHint; }
    QLabel* lazyHint() const { return m_lazyHint; }
    QLabel* refcountHint() const { return m_refcountHint; }

    QString problem() const override;

protected:
    QStringList commandArguments() const override;
    DestructiveQuestion question() const override;
    Job* startJob(JobRunner* runner) override;
    QString logDescription() const override;

private:
    void updateAvailability();
    QStringList changes() const;

    ImageInfo m_info;
    AmendChoice m_current;
    QComboBox* m_compat = nullptr;
    QLabel* m_compatHint = nullptr;
    QCheckBox* m_lazy = nullptr;
    QLabel* m_lazyHint = nullptr;
    QComboBox* m_refcountBits = nullptr;
    QLabel* m_refcountHint = nullptr;
    SizeEntry* m_size = nullptr;
    QLabel* m_sizeHint = nullptr;
    QLineEdit* m_backing = nullptr;
    QComboBox* m_backingFormat = nullptr;
    QLabel* m_backingHint = nullptr;
    QLineEdit* m_dataFile = nullptr;
    QCheckBox* m_dataFileRaw = nullptr;
    QLabel* m_dataFileHint = nullptr;
    bool m_updating = false;
};

}  // namespace diskscope::ui
