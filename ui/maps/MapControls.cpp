// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/MapControls.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QLabel>
#include <QToolButton>

#include "maps/MapView.h"

namespace diskscope::ui {
namespace {

QToolButton* toolButton(const QString& text, const QString& tip, const QString& name, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    return button;
}

}  // namespace

void addMapControls(QBoxLayout* layout, MapView* view, QWidget* parent)
{
    auto* label = new QLabel(QObject::tr("&Layout:"), parent);
    auto* box = new QComboBox(parent);
    box->setObjectName(QStringLiteral("mapLayoutBox"));
    box->addItem(QObject::tr("Hilbert curve"), int(MapLayout::Hilbert));
    box->addItem(QObject::tr("Rows"), int(MapLayout::RowMajor));
    box->setToolTip(QObject::tr("Hilbert curve keeps neighbouring clusters together; rows read like text"));
    label->setBuddy(box);
    layout->addWidget(label);
    layout->addWidget(box);
    layout->addSpacing(12);
    auto* zoomOut = toolButton(QStringLiteral("−"), QObject::tr("Zoom out (-)"), QStringLiteral("mapZoomOut"), parent);
    auto* zoomIn = toolButton(QStringLiteral("+"), QObject::tr("Zoom in (+)"), QStringLiteral("mapZoomIn"), parent);
    auto* fit = toolButton(QObject::tr("Fit"), QObject::tr("Show the whole map (0)"), QStringLiteral("mapFit"), parent);
    layout->addWidget(zoomOut);
    layout->addWidget(zoomIn);
    layout->addWidget(fit);
    QObject::connect(box, &QComboBox::currentIndexChanged, view,
                     [view, box] { view->setMapLayout(MapLayout(box->currentData().toInt())); });
    QObject::connect(zoomIn, &QToolButton::clicked, view, &MapView::zoomIn);
    QObject::connect(zoomOut, &QToolButton::clicked, view, &MapView::zoomOut);
    QObject::connect(fit, &QToolButton::clicked, view, &MapView::fitToView);
}

}  // namespace diskscope::ui
