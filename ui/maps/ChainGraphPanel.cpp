// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/ChainGraphPanel.h"

#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QVBoxLayout>

#include "diskscope/chain_shares.h"
#include "maps/PageWorker.h"
#include "util/BackingConsent.h"
#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

ChainGraphPanel::ChainGraphPanel(QWidget* parent) : LazyImagePage(parent)
{
    setObjectName(QStringLiteral("chainGraphPanel"));
    setAccessibleName(tr("Backing chain"));
    m_worker = new PageWorker(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    auto* toolbar = new QHBoxLayout;
    auto* hint = new QLabel(tr("Each layer answers the guest ranges it allocates; the rest reads through to the layer below."), this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setWordWrap(true);
    toolbar->addWidget(hint, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("chainStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(m_status);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setMaximumHeight(10);
    m_progress->hide();
    toolbar->addWidget(m_progress);
    layout->addLayout(toolbar);

    m_graph = new ChainGraph;
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("chainGraphScroll"));
    scroll->setWidget(m_graph);
    scroll->setWidgetResizable(true);
    scroll->setBackgroundRole(QPalette::Base);
    layout->addWidget(scroll, 1);

    connect(m_worker, &PageWorker::progressChanged, this, [this](double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_graph, &ChainGraph::layerActivated, this, [this](int layer) {
        if (layer >= 0 && layer < m_graph->data().layers.size())
            emit layerActivated(m_graph->data().layers[layer].path);
    });
}

void ChainGraphPanel::openImage(const QString& path)
{
    m_graph->setData({});
    m_status->setText(tr("Reading the block status of every layer…"));
    m_status->setToolTip({});
    m_progress->setValue(0);
    m_progress->show();
    const std::string file = QFile::encodeName(path).toStdString();
    const bool allowExternal = BackingConsent::allowed(path);
    m_worker->start<ChainGraphData>(
        [file, allowExternal](ProgressSink& progress, std::stop_token stop) -> Result<ChainGraphData> {
            OpenOptions options;
            options.forceShare = true;
            options.allowExternalBacking = allowExternal;
            ChainGraphData data;
            auto chain = Chain::open(file, options);
            if (!chain.ok() && chain.error().code != ErrorCode::Cancelled) {
                // A backing file that cannot be opened (missing, untrusted): show the layers we have.
                data.problem = EngineText::error(chain.error());
                options.openBacking = false;
                chain = Chain::open(file, options);
            }
            if (!chain.ok())
                return std::move(chain).error();
            Chain& c = **chain;
            DS_ASSIGN_OR_RETURN(ChainShares shares, chainShares(c, progress, stop));
            data.virtualSize = shares.virtualSize;
            data.unallocatedBytes = shares.unallocatedBytes;
            for (size_t i = 0; i < c.layerCount(); ++i) {
                ChainGraphLayer layer;
                layer.path = QFile::decodeName(QByteArray::fromStdString(c.layerName(i)));
                layer.format = QString::fromLatin1(c.layer(i).formatName());
                layer.virtualSize = c.layer(i).virtualSize();
                auto size = c.layer(i).file().size();
                layer.fileSize = size.ok() ? *size : 0;
                layer.servedBytes = shares.servedBytes[i];
                data.layers.push_back(layer);
            }
            return data;
        },
        [this](Result<ChainGraphData>& result) {
            m_progress->hide();
            if (!result.ok()) {
                m_status->setText(tr("Could not read the chain: %1").arg(EngineText::error(result.error())));
                m_status->setToolTip(EngineText::errorDetail(result.error()));
                emit chainShown(false);
                return;
            }
            m_graph->setData(*result);
            m_graph->setSelectedLayer(0);
            m_status->setText(tr("%n layer(s), guest disk %1", nullptr, int(result->layers.size()))
                                  .arg(SizeFormat::human(result->virtualSize)));
            emit chainShown(true);
        });
}

void ChainGraphPanel::clearPage()
{
    m_worker->cancel();
    m_graph->setData({});
    m_status->clear();
    m_progress->hide();
}

}  // namespace diskscope::ui
