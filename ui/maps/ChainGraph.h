// SPDX-License-Identifier: GPL-2.0-or-later
// The backing chain graph: a box per layer, the base at the bottom, each box with its file
// name, format, virtual size, file size and a bar for the share of the guest disk it serves
// (the layer that answers each range, from block status over the chain). Custom painted;
// clicking a box selects that layer.
#pragma once

#include <QVector>
#include <QWidget>
#include <optional>

namespace diskscope::ui {

struct ChainGraphLayer {
    QString path;   // as the chain opened it (resolved backing name)
    QString format;
    quint64 virtualSize = 0;
    quint64 fileSize = 0;
    quint64 servedBytes = 0;  // guest bytes this layer answers
};

struct ChainGraphData {
    QVector<ChainGraphLayer> layers;  // top (0) first
    quint64 virtualSize = 0;
    quint64 unallocatedBytes = 0;  // no layer answers: zeros
    QString problem;               // why the chain stops early (backing file not opened)
};

class ChainGraph : public QWidget {
    Q_OBJECT
public:
    explicit ChainGraph(QWidget* parent = nullptr);

    void setData(const ChainGraphData& data);
    const ChainGraphData& data() const { return m_data; }
    void setSelectedLayer(int layer);
    int selectedLayer() const { return m_selected; }
    // The box of layer `layer` (0 = top, drawn highest; the base is at the bottom).
    QRect boxRect(int layer) const;
    std::optional<int> layerAt(QPoint point) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {360, 160}; }

signals:
    void layerActivated(int layer);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    int boxHeight() const;
    static constexpr int kGap = 36;
    static constexpr int kMargin = 16;

    ChainGraphData m_data;
    int m_selected = -1;
    int m_hovered = -1;
};

}  // namespace diskscope::ui
