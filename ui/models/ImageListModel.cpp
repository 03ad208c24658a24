// SPDX-License-Identifier: GPL-2.0-or-later
// The images open in the window, each with its backing chain.
#include "models/ImageListModel.h"

#include <QFile>
#include <QFileInfo>
#include <QTextDocument>
#include <algorithm>

#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/Plural.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {

QString summaryOf(const ImageInfo& info)
{
    return QStringLiteral("%1 · %2").arg(QString::fromStdString(info.format), SizeFormat::human(info.virtualSize));
}

}  // namespace

ImageListModel::ImageListModel(QObject* parent) : QAbstractItemModel(parent) {}

// Top-level rows carry internal id 0; a layer row carries its opened image's entry id.
QModelIndex ImageListModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column != 0)
        return {};
    if (!parent.isValid())
        return row < int(m_entries.size()) ? createIndex(row, 0, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= int(m_entries.size()))
        return {};
    const Entry& entry = m_entries[size_t(parent.row())];
    return row < childCount(entry) ? createIndex(row, 0, entry.id) : QModelIndex();
}

QModelIndex ImageListModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].id == child.internalId())
            return createIndex(int(i), 0, quintptr(0));
    }
    return {};
}

int ImageListModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() != 0 || parent.row() >= int(m_entries.size()))
        return 0;
    return childCount(m_entries[size_t(parent.row())]);
}

int ImageListModel::columnCount(const QModelIndex&) const
{
    return 1;
}

int ImageListModel::childCount(const Entry& entry) const
{
    if (entry.state != State::Ready || entry.chain.layers.empty())
        return 0;
    return int(entry.chain.layers.size()) - 1 + (entry.chain.brokenBacking ? 1 : 0);
}

const ImageListModel::Entry* ImageListModel::entryOf(const QModelIndex& index) const
{
    const int row = topRowOf(index);
    return row >= 0 ? &m_entries[size_t(row)] : nullptr;
}

int ImageListModel::topRowOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this)
        return -1;
    if (index.internalId() == 0)
        return index.row() < int(m_entries.size()) ? index.row() : -1;
    return parent(index).row();
}

int ImageListModel::layerOf(const QModelIndex& index) const
{
    const Entry* entry = entryOf(index);
    if (!entry || index.internalId() == 0)
        return 0;
    const int layer = index.row() + 1;
    return layer < int(entry->chain.layers.size()) ? layer : BrokenLayer;
}

QString ImageListModel::layerPath(const QModelIndex& index) const
{
    const Entry* entry = entryOf(index);
    if (!entry)
        return {};
    const int layer = layerOf(index);
    if (layer == 0)
        return entry->path;
    if (layer == BrokenLayer) {
        const ImageInfo& last = entry->chain.layers.back();
        return QFile::decodeName(QByteArray::fromStdString(last.fullBackingFilename.value_or(last.backingFilename.value_or(""))));
    }
    return QFile::decodeName(QByteArray::fromStdString(entry->chain.layers[size_t(layer)].filename));
}

const ImageInfo* ImageListModel::layerInfo(const QModelIndex& index) const
{
    const Entry* entry = entryOf(index);
    if (!entry || entry->state != State::Ready)
        return nullptr;
    const int layer = layerOf(index);
    return layer == BrokenLayer ? nullptr : &entry->chain.layers[size_t(layer)];
}

const CheckReport* ImageListModel::checkReport(const QModelIndex& index) const
{
    const Entry* entry = entryOf(index);
    if (!entry)
        return nullptr;
    const int layer = layerOf(index);
    if (layer == BrokenLayer || size_t(layer) >= entry->checks.size() || !entry->checks[size_t(layer)])
        return nullptr;
    return &*entry->checks[size_t(layer)];
}

std::vector<HealthFinding> ImageListModel::findings(const QModelIndex& index) const
{
    const Entry* entry = entryOf(index);
    if (!entry)
        return {};
    if (index.internalId() == 0)
        return entry->findings;
    // A layer row shows what is about that layer; the broken row what is about its link.
    const int layer = layerOf(index);
    std::vector<HealthFinding> own;
    for (const HealthFinding& finding : entry->findings) {
        const bool brokenLink = finding.issue == HealthIssue::BackingMissing || finding.issue == HealthIssue::BackingUnreadable;
        if (layer == BrokenLayer ? brokenLink : (int(finding.layer) == layer && !brokenLink))
            own.push_back(finding);
    }
    return own;
}

const ChainDescription* ImageListModel::chainAt(int row) const
{
    if (row < 0 || row >= int(m_entries.size()) || m_entries[size_t(row)].state != State::Ready)
        return nullptr;
    return &m_entries[size_t(row)].chain;
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Entry& entry = *entryOf(index);
    const int layer = layerOf(index);
    const QString path = layerPath(index);
    switch (role) {
    case Qt::DisplayRole:
        return DisplayText::escapeControls(QFileInfo(path).fileName());
    case Qt::ToolTipRole: {
        // A tooltip that looks like markup is rendered as such: make it rich text on purpose,
        // with every untrusted part escaped.
        QStringList lines{DisplayText::escapeControls(path)};
        if (layer == BrokenLayer)
            lines << EngineText::error(*entry.chain.brokenBacking) << EngineText::errorDetail(*entry.chain.brokenBacking);
        else if (entry.state == State::Failed)
            lines << DisplayText::escapeControls(entry.error);
        const QString plain = lines.join(QLatin1Char('\n'));
        if (!Qt::mightBeRichText(plain))
            return plain;
        for (QString& line : lines)
            line = line.toHtmlEscaped();
        return QStringLiteral("<qt>%1</qt>").arg(lines.join(QStringLiteral("<br>")));
    }
    case Qt::AccessibleTextRole: {
        QString text = QStringLiteral("%1, %2").arg(DisplayText::escapeControls(QFileInfo(path).fileName()),
                                                    data(index, SummaryRole).toString());
        const int worst = data(index, SeverityRole).toInt();
        if (worst == int(HealthSeverity::Error))
            text += tr(", has errors");
        else if (worst == int(HealthSeverity::Warning))
            text += tr(", has warnings");
        return text;
    }
    case PathRole:
        return path;
    case StateRole:
        return int(entry.state);
    case LayerRole:
        return layer;
    case SeverityRole: {
        int worst = -1;
        for (const HealthFinding& finding : findings(index))
            worst = std::max(worst, int(finding.severity));
        return worst;
    }
    case SummaryRole:
        switch (entry.state) {
        case State::Loading:
            return tr("Reading…");
        case State::Failed:
            return tr("Could not be read");
        case State::Ready:
            if (layer == BrokenLayer)
                return entry.chain.brokenBacking->code == ErrorCode::NotFound ? tr("Backing file missing")
                                                                               : tr("Backing file cannot be opened");
            if (layer == 0) {
                const size_t depth = entry.chain.layers.size();
                const QString summary = summaryOf(entry.chain.layers.front());
                return depth > 1 ? tr("%1 · %2 layers").arg(summary).arg(depth) : summary;
            }
            return tr("%1 · layer %2").arg(summaryOf(entry.chain.layers[size_t(layer)])).arg(layer);
        }
        return {};
    default:
        return {};
    }
}

QHash<int, QByteArray> ImageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(StateRole, "state");
    names.insert(SummaryRole, "summary");
    names.insert(LayerRole, "layer");
    names.insert(SeverityRole, "severity");
    return names;
}

void ImageListModel::removeChildren(int row)
{
    // Layer rows are replaced as a whole: a refreshed chain may be longer, shorter or broken.
    Entry& entry = m_entries[size_t(row)];
    const QModelIndex parent = index(row, 0);
    const int old = childCount(entry);
    if (old > 0) {
        beginRemoveRows(parent, 0, old - 1);
        entry.state = State::Loading;  // childCount() is 0 while Loading
        endRemoveRows();
    }
}

int ImageListModel::addImage(const QString& path)
{
    const int existing = rowOf(path);
    if (existing >= 0) {
        removeChildren(existing);
        Entry& entry = m_entries[size_t(existing)];
        entry.state = State::Loading;
        entry.chain = {};
        entry.checks.clear();
        entry.findings.clear();
        entry.error.clear();
        emitRowChanged(existing);
        return existing;
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    Entry entry;
    entry.id = m_nextId++;
    entry.path = path;
    m_entries.push_back(std::move(entry));
    endInsertRows();
    return row;
}

void ImageListModel::setChain(const QString& path, ChainDescription chain)
{
    const int row = rowOf(path);
    if (row < 0 || chain.layers.empty())
        return;
    removeChildren(row);
    Entry& entry = m_entries[size_t(row)];
    const int children = int(chain.layers.size()) - 1 + (chain.brokenBacking ? 1 : 0);
    if (children > 0)
        beginInsertRows(index(row, 0), 0, children - 1);
    entry.state = State::Ready;
    entry.chain = std::move(chain);
    entry.checks.assign(entry.chain.layers.size(), std::nullopt);
    entry.error.clear();
    updateFindings(entry);
    if (children > 0)
        endInsertRows();
    emitRowChanged(row);
}

void ImageListModel::setInfo(const QString& path, std::vector<ImageInfo> layers)
{
    ChainDescription chain;
    chain.layers = std::move(layers);
    setChain(path, std::move(chain));
}

void ImageListModel::setFailed(const QString& path, const QString& message)
{
    const int row = rowOf(path);
    if (row < 0)
        return;
    removeChildren(row);
    Entry& entry = m_entries[size_t(row)];
    entry.state = State::Failed;
    entry.chain = {};
    entry.checks.clear();
    entry.findings.clear();
    entry.error = message;
    emitRowChanged(row);
}

void ImageListModel::setCheckReport(const QString& path, int layer, CheckReport report)
{
    const int row = rowOf(path);
    if (row < 0)
        return;
    Entry& entry = m_entries[size_t(row)];
    if (entry.state != State::Ready || layer < 0 || size_t(layer) >= entry.checks.size())
        return;
    entry.checks[size_t(layer)] = std::move(report);
    updateFindings(entry);
    emitRowChanged(row);
    if (layer > 0) {
        const QModelIndex changed = index(layer - 1, 0, index(row, 0));
        emit dataChanged(changed, changed);
    }
}

void ImageListModel::updateFindings(Entry& entry)
{
    entry.findings = assessChain(entry.chain);
    for (size_t layer = 0; layer < entry.checks.size(); ++layer) {
        if (entry.checks[layer]) {
            std::vector<HealthFinding> more = assessCheck(*entry.checks[layer], layer);
            entry.findings.insert(entry.findings.end(), more.begin(), more.end());
        }
    }
    std::stable_sort(entry.findings.begin(), entry.findings.end(),
                     [](const HealthFinding& a, const HealthFinding& b) { return a.severity > b.severity; });
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

QModelIndex ImageListModel::indexOf(const QString& path) const
{
    const int row = rowOf(path);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QString ImageListModel::pathAt(int row) const
{
    return row >= 0 && row < int(m_entries.size()) ? m_entries[size_t(row)].path : QString();
}

ImageListModel::State ImageListModel::stateAt(int row) const
{
    return row >= 0 && row < int(m_entries.size()) ? m_entries[size_t(row)].state : State::Failed;
}

QString ImageListModel::errorAt(int row) const
{
    return row >= 0 && row < int(m_entries.size()) ? m_entries[size_t(row)].error : QString();
}

const ImageInfo* ImageListModel::infoAt(int row) const
{
    const ChainDescription* chain = chainAt(row);
    return chain ? &chain->layers.front() : nullptr;
}

void ImageListModel::emitRowChanged(int row)
{
    const QModelIndex changed = index(row, 0);
    emit dataChanged(changed, changed);
}

}  // namespace diskscope::ui
