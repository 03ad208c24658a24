// SPDX-License-Identifier: GPL-2.0-or-later
// The images open in the window, one row each, with their state and (once read) their info.
#pragma once

#include <QAbstractListModel>
#include <QString>
#include <optional>
#include <vector>

#include "diskscope/image_info.h"

namespace diskscope::ui {

class ImageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum class State { Loading, Ready, Failed };
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString: absolute path, the row's identity
        StateRole,                    // int: State
        SummaryRole,                  // QString: second line, "qcow2 · 10 GiB" or "Reading…"
    };

    explicit ImageListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds `path` in the Loading state, or puts an existing row back to Loading.
    // Returns the row.
    int addImage(const QString& path);
    // Stores the info read for `path` (top layer first); ignored when the row is gone.
    void setInfo(const QString& path, std::vector<ImageInfo> layers);
    // Marks `path` as failed with the engine's message.
    void setFailed(const QString& path, const QString& message);
    // Removes the row for `path`, if any.
    void removeImage(const QString& path);

    int rowOf(const QString& path) const;  // -1 when not open
    QString pathAt(int row) const;
    State stateAt(int row) const;
    QString errorAt(int row) const;
    // The top layer's info, or null while loading / after a failure.
    const ImageInfo* infoAt(int row) const;

private:
    struct Entry {
        QString path;
        State state = State::Loading;
        std::vector<ImageInfo> layers;
        QString error;
    };
    void emitRowChanged(int row);

    std::vector<Entry> m_entries;
};

}  // namespace diskscope::ui
