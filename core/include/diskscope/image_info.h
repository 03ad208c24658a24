// SPDX-License-Identifier: GPL-2.0-or-later
// What `info` reports about one image: the fields of qemu-img info, as plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace diskscope {

struct SnapshotInfo {
    std::string id;
    std::string name;
    uint64_t vmStateSize = 0;
    uint32_t dateSeconds = 0;
    uint32_t dateNanoseconds = 0;
    uint64_t vmClockNanoseconds = 0;        // split into seconds and ns by the printers
    std::optional<uint64_t> icount;         // absent when the entry records none
    uint64_t diskSize = 0;                  // virtual size when the snapshot was taken
    uint64_t l1Offset = 0;
    uint32_t l1Size = 0;
};

struct BitmapInfo {
    std::string name;
    uint64_t granularity = 0;
    std::vector<std::string> flags;         // "in-use", "auto" as qemu-img names them
};

struct Qcow2Info {
    std::string compat;                     // "0.10" or "1.1"
    std::string compressionType;            // "zlib" or "zstd"
    bool lazyRefcounts = false;
    uint32_t refcountBits = 16;
    bool corrupt = false;
    bool extendedL2 = false;
    std::optional<std::string> dataFile;    // external data file name, as stored
    std::optional<bool> dataFileRaw;        // present with a data file
    std::optional<std::vector<BitmapInfo>> bitmaps;  // present with the bitmaps extension
    // Beyond qemu-img: health facts for the GUI and check.
    uint32_t version = 3;
    uint64_t incompatibleFeatures = 0;
    uint64_t compatibleFeatures = 0;
    uint64_t autoclearFeatures = 0;
    uint64_t l1Offset = 0;
    uint32_t l1Size = 0;
    uint64_t refcountTableOffset = 0;
    uint32_t refcountTableClusters = 0;
    uint64_t snapshotTableOffset = 0;
    uint32_t headerLength = 0;
};

struct ImageInfo {
    std::string filename;                   // as given on the command line / as resolved for backing layers
    std::string format;                     // "raw" or "qcow2"
    uint64_t virtualSize = 0;
    std::optional<uint64_t> actualSize;     // bytes allocated on the host
    std::optional<uint64_t> clusterSize;
    std::optional<bool> dirtyFlag;
    std::optional<std::string> backingFilename;        // as stored
    std::optional<std::string> fullBackingFilename;    // resolved against the image's directory
    std::optional<std::string> backingFilenameFormat;  // from the header extension
    std::vector<SnapshotInfo> snapshots;
    std::optional<Qcow2Info> qcow2;
};

}  // namespace diskscope
