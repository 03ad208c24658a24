// SPDX-License-Identifier: GPL-2.0-or-later
// qcow2 on-disk constants: magic, feature bits, extension types, entry masks and QEMU's limits.
// Source of truth: QEMU's docs/interop/qcow2.txt; limits are QEMU's so that every image QEMU
// accepts opens here, and nothing is sized from a field before it is checked against them.
#pragma once

#include <cstdint>

namespace diskscope::qcow2 {

inline constexpr uint32_t kMagic = 0x514649FB;  // "QFI\xfb"

// Header layout (offsets of the fields Diskscope reads; see qcow2_header.h for all of them).
inline constexpr uint32_t kV2HeaderLength = 72;
inline constexpr uint32_t kV3MinHeaderLength = 104;
inline constexpr uint32_t kCompressionTypeOffset = 104;

inline constexpr uint32_t kMinClusterBits = 9;   // 512 B
inline constexpr uint32_t kMaxClusterBits = 21;  // 2 MiB
inline constexpr uint32_t kMaxRefcountOrder = 6; // 64-bit refcounts

// Incompatible feature bits.
inline constexpr uint64_t kIncompatDirty = 1ull << 0;
inline constexpr uint64_t kIncompatCorrupt = 1ull << 1;
inline constexpr uint64_t kIncompatDataFile = 1ull << 2;
inline constexpr uint64_t kIncompatCompression = 1ull << 3;
inline constexpr uint64_t kIncompatExtendedL2 = 1ull << 4;
inline constexpr uint64_t kIncompatKnown = kIncompatDirty | kIncompatCorrupt | kIncompatDataFile |
                                           kIncompatCompression | kIncompatExtendedL2;
// Compatible feature bits.
inline constexpr uint64_t kCompatLazyRefcounts = 1ull << 0;
// Autoclear feature bits.
inline constexpr uint64_t kAutoclearBitmaps = 1ull << 0;
inline constexpr uint64_t kAutoclearDataFileRaw = 1ull << 1;

// Header extension types.
inline constexpr uint32_t kExtEnd = 0x00000000;
inline constexpr uint32_t kExtBackingFormat = 0xE2792ACA;
inline constexpr uint32_t kExtFeatureNames = 0x6803F857;
inline constexpr uint32_t kExtBitmaps = 0x23852875;
inline constexpr uint32_t kExtCrypto = 0x0537BE77;
inline constexpr uint32_t kExtDataFile = 0x44415441;

enum class CompressionType : uint8_t { Zlib = 0, Zstd = 1 };

// L1/L2 entry bits.
inline constexpr uint64_t kOffsetMask = 0x00FFFFFFFFFFFE00ull;  // bits 9..55
inline constexpr uint64_t kCopied = 1ull << 63;
inline constexpr uint64_t kCompressed = 1ull << 62;
inline constexpr uint64_t kZeroFlag = 1ull << 0;
inline constexpr uint64_t kL1ReservedMask = 0x7F000000000001FFull;
inline constexpr uint64_t kL2ReservedMask = 0x3F000000000001FEull;
inline constexpr uint64_t kRefTableOffsetMask = 0xFFFFFFFFFFFFFE00ull;
inline constexpr uint64_t kMaxHostOffset = 1ull << 56;

inline constexpr unsigned kSubclustersPerCluster = 32;

// QEMU's limits on in-memory tables.
inline constexpr uint64_t kMaxL1Bytes = 32ull << 20;
inline constexpr uint64_t kMaxRefTableBytes = 8ull << 20;
inline constexpr uint32_t kMaxSnapshots = 65536;
inline constexpr uint64_t kMaxSnapshotTableBytes = 64ull << 20;
inline constexpr uint32_t kMaxSnapshotExtraData = 1024;
inline constexpr uint32_t kMaxBackingNameBytes = 1023;
inline constexpr uint32_t kMaxBackingFormatBytes = 15;  // QEMU stores it in char[16]
inline constexpr uint32_t kMaxBitmaps = 65535;
inline constexpr uint64_t kMaxBitmapDirectoryBytes = 67107840;
inline constexpr uint32_t kFeatureNameEntryBytes = 48;
inline constexpr uint32_t kFeatureNameBytes = 46;

}  // namespace diskscope::qcow2
