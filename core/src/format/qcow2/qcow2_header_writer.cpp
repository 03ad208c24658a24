// SPDX-License-Identifier: GPL-2.0-or-later
// qcow2 header encoder: fixed fields, header extensions and backing name into cluster 0.
#include "format/qcow2/qcow2_header_writer.h"

#include <algorithm>
#include <cstring>

#include "util/big_endian.h"

namespace diskscope::qcow2 {
namespace {

// Appends one extension (type, length, data padded to 8 bytes) to `out`.
void appendExtension(std::vector<uint8_t>& out, uint32_t type, const uint8_t* data, size_t length)
{
    size_t at = out.size();
    out.resize(at + 8 + ((length + 7) & ~size_t{7}), 0);
    storeBe32(&out[at], type);
    storeBe32(&out[at + 4], static_cast<uint32_t>(length));
    if (length)
        std::memcpy(&out[at + 8], data, length);
}

void appendStringExtension(std::vector<uint8_t>& out, uint32_t type, const std::string& text)
{
    appendExtension(out, type, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

Error invalid(const std::string& message) { return makeError(ErrorCode::InvalidArgument, message); }

}  // namespace

std::vector<FeatureName> qemuFeatureNameTable()
{
    return {
        {0, 0, "dirty bit"},
        {0, 1, "corrupt bit"},
        {0, 2, "external data file"},
        {0, 3, "compression type"},
        {0, 4, "extended L2 entries"},
        {1, 0, "lazy refcounts"},
        {2, 0, "bitmaps"},
        {2, 1, "raw external data"},
    };
}

Result<std::vector<uint8_t>> encodeHeader(const Header& h)
{
    if (h.version != 2 && h.version != 3)
        return invalid("cannot encode qcow2 version " + std::to_string(h.version));
    if (h.clusterBits < kMinClusterBits || h.clusterBits > kMaxClusterBits)
        return invalid("cannot encode cluster_bits " + std::to_string(h.clusterBits));
    const uint32_t fixedLength = h.version == 2 ? kV2HeaderLength : h.headerLength;
    if (h.version == 3 && (fixedLength < kV3MinHeaderLength || fixedLength % 8 != 0))
        return invalid("cannot encode header_length " + std::to_string(fixedLength));
    const uint64_t clusterSize = h.clusterSize();

    // Extensions first (into their own buffer) so the backing name offset is known.
    std::vector<uint8_t> ext;
    if (h.backingFormat) {
        if (h.backingFormat->size() > kMaxBackingFormatBytes)
            return invalid("backing format name '" + *h.backingFormat + "' is too long");
        appendStringExtension(ext, kExtBackingFormat, *h.backingFormat);
    }
    if (h.dataFile)
        appendStringExtension(ext, kExtDataFile, *h.dataFile);
    if (!h.featureNames.empty()) {
        std::vector<uint8_t> table(h.featureNames.size() * kFeatureNameEntryBytes, 0);
        for (size_t i = 0; i < h.featureNames.size(); ++i) {
            const FeatureName& f = h.featureNames[i];
            uint8_t* entry = &table[i * kFeatureNameEntryBytes];
            entry[0] = f.type;
            entry[1] = f.bit;
            std::memcpy(entry + 2, f.name.data(), std::min<size_t>(f.name.size(), kFeatureNameBytes));
        }
        appendExtension(ext, kExtFeatureNames, table.data(), table.size());
    }
    if (h.bitmaps) {
        uint8_t data[24] = {};
        storeBe32(data, h.bitmaps->count);
        storeBe64(data + 8, h.bitmaps->directorySize);
        storeBe64(data + 16, h.bitmaps->directoryOffset);
        appendExtension(ext, kExtBitmaps, data, sizeof data);
    }
    for (const UnknownExtension& u : h.unknownExtensions)
        appendExtension(ext, u.type, u.data.data(), u.data.size());
    appendExtension(ext, kExtEnd, nullptr, 0);

    const uint64_t backingOffset = h.backingFile ? fixedLength + ext.size() : 0;
    const uint64_t backingSize = h.backingFile ? h.backingFile->size() : 0;
    if (backingSize > kMaxBackingNameBytes)
        return invalid("backing file name is too long (" + std::to_string(backingSize) +
                       " bytes, at most 1023)");
    if (fixedLength + ext.size() + backingSize > clusterSize)
        return invalid("the header, its extensions and the backing file name do not fit in one cluster (" +
                       std::to_string(clusterSize) + " bytes)");

    std::vector<uint8_t> out(clusterSize, 0);
    uint8_t* p = out.data();
    storeBe32(p, kMagic);
    storeBe32(p + 4, h.version);
    storeBe64(p + 8, backingOffset);
    storeBe32(p + 16, static_cast<uint32_t>(backingSize));
    storeBe32(p + 20, h.clusterBits);
    storeBe64(p + 24, h.size);
    storeBe32(p + 32, h.cryptMethod);
    storeBe32(p + 36, h.l1Size);
    storeBe64(p + 40, h.l1TableOffset);
    storeBe64(p + 48, h.refcountTableOffset);
    storeBe32(p + 56, h.refcountTableClusters);
    storeBe32(p + 60, h.nbSnapshots);
    storeBe64(p + 64, h.snapshotsOffset);
    if (h.version == 3) {
        storeBe64(p + 72, h.incompatibleFeatures);
        storeBe64(p + 80, h.compatibleFeatures);
        storeBe64(p + 88, h.autoclearFeatures);
        storeBe32(p + 96, h.refcountOrder);
        storeBe32(p + 100, fixedLength);
        if (fixedLength > kCompressionTypeOffset)
            p[kCompressionTypeOffset] = static_cast<uint8_t>(h.compressionType);
        // Fields past 112 this code does not know, as read (zero-filled if header_length grew).
        if (fixedLength > 112)
            std::memcpy(p + 112, h.unknownHeaderFields.data(),
                        std::min<size_t>(h.unknownHeaderFields.size(), fixedLength - 112));
    }
    std::memcpy(p + fixedLength, ext.data(), ext.size());
    if (h.backingFile)
        std::memcpy(p + backingOffset, h.backingFile->data(), backingSize);
    return out;
}

}  // namespace diskscope::qcow2
