// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/GuestMapClasses.h"

#include <QCoreApplication>

#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {

// The context is the one lupdate gives a tr() call in this namespace, so the translation is found.
QString tr(const char* text)
{
    return QCoreApplication::translate("diskscope::ui", text);
}

QString hex(uint64_t value)
{
    return QStringLiteral("0x") + QString::number(value, 16);
}

}  // namespace

uint8_t guestClassOf(ClusterState state)
{
    switch (state) {
    case ClusterState::Pending: return uint8_t(GuestClass::Pending);
    case ClusterState::Unallocated: return uint8_t(GuestClass::Unallocated);
    case ClusterState::Data: return uint8_t(GuestClass::Data);
    case ClusterState::Zero:
    case ClusterState::ZeroAllocated: return uint8_t(GuestClass::Zero);
    case ClusterState::Compressed: return uint8_t(GuestClass::Compressed);
    case ClusterState::Mixed: return uint8_t(GuestClass::Mixed);
    case ClusterState::Invalid: return uint8_t(GuestClass::Invalid);
    }
    switch (backingLayerOf(state)) {
    case 0: return uint8_t(GuestClass::Invalid);
    case 1: return uint8_t(GuestClass::Backing1);
    case 2: return uint8_t(GuestClass::Backing2);
    default: return uint8_t(GuestClass::Backing3);
    }
}

const uint8_t (&guestClassTable())[256]
{
    static const auto table = [] {
        struct Table {
            uint8_t values[256];
        } t;
        for (int s = 0; s < 256; ++s)
            t.values[s] = guestClassOf(ClusterState(s));
        return t;
    }();
    return table.values;
}

QVector<MapClass> guestMapClasses()
{
    // Okabe-Ito hues for what this image stores; quiet blue-greys for what lies below it.
    return {
        {tr("Not read yet"), tr("An L2 table exists here; it is still being read"), QColor(0xd4d8de), QColor(0x4a4f57), false},
        {tr("Unallocated"), tr("Stored nowhere in the chain: reads as zeros"), QColor(0xf1f2f4), QColor(0x2b2d31), false},
        {tr("Data"), tr("Stored in this image"), QColor(0x0072b2), QColor(0x4aa3df), true},
        {tr("Zero"), tr("Zero flag: reads as zeros without data"), QColor(0x7fcdbb), QColor(0x3f9f8a), true},
        {tr("Compressed"), tr("Stored compressed in this image"), QColor(0xe69f00), QColor(0xf0b43c), true},
        {tr("Partly allocated"), tr("Subclusters (extended L2) in different states"), QColor(0xcc79a7), QColor(0xd98fbb), true},
        {tr("Corrupt"), tr("The entry or its L2 table is invalid"), QColor(0xd55e00), QColor(0xff7033), true},
        {tr("Backing file"), tr("Not in this image: served by its backing file"), QColor(0xa9bcd6), QColor(0x50627d), false},
        {tr("Backing layer 2"), tr("Served by the backing file's backing file"), QColor(0xc8d4e4), QColor(0x434f62), false},
        {tr("Deeper layers"), tr("Served by a layer further down the chain"), QColor(0xdfe5ee), QColor(0x3a4250), false},
    };
}

QString clusterDetailText(const ClusterDetail& d, const AllocationMapGeometry& g)
{
    QStringList lines;
    const QString cellKind = g.cellBits > g.clusterBits ? tr("Clusters") : tr("Cluster");
    lines << tr("%1 at guest offset %2 (%3)")
                 .arg(cellKind, hex(d.guestOffset), SizeFormat::human(d.guestOffset));
    QString state = QString::fromStdString(clusterStateName(d.state));
    state[0] = state[0].toUpper();
    lines << tr("State: %1").arg(state);
    if (d.qcow2) {
        lines << tr("L1 index %1, L2 index %2").arg(d.l1Index).arg(d.l2Index);
        if (!d.l2TableOffset) {
            lines << tr("No L2 table (L1 entry %1)").arg(hex(d.l1Entry));
        } else {
            QString entry = tr("L2 entry %1").arg(hex(d.l2Entry));
            if (g.extendedL2)
                entry += tr(", bitmap %1").arg(hex(d.l2Bitmap));
            if (!d.flags.empty())
                entry += QStringLiteral(" (%1)").arg(QString::fromStdString(d.flags));
            lines << entry;
            lines << tr("L2 table at host offset %1").arg(hex(d.l2TableOffset));
        }
        if (d.hostOffset) {
            QString host = d.compressedBytes ? tr("Compressed data at host offset %1, %2 bytes").arg(hex(*d.hostOffset)).arg(*d.compressedBytes)
                                             : tr("Host offset %1").arg(hex(*d.hostOffset));
            if (d.inDataFile)
                host += tr(" in the external data file");
            lines << host;
        }
        if (d.refcount)
            lines << tr("Refcount %1").arg(*d.refcount);
    }
    if (d.servedByLayer)
        lines << tr("Served by backing layer %1").arg(d.servedByLayer);
    if (d.problem)
        lines << tr("Problem: %1").arg(QString::fromStdString(*d.problem));
    return lines.join(QLatin1Char('\n'));
}

}  // namespace diskscope::ui
