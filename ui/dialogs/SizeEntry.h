// SPDX-License-Identifier: GPL-2.0-or-later
// A disk size typed as a number with a unit (KiB…TiB), checked as you type, with the exact
// byte count shown beside it. Shared by the New Disk wizard and the Resize dialog.
#pragma once

#include <QWidget>
#include <cstdint>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace diskscope::ui {

class SizeEntry : public QWidget {
    Q_OBJECT
public:
    explicit SizeEntry(QWidget* parent = nullptr);

    // The size in bytes, or nothing while the text is not a size.
    std::optional<uint64_t> bytes() const;
    // Why the text is not a size (empty when it is).
    QString problem() const;
    // Shows `bytes` in the largest unit that keeps it whole.
    void setBytes(uint64_t bytes);
    void setText(const QString& number, int unitIndex);

    QLineEdit* numberEdit() const { return m_number; }
    QComboBox* unitBox() const { return m_unit; }
    QLabel* exactLabel() const { return m_exact; }

signals:
    void changed();

private:
    void update();

    QLineEdit* m_number = nullptr;
    QComboBox* m_unit = nullptr;
    QLabel* m_exact = nullptr;
};

}  // namespace diskscope::ui
