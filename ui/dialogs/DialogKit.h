// SPDX-License-Identifier: GPL-2.0-or-later
// What every wizard and dialog shares: the confirmation before a destructive step (which
// tests answer without a modal box) and the line that says why a button is disabled.
#pragma once

#include <QLabel>
#include <QString>
#include <functional>

class QComboBox;
class QWidget;

namespace diskscope::ui {

// A question before something that cannot be undone. The question names the file; the
// destructive answer is never the default button.
struct DestructiveQuestion {
    QString title;        // window title: "Delete Snapshot?"
    QString question;     // "Delete snapshot “before-upgrade” of disk.qcow2?"
    QString detail;       // what will be lost or changed
    QString acceptText;   // the destructive button: "Delete Snapshot"
};

class Confirmation {
public:
    // Asks with a modal message box, or with the test responder when one is set.
    static bool ask(QWidget* parent, const DestructiveQuestion& question);

    // Tests answer here (and can record what was asked); pass {} to go back to message boxes.
    using Responder = std::function<bool(const DestructiveQuestion&)>;
    static void setResponder(Responder responder);
};

// A plain-text line under a form that explains why its action is unavailable ("The size
// must be a whole number of 512-byte sectors"). Hidden while there is nothing to explain.
class ReasonLabel : public QLabel {
    Q_OBJECT
public:
    explicit ReasonLabel(QWidget* parent = nullptr);

    // Shows `reason` (plain text, never rich text) or hides the label when it is empty.
    void setReason(const QString& reason);
    QString reason() const { return text(); }
};

// A one-line explanation under an option, in the quieter text colour (plain text).
QLabel* hintLabel(const QString& text, QWidget* parent);
// Enables or disables one entry of a combo box (a disabled entry cannot be picked); `why` becomes
// the entry's tooltip, so a greyed-out choice says why it is off.
void setComboItemEnabled(QComboBox* box, int index, bool enabled, const QString& why = {});

}  // namespace diskscope::ui
