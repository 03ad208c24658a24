// SPDX-License-Identifier: GPL-2.0-or-later
// The images open in the window.
#include "models/ImageListModel.h"

#include <QFileInfo>

#include "util/SizeFormat.h"

namespace diskscope::ui {

ImageListModel::ImageListModel(QObject* parent) : QAbstractListModel(parent) {}

int ImageListModel::rowCount(const QModelIndex& parent) const
{
    // A flat list: only the invisible root has children.
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& entry = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QFileInfo(entry.path).fileName();
    case Qt::ToolTipRole:
        return entry.state == State::Failed ? entry.path + QLatin1Char('\n') + entry.error : entry.path;
    case PathRole:
        return entry.path;
    case StateRole:
        return int(entry.state);
    case SummaryRole:
        switch (entry.state) {
        case State::Loading:
            return tr("Reading…");
        case State::Failed:
            return tr("Could not be read");
        case State::Ready: {
            const ImageInfo& top = entry.layers.front();
            return QStringLiteral("%1 · %2").arg(QString::fromStdString(top.format), SizeFormat::human(top.virtualSize));
        }
        }
        return {};
    default:
        return {};
    }
}

QHash<int, QByteArray> ImageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(StateRole, "state");
    names.insert(SummaryRole, "summary");
    return names;
}

int ImageListModel::addImage(const QString& path)
{
    const int existing = rowOf(path);
    if (existing >= 0) {
        Entry& entry = m_entries[size_t(existing)];
        entry.state = State::Loading;
        entry.layers.clear();
        entry.error.clear();
        emitRowChanged(existing);
        return existing;
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back({path, State::Loading, {}, {}});
    endInsertRows();
    return row;
}

void ImageListModel::setInfo(const QString& path, std::vector<ImageInfo> layers)
{
    const int row = rowOf(path);
    if (row < 0 || layers.empty())
        return;
    Entry& entry = m_entries[size_t(row)];
    entry.state = State::Ready;
    entry.layers = std::move(layers);
    entry.error.clear();
    emitRowChanged(row);
}

void ImageListModel::setFailed(const QString& path, const QString& message)
{
    const int row = rowOf(path);
    if (row < 0)
        return;
    Entry& entry = m_entries[size_t(row)];
    entry.state = State::Failed;
    entry.layers.clear();
    entry.error = message;
    emitRowChanged(row);
}

void ImageListModel::removeImage(const QString& path)
{
    const int row = rowOf(path);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
}

int ImageListModel::rowOf(const QString& path) const
{
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].path == path)
            return int(i);
    }
    return -1;
}

QString ImageListModel::pathAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[size_t(row)].path : QString();
}

ImageListModel::State ImageListModel::stateAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[size_t(row)].state : State::Failed;
}

QString ImageListModel::errorAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[size_t(row)].error : QString();
}

const ImageInfo* ImageListModel::infoAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const Entry& entry = m_entries[size_t(row)];
    return entry.state == State::Ready ? &entry.layers.front() : nullptr;
}

void ImageListModel::emitRowChanged(int row)
{
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
}

}  // namespace diskscope::ui
