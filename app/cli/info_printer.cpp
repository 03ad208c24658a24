// SPDX-License-Identifier: GPL-2.0-or-later
// Builds qemu-img info's JSON objects and human text from ImageInfo.
#include "info_printer.h"

#include "size_format.h"
#include "snapshot_table.h"

namespace diskscope::cli {
namespace {

JsonValue snapshotToJson(const SnapshotInfo& snapshot)
{
    // qemu-img's member order for a snapshot; icount is left out when never recorded.
    JsonValue object = JsonValue::object();
    if (snapshot.icount)
        object.set("icount", JsonValue::number(*snapshot.icount));
    object.set("vm-clock-nsec", JsonValue::number(snapshot.vmClockNanoseconds % 1000000000u));
    object.set("name", JsonValue::string(snapshot.name));
    object.set("date-sec", JsonValue::number(uint64_t{snapshot.dateSeconds}));
    object.set("date-nsec", JsonValue::number(uint64_t{snapshot.dateNanoseconds}));
    object.set("vm-clock-sec", JsonValue::number(snapshot.vmClockNanoseconds / 1000000000u));
    object.set("id", JsonValue::string(snapshot.id));
    object.set("vm-state-size", JsonValue::number(snapshot.vmStateSize));
    return object;
}

JsonValue bitmapToJson(const BitmapInfo& bitmap)
{
    JsonValue flags = JsonValue::array();
    for (const std::string& flag : bitmap.flags)
        flags.append(JsonValue::string(flag));
    JsonValue object = JsonValue::object();
    object.set("flags", std::move(flags));
    object.set("name", JsonValue::string(bitmap.name));
    object.set("granularity", JsonValue::number(bitmap.granularity));
    return object;
}

JsonValue qcow2DataToJson(const Qcow2Info& qcow2)
{
    JsonValue data = JsonValue::object();
    data.set("compat", JsonValue::string(qcow2.compat));
    data.set("compression-type", JsonValue::string(qcow2.compressionType));
    // A version 2 image has no feature bits, so qemu-img reports only these three.
    const bool version2 = qcow2.compat == "0.10";
    if (!version2)
        data.set("lazy-refcounts", JsonValue::boolean(qcow2.lazyRefcounts));
    if (!version2 && qcow2.bitmaps) {
        JsonValue bitmaps = JsonValue::array();
        for (const BitmapInfo& bitmap : *qcow2.bitmaps)
            bitmaps.append(bitmapToJson(bitmap));
        data.set("bitmaps", std::move(bitmaps));
    }
    data.set("refcount-bits", JsonValue::number(uint64_t{qcow2.refcountBits}));
    if (!version2) {
        if (qcow2.dataFile)
            data.set("data-file", JsonValue::string(*qcow2.dataFile));
        if (qcow2.dataFileRaw)
            data.set("data-file-raw", JsonValue::boolean(*qcow2.dataFileRaw));
        data.set("corrupt", JsonValue::boolean(qcow2.corrupt));
        data.set("extended-l2", JsonValue::boolean(qcow2.extendedL2));
    }
    return data;
}

void appendLine(std::string& out, const std::string& text)
{
    out += text;
    out += '\n';
}

}  // namespace

JsonValue formatSpecificToJson(const ImageInfo& info)
{
    if (!info.qcow2)
        return {};
    JsonValue formatSpecific = JsonValue::object();
    formatSpecific.set("type", JsonValue::string("qcow2"));
    formatSpecific.set("data", qcow2DataToJson(*info.qcow2));
    return formatSpecific;
}

JsonValue imageInfoToJson(const ImageInfo& info)
{
    // qemu-img prints members in the iteration order of its hash table, which is fixed
    // for these names; this is that order as observed on 7.2.
    JsonValue object = JsonValue::object();
    if (info.backingFilenameFormat)
        object.set("backing-filename-format", JsonValue::string(*info.backingFilenameFormat));
    if (!info.snapshots.empty()) {
        JsonValue snapshots = JsonValue::array();
        for (const SnapshotInfo& snapshot : info.snapshots)
            snapshots.append(snapshotToJson(snapshot));
        object.set("snapshots", std::move(snapshots));
    }
    object.set("virtual-size", JsonValue::number(info.virtualSize));
    object.set("filename", JsonValue::string(info.filename));
    if (info.clusterSize)
        object.set("cluster-size", JsonValue::number(*info.clusterSize));
    object.set("format", JsonValue::string(info.format));
    if (info.actualSize)
        object.set("actual-size", JsonValue::number(*info.actualSize));
    if (info.qcow2)
        object.set("format-specific", formatSpecificToJson(info));
    if (info.fullBackingFilename)
        object.set("full-backing-filename", JsonValue::string(*info.fullBackingFilename));
    if (info.backingFilename)
        object.set("backing-filename", JsonValue::string(*info.backingFilename));
    if (info.dirtyFlag)
        object.set("dirty-flag", JsonValue::boolean(*info.dirtyFlag));
    return object;
}

std::string formatInfoJson(const std::vector<ImageInfo>& chain, bool backingChain)
{
    if (!backingChain && !chain.empty())
        return formatPrettyJson(imageInfoToJson(chain.front())) + '\n';
    JsonValue array = JsonValue::array();
    for (const ImageInfo& info : chain)
        array.append(imageInfoToJson(info));
    return formatPrettyJson(array) + '\n';
}

std::string formatHumanTree(const JsonValue& value, int indentLevel)
{
    // Built with append() rather than operator+: GCC 12 at -O3 reports a false
    // -Wrestrict on chains of string concatenation.
    std::string out;
    const bool isObject = value.kind() == JsonValue::Kind::Object;
    const auto& items = value.items();
    for (size_t i = 0; i < items.size(); ++i) {
        out.append(static_cast<size_t>(indentLevel) * 4, ' ');
        if (isObject) {
            for (char c : value.keys()[i])
                out += c == '-' ? ' ' : c;
        } else {
            out += '[';
            out += std::to_string(i);
            out += ']';
        }
        out += ':';
        if (items[i].isComposite()) {
            out += '\n';
            out += formatHumanTree(items[i], indentLevel + 1);
        } else {
            out += ' ';
            out += scalarText(items[i]);
            out += '\n';
        }
    }
    return out;
}

std::string formatInfoHuman(const ImageInfo& info)
{
    std::string out;
    appendLine(out, "image: " + info.filename);
    appendLine(out, "file format: " + info.format);
    appendLine(out, "virtual size: " + formatHumanSize(info.virtualSize) + " (" + std::to_string(info.virtualSize) +
                        " bytes)");
    appendLine(out, "disk size: " + (info.actualSize ? formatHumanSize(*info.actualSize) : std::string("unavailable")));
    if (info.clusterSize)
        appendLine(out, "cluster_size: " + std::to_string(*info.clusterSize));
    if (info.dirtyFlag && *info.dirtyFlag)
        appendLine(out, "cleanly shut down: no");
    if (info.backingFilename) {
        std::string line = "backing file: " + *info.backingFilename;
        // The resolved path is only worth showing when it says something new.
        if (info.fullBackingFilename && *info.fullBackingFilename != *info.backingFilename)
            line += " (actual path: " + *info.fullBackingFilename + ")";
        appendLine(out, line);
    }
    if (info.backingFilenameFormat)
        appendLine(out, "backing file format: " + *info.backingFilenameFormat);
    if (!info.snapshots.empty())
        out += formatSnapshotTable(info.snapshots);
    if (info.qcow2) {
        appendLine(out, "Format specific information:");
        // The human form shows the union's data without its "type" tag.
        out += formatHumanTree(qcow2DataToJson(*info.qcow2), 1);
    }
    return out;
}

std::string formatInfoHumanChain(const std::vector<ImageInfo>& chain)
{
    std::string out;
    for (size_t i = 0; i < chain.size(); ++i) {
        if (i > 0)
            out += '\n';
        out += formatInfoHuman(chain[i]);
    }
    return out;
}

}  // namespace diskscope::cli
