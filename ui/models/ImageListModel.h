// SPDX-License-Identifier: GPL-2.0-or-later
// The images open in the window as a tree: one top-level row per opened image, and under it
// one row per backing layer (top to base), plus a row for a backing file that did not open.
#pragma once

#include <QAbstractItemModel>
#include <QString>
#include <optional>
#include <vector>

#include "diskscope/image_info.h"
#include "diskscope/ops/check.h"
#include "diskscope/ops/health.h"
#include "diskscope/ops/info.h"

namespace diskscope::ui {

class ImageListModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class State { Loading, Ready, Failed };
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString: the layer's absolute path (top row: the opened path)
        StateRole,                    // int: State of the opened image
        SummaryRole,                  // QString: second line, "qcow2 · 10 GiB" or "Reading…"
        LayerRole,                    // int: 0 top, n backing layer n, BrokenLayer for a missing backing file
        SeverityRole,                 // int: worst HealthSeverity of the row's findings, -1 for none
    };
    static constexpr int BrokenLayer = -1;

    explicit ImageListModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds `path` in the Loading state, or puts an existing row back to Loading (its layers
    // and check results are dropped). Returns the row.
    int addImage(const QString& path);
    // Stores the chain read for `path`; ignored when the row is gone.
    void setChain(const QString& path, ChainDescription chain);
    // Compatibility with callers that have only the layers (no broken link).
    void setInfo(const QString& path, std::vector<ImageInfo> layers);
    // Marks `path` as failed with the engine's message.
    void setFailed(const QString& path, const QString& message);
    // Records a check of layer `layer` of `path` and updates the findings.
    void setCheckReport(const QString& path, int layer, CheckReport report);
    // Removes the row for `path`, if any.
    void removeImage(const QString& path);

    int rowOf(const QString& path) const;  // -1 when not open
    QModelIndex indexOf(const QString& path) const;
    QString pathAt(int row) const;
    State stateAt(int row) const;
    QString errorAt(int row) const;
    // The top layer's info, or null while loading / after a failure.
    const ImageInfo* infoAt(int row) const;

    // For any index (top row or layer row): the opened image's row, and the layer.
    int topRowOf(const QModelIndex& index) const;
    int layerOf(const QModelIndex& index) const;
    // The layer's file, info (null for the broken row or while loading), check report.
    QString layerPath(const QModelIndex& index) const;
    const ImageInfo* layerInfo(const QModelIndex& index) const;
    const CheckReport* checkReport(const QModelIndex& index) const;
    // Top row: the whole chain's findings; layer row: that layer's. Errors first.
    std::vector<HealthFinding> findings(const QModelIndex& index) const;
    const ChainDescription* chainAt(int row) const;

private:
    struct Entry {
        quintptr id = 0;  // stable identity: the internal id of this entry's child rows
        QString path;
        State state = State::Loading;
        ChainDescription chain;
        QString error;
        std::vector<std::optional<CheckReport>> checks;  // one per layer
        std::vector<HealthFinding> findings;             // chain and check findings, errors first
    };
    int childCount(const Entry& entry) const;
    // Removes the layer rows of `row` (its state is Loading afterwards).
    void removeChildren(int row);
    void updateFindings(Entry& entry);
    void emitRowChanged(int row);
    const Entry* entryOf(const QModelIndex& index) const;

    std::vector<Entry> m_entries;
    quintptr m_nextId = 1;
};

}  // namespace diskscope::ui
