// SPDX-License-Identifier: GPL-2.0-or-later
// The right-hand panel: every info field of one image, labelled, with fields that do not apply hidden.
#pragma once

#include <QString>
#include <QWidget>
#include <map>

#include "diskscope/image_info.h"

class QFormLayout;
class QLabel;
class QTableView;

namespace diskscope::ui {

class CommandField;
class HealthView;
class SnapshotTableModel;

// Strings from an image (names, paths, bitmap names) are untrusted: every value label is
// Qt::PlainText so a crafted backing name cannot inject markup or links.
class ImageDetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ImageDetailsPanel(QWidget* parent = nullptr);

    // The three states of a row in the image list.
    void showLoading(const QString& path);
    // `role` names the layer's place in its chain ("Backing layer 1 of disk.qcow2"); empty for a top image.
    void showImage(const QString& path, const ImageInfo& info, const QString& role = {});
    void showError(const QString& path, const QString& message);
    // A backing file named by the chain that did not open.
    void showBrokenLayer(const QString& path, const QString& message);

    HealthView* healthView() const { return m_health; }
    CommandField* commandField() const { return m_command; }

    // The value label of a field, by key ("format", "virtualSize", ...); tests read these.
    QLabel* valueLabel(const QString& key) const;
    SnapshotTableModel* snapshotModel() const { return m_snapshots; }
    // The snapshot table and its section, for the snapshot buttons and context menu.
    QTableView* snapshotView() const { return m_snapshotView; }
    QWidget* snapshotSection() const { return m_snapshotBox; }

private:
    struct Section {
        QWidget* box = nullptr;
        QFormLayout* form = nullptr;
    };
    Section addSection(const QString& title, const QString& objectName);
    void addField(const Section& section, const QString& key, const QString& label);
    // Sets a field's text and shows its row; an empty optional hides the row.
    void setField(const QString& key, const QString& text, const QString& toolTip = {});
    void hideField(const QString& key);
    void showHeader(const QString& path, const QString& subtitle);
    void setSectionsVisible(bool visible);
    void fitSnapshotTable();

    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_status = nullptr;
    QWidget* m_healthBox = nullptr;
    HealthView* m_health = nullptr;
    CommandField* m_command = nullptr;
    Section m_image;
    Section m_backing;
    Section m_qcow2;
    QWidget* m_snapshotBox = nullptr;
    QLabel* m_snapshotTitle = nullptr;
    QTableView* m_snapshotView = nullptr;
    SnapshotTableModel* m_snapshots = nullptr;
    std::map<QString, std::pair<QFormLayout*, QLabel*>> m_fields;
};

}  // namespace diskscope::ui
