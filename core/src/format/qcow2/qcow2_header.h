// SPDX-License-Identifier: GPL-2.0-or-later
// The qcow2 header and its extensions, decoded and validated before anything is sized from them.
//
//  off len field                    off len field
//    0  4  magic "QFI\xfb"            56  4  refcount_table_clusters
//    4  4  version (2, 3)             60  4  nb_snapshots
//    8  8  backing_file_offset        64  8  snapshots_offset
//   16  4  backing_file_size          72  8  incompatible_features   (v3)
//   20  4  cluster_bits (9..21)       80  8  compatible_features     (v3)
//   24  8  size (virtual, bytes)      88  8  autoclear_features      (v3)
//   32  4  crypt_method               96  4  refcount_order (0..6)   (v3)
//   36  4  l1_size                   100  4  header_length           (v3)
//   40  8  l1_table_offset           104  1  compression_type        (if header_length > 104)
//   48  8  refcount_table_offset     105  7  padding
// Extensions follow at header_length (v3) or 72 (v2), up to the backing file name or the
// end of cluster 0: type u32, length u32, data padded to 8 bytes; type 0 ends the list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "format/qcow2/qcow2_format.h"

namespace diskscope::qcow2 {

struct FeatureName {
    uint8_t type = 0;  // 0 incompatible, 1 compatible, 2 autoclear
    uint8_t bit = 0;
    std::string name;
};

struct BitmapsExtension {
    uint32_t count = 0;
    uint64_t directorySize = 0;
    uint64_t directoryOffset = 0;
};

struct UnknownExtension {
    uint32_t type = 0;
    std::vector<uint8_t> data;  // kept so a header rewrite can preserve it
};

struct Header {
    uint32_t version = 3;
    uint64_t backingFileOffset = 0;
    uint32_t backingFileSize = 0;
    uint32_t clusterBits = 16;
    uint64_t size = 0;
    uint32_t cryptMethod = 0;
    uint32_t l1Size = 0;
    uint64_t l1TableOffset = 0;
    uint64_t refcountTableOffset = 0;
    uint32_t refcountTableClusters = 0;
    uint32_t nbSnapshots = 0;
    uint64_t snapshotsOffset = 0;
    uint64_t incompatibleFeatures = 0;
    uint64_t compatibleFeatures = 0;
    uint64_t autoclearFeatures = 0;
    uint32_t refcountOrder = 4;
    uint32_t headerLength = kV2HeaderLength;
    CompressionType compressionType = CompressionType::Zlib;

    // Extensions and the backing file name.
    std::optional<std::string> backingFile;
    std::optional<std::string> backingFormat;
    std::optional<std::string> dataFile;
    std::vector<FeatureName> featureNames;
    std::optional<BitmapsExtension> bitmaps;
    bool hasCryptoExtension = false;
    std::vector<UnknownExtension> unknownExtensions;
    // Version 3 header bytes from 112 up to header_length: fields of later qcow2 revisions,
    // kept so a header rewrite preserves them (the encoder writes them back at 112).
    std::vector<uint8_t> unknownHeaderFields;

    uint64_t clusterSize() const { return uint64_t{1} << clusterBits; }
    bool extendedL2() const { return incompatibleFeatures & kIncompatExtendedL2; }
    bool hasDataFile() const { return incompatibleFeatures & kIncompatDataFile; }
    uint32_t l2EntryBytes() const { return extendedL2() ? 16 : 8; }
    uint32_t l2EntryBits() const { return extendedL2() ? 4 : 3; }  // log2(l2EntryBytes)
    uint64_t l2Entries() const { return clusterSize() / l2EntryBytes(); }
    // log2 of the guest bytes one L1 entry covers.
    uint32_t l1EntryShift() const { return clusterBits + (clusterBits - l2EntryBits()); }
    uint32_t refcountBits() const { return 1u << refcountOrder; }
};

// Reads and validates the header of `file` (whose size is `fileSize`), with QEMU's limits:
// every offset aligned and inside the file, every table within its maximum size, unknown
// incompatible features refused by name, encrypted images refused. Errors are Corrupt or
// Unsupported with a message naming the field and its value.
Result<Header> readHeader(HostFile& file, uint64_t fileSize);

// Number of L1 entries needed to map `size` guest bytes.
uint64_t l1EntriesNeeded(const Header& header, uint64_t size);

}  // namespace diskscope::qcow2
