// SPDX-License-Identifier: GPL-2.0-or-later
// Decoding and validation of the qcow2 header and its extensions.
#include "format/qcow2/qcow2_header.h"

#include <climits>

#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {
namespace {

Error corrupt(const std::string& message) { return makeError(ErrorCode::Corrupt, message); }
Error unsupported(const std::string& message) { return makeError(ErrorCode::Unsupported, message); }

bool aligned(const Header& h, uint64_t offset) { return (offset & (h.clusterSize() - 1)) == 0; }

// A table of `bytes` at `offset` must be cluster aligned and lie inside the file.
Status checkTable(const Header& h, uint64_t offset, uint64_t bytes, uint64_t fileSize,
                  const char* what)
{
    if (!aligned(h, offset))
        return corrupt(std::string(what) + " offset " + hex(offset) + " is not cluster aligned");
    if (bytes > 0 && offset == 0)
        return corrupt(std::string(what) + " overlaps the image header (offset 0)");
    if (offset > fileSize || bytes > fileSize - offset)
        return corrupt(std::string(what) + " at " + hex(offset) + " (" + std::to_string(bytes) +
                       " bytes) lies beyond the end of the file (" + std::to_string(fileSize) +
                       " bytes)");
    return okStatus();
}

std::string featureName(const Header& h, uint8_t type, unsigned bit)
{
    for (const FeatureName& f : h.featureNames) {
        if (f.type == type && f.bit == bit && !f.name.empty())
            return f.name;
    }
    return {};
}

// Strings from the image are shown to people: escape control bytes and non-ASCII.
std::string printable(const std::string& s)
{
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

Status parseExtensions(Header& h, const std::vector<uint8_t>& cluster0)
{
    uint64_t start = h.headerLength;
    uint64_t end = h.backingFileOffset ? h.backingFileOffset : h.clusterSize();
    uint64_t pos = start;
    bool seen[6] = {};
    auto once = [&](int slot, const char* what) -> Status {
        if (seen[slot])
            return corrupt(std::string("duplicate ") + what + " header extension");
        seen[slot] = true;
        return okStatus();
    };
    while (pos + 8 <= end) {
        uint32_t type = loadBe32(&cluster0[pos]);
        uint32_t length = loadBe32(&cluster0[pos + 4]);
        pos += 8;
        if (type == kExtEnd)
            return okStatus();
        if (length > end - pos)
            return corrupt("header extension " + hex(type) + " too large (" +
                           std::to_string(length) + " bytes)");
        const uint8_t* data = &cluster0[pos];
        std::string text(reinterpret_cast<const char*>(data), length);
        switch (type) {
        case kExtBackingFormat:
            DS_TRY(once(0, "backing format"));
            if (length > kMaxBackingFormatBytes)
                return corrupt("backing format header extension too long (" +
                               std::to_string(length) + " bytes)");
            h.backingFormat = text;
            break;
        case kExtFeatureNames:
            DS_TRY(once(1, "feature name table"));
            for (uint32_t i = 0; i + kFeatureNameEntryBytes <= length; i += kFeatureNameEntryBytes) {
                FeatureName f;
                f.type = data[i];
                f.bit = data[i + 1];
                const char* name = reinterpret_cast<const char*>(data + i + 2);
                size_t n = 0;
                while (n < kFeatureNameBytes && name[n])
                    ++n;
                f.name = printable(std::string(name, n));
                h.featureNames.push_back(std::move(f));
            }
            break;
        case kExtBitmaps: {
            DS_TRY(once(2, "bitmaps"));
            if (length != 24)
                return corrupt("bitmaps header extension has length " + std::to_string(length) +
                               ", expected 24");
            BitmapsExtension b;
            b.count = loadBe32(data);
            uint32_t reserved = loadBe32(data + 4);
            b.directorySize = loadBe64(data + 8);
            b.directoryOffset = loadBe64(data + 16);
            if (b.count == 0 || b.count > kMaxBitmaps)
                return corrupt("bitmaps extension: bitmap count " + std::to_string(b.count) +
                               " is outside 1..65535");
            if (reserved != 0)
                return corrupt("bitmaps extension: reserved field is not zero");
            if (b.directorySize > kMaxBitmapDirectoryBytes)
                return corrupt("bitmaps extension: bitmap directory size " +
                               std::to_string(b.directorySize) + " is too large");
            h.bitmaps = b;
            break;
        }
        case kExtCrypto:
            DS_TRY(once(3, "encryption"));
            h.hasCryptoExtension = true;
            break;
        case kExtDataFile:
            DS_TRY(once(4, "external data file"));
            h.dataFile = text;
            break;
        default:
            h.unknownExtensions.push_back({type, std::vector<uint8_t>(data, data + length)});
            break;
        }
        pos += (uint64_t{length} + 7) & ~uint64_t{7};
    }
    return okStatus();
}

void decodeFixedFields(Header& h, const uint8_t* p)
{
    h.version = loadBe32(p + 4);
    h.backingFileOffset = loadBe64(p + 8);
    h.backingFileSize = loadBe32(p + 16);
    h.clusterBits = loadBe32(p + 20);
    h.size = loadBe64(p + 24);
    h.cryptMethod = loadBe32(p + 32);
    h.l1Size = loadBe32(p + 36);
    h.l1TableOffset = loadBe64(p + 40);
    h.refcountTableOffset = loadBe64(p + 48);
    h.refcountTableClusters = loadBe32(p + 56);
    h.nbSnapshots = loadBe32(p + 60);
    h.snapshotsOffset = loadBe64(p + 64);
    if (h.version >= 3) {
        h.incompatibleFeatures = loadBe64(p + 72);
        h.compatibleFeatures = loadBe64(p + 80);
        h.autoclearFeatures = loadBe64(p + 88);
        h.refcountOrder = loadBe32(p + 96);
        h.headerLength = loadBe32(p + 100);
    }
}

Status checkFeatures(const Header& h)
{
    uint64_t unknown = h.incompatibleFeatures & ~kIncompatKnown;
    if (unknown) {
        std::string names;
        for (unsigned bit = 0; bit < 64; ++bit) {
            if (!(unknown >> bit & 1))
                continue;
            std::string name = featureName(h, 0, bit);
            if (!names.empty())
                names += ", ";
            names += name.empty() ? "unknown incompatible feature bit " + std::to_string(bit)
                                  : name + " (incompatible feature bit " + std::to_string(bit) + ")";
        }
        return unsupported("Unsupported qcow2 feature(s): " + names);
    }
    if (h.cryptMethod != 0)
        return unsupported("the image is encrypted (crypt_method " + std::to_string(h.cryptMethod) +
                           "); encrypted images are not supported");
    if (h.hasCryptoExtension)
        return corrupt("the image has an encryption header extension but crypt_method is 0");
    if (h.hasDataFile() && !h.dataFile)
        return corrupt("the image uses an external data file but does not name it");
    if (!h.hasDataFile() && h.dataFile)
        return corrupt("the image names an external data file but the data file feature bit is clear");
    if ((h.autoclearFeatures & kAutoclearDataFileRaw) && !h.hasDataFile())
        return corrupt("data-file-raw requires a data file");
    if ((h.autoclearFeatures & kAutoclearDataFileRaw) && h.backingFileOffset)
        return corrupt("data-file-raw cannot be combined with a backing file");
    return okStatus();
}

}  // namespace

uint64_t l1EntriesNeeded(const Header& h, uint64_t size)
{
    uint32_t shift = h.l1EntryShift();
    uint64_t entries = size >> shift;
    if (size & ((uint64_t{1} << shift) - 1))
        ++entries;
    return entries;
}

Result<Header> readHeader(HostFile& file, uint64_t fileSize)
{
    uint8_t fixed[kV3MinHeaderLength] = {};
    DS_ASSIGN_OR_RETURN(size_t got, file.readAt(0, fixed));
    if (got < kV2HeaderLength || loadBe32(fixed) != kMagic)
        return corrupt("Image is not in qcow2 format");

    Header h;
    decodeFixedFields(h, fixed);
    if (h.version != 2 && h.version != 3)
        return unsupported("Unsupported qcow2 version " + std::to_string(h.version));
    if (h.version == 3 && got < kV3MinHeaderLength)
        return corrupt("qcow2 header too short: the file ends inside the version 3 header");
    if (h.clusterBits < kMinClusterBits || h.clusterBits > kMaxClusterBits)
        return unsupported("Unsupported cluster size: cluster_bits " + std::to_string(h.clusterBits) +
                           " is outside 9..21 (512 B to 2 MiB)");
    if (h.version == 3) {
        if (h.headerLength < kV3MinHeaderLength)
            return corrupt("qcow2 header too short: header_length " + std::to_string(h.headerLength) +
                           " is below 104");
        if (h.headerLength % 8 != 0)
            return corrupt("qcow2 header_length " + std::to_string(h.headerLength) +
                           " is not a multiple of 8");
    }
    if (h.headerLength > h.clusterSize())
        return corrupt("qcow2 header exceeds cluster size: header_length " +
                       std::to_string(h.headerLength) + " > " + std::to_string(h.clusterSize()));
    if (h.backingFileOffset > h.clusterSize())
        return corrupt("Invalid backing file offset " + hex(h.backingFileOffset) +
                       ": the name must lie in the first cluster");

    // Cluster 0 holds the header, its extensions and the backing file name.
    std::vector<uint8_t> cluster0(h.clusterSize(), 0);
    DS_ASSIGN_OR_RETURN(size_t got0, file.readAt(0, cluster0));
    (void)got0;  // a short first cluster reads as zeros beyond the end, as QEMU does

    if (h.headerLength > kCompressionTypeOffset) {
        uint8_t type = cluster0[kCompressionTypeOffset];
        if (type > 1)
            return unsupported("qcow2: unknown compression type " + std::to_string(type));
        h.compressionType = static_cast<CompressionType>(type);
    }
    bool bit = h.incompatibleFeatures & kIncompatCompression;
    if (h.compressionType != CompressionType::Zlib && !bit)
        return corrupt("Compression type incompatible feature bit must be set for compression type " +
                       std::to_string(static_cast<int>(h.compressionType)));
    if (h.compressionType == CompressionType::Zlib && bit)
        return corrupt("Compression type incompatible feature bit must not be set with zlib compression");

    if (h.version == 3 && h.headerLength > 112)
        h.unknownHeaderFields.assign(cluster0.begin() + 112, cluster0.begin() + h.headerLength);
    DS_TRY(parseExtensions(h, cluster0));
    DS_TRY(checkFeatures(h));

    if (h.refcountOrder > kMaxRefcountOrder)
        return unsupported("Reference count entry width too large: refcount_order " +
                           std::to_string(h.refcountOrder) + " (at most 6, 64 bits)");
    if (h.extendedL2() && h.clusterBits < 14)
        return unsupported("Unsupported subcluster size: extended L2 entries need clusters of at "
                           "least 16 KiB (cluster_bits " + std::to_string(h.clusterBits) + ")");

    // Refcount table.
    if (h.refcountTableClusters == 0)
        return corrupt("Image does not contain a reference count table (refcount_table_clusters 0)");
    uint64_t refTableBytes = uint64_t{h.refcountTableClusters} << h.clusterBits;
    if (refTableBytes > kMaxRefTableBytes)
        return corrupt("Reference count table too large: " + std::to_string(h.refcountTableClusters) +
                       " clusters (" + std::to_string(refTableBytes) + " bytes, at most 8 MiB)");
    DS_TRY(checkTable(h, h.refcountTableOffset, refTableBytes, fileSize, "refcount table"));

    // Snapshot table (its entries are read and checked by the snapshot table parser).
    if (h.nbSnapshots > kMaxSnapshots)
        return corrupt("Snapshot table too large: " + std::to_string(h.nbSnapshots) +
                       " snapshots (at most 65536)");
    if (h.nbSnapshots > 0)
        DS_TRY(checkTable(h, h.snapshotsOffset, 40, fileSize, "snapshot table"));
    else if (!aligned(h, h.snapshotsOffset))
        return corrupt("snapshot table offset " + hex(h.snapshotsOffset) + " is not cluster aligned");

    // Active L1 table.
    if (h.size > static_cast<uint64_t>(INT64_MAX))
        return corrupt("virtual size " + std::to_string(h.size) + " is too large");
    uint64_t needed = l1EntriesNeeded(h, h.size);
    if (needed > static_cast<uint64_t>(INT_MAX) || needed * 8 > kMaxL1Bytes)
        return corrupt("Image is too big: virtual size " + std::to_string(h.size) +
                       " needs " + std::to_string(needed) + " L1 entries");
    if (uint64_t{h.l1Size} * 8 > kMaxL1Bytes)
        return corrupt("Active L1 table too large: l1_size " + std::to_string(h.l1Size) +
                       " (at most 32 MiB)");
    if (h.l1Size < needed)
        return corrupt("L1 table too small: l1_size " + std::to_string(h.l1Size) + " but virtual size " +
                       std::to_string(h.size) + " needs " + std::to_string(needed) + " entries");
    DS_TRY(checkTable(h, h.l1TableOffset, uint64_t{h.l1Size} * 8, fileSize, "active L1 table"));

    // Backing file name.
    if (h.backingFileOffset) {
        uint64_t limit = std::min<uint64_t>(kMaxBackingNameBytes, h.clusterSize() - h.backingFileOffset);
        if (h.backingFileSize > limit)
            return corrupt("Backing file name too long: " + std::to_string(h.backingFileSize) +
                           " bytes (at most " + std::to_string(limit) + ")");
        h.backingFile = std::string(reinterpret_cast<const char*>(&cluster0[h.backingFileOffset]),
                                    h.backingFileSize);
    }
    return h;
}

}  // namespace diskscope::qcow2
