// SPDX-License-Identifier: GPL-2.0-or-later
// Decoding of the bitmap directory.
#include "format/qcow2/qcow2_bitmaps.h"

#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {
namespace {

constexpr uint32_t kEntryFixedBytes = 24;
constexpr uint32_t kFlagInUse = 1u << 0;
constexpr uint32_t kFlagAuto = 1u << 1;

Error corrupt(const std::string& message) { return makeError(ErrorCode::Corrupt, message); }

}  // namespace

Result<std::vector<BitmapInfo>> readBitmapDirectory(HostFile& file, uint64_t fileSize,
                                                    const Header& h)
{
    const BitmapsExtension& ext = *h.bitmaps;
    if (ext.directoryOffset & (h.clusterSize() - 1))
        return corrupt("bitmap directory offset " + hex(ext.directoryOffset) + " is not cluster aligned");
    if (ext.directoryOffset > fileSize || ext.directorySize > fileSize - ext.directoryOffset)
        return corrupt("bitmap directory at " + hex(ext.directoryOffset) +
                       " lies beyond the end of the file");
    std::vector<uint8_t> dir(ext.directorySize);
    DS_TRY(readExact(file, ext.directoryOffset, dir, "bitmap directory"));

    std::vector<BitmapInfo> bitmaps;
    uint64_t pos = 0;
    for (uint32_t i = 0; i < ext.count; ++i) {
        // An entry is padded to 8 bytes, so the previous one may end past a directory whose
        // size is not a multiple of 8: compare before subtracting.
        if (pos > dir.size() || dir.size() - pos < kEntryFixedBytes)
            return corrupt("bitmap directory entry " + std::to_string(i) + " is truncated");
        const uint8_t* e = &dir[pos];
        uint32_t flags = loadBe32(e + 12);
        uint8_t granularityBits = e[17];
        uint16_t nameLength = loadBe16(e + 18);
        uint32_t extraSize = loadBe32(e + 20);
        if (granularityBits < 9 || granularityBits > 31)
            return corrupt("bitmap " + std::to_string(i) + ": granularity_bits " +
                           std::to_string(granularityBits) + " is outside 9..31");
        if (nameLength == 0 || nameLength > 1023)
            return corrupt("bitmap " + std::to_string(i) + ": name length " +
                           std::to_string(nameLength) + " is outside 1..1023");
        uint64_t entryBytes = (uint64_t{kEntryFixedBytes} + extraSize + nameLength + 7) & ~uint64_t{7};
        if (uint64_t{kEntryFixedBytes} + extraSize + nameLength > dir.size() - pos)
            return corrupt("bitmap directory entry " + std::to_string(i) + " runs past the directory");
        BitmapInfo b;
        b.name.assign(reinterpret_cast<const char*>(e + kEntryFixedBytes + extraSize), nameLength);
        b.granularity = uint64_t{1} << granularityBits;
        if (flags & kFlagInUse)
            b.flags.push_back("in-use");
        if (flags & kFlagAuto)
            b.flags.push_back("auto");
        bitmaps.push_back(std::move(b));
        pos += entryBytes;
    }
    return bitmaps;
}

}  // namespace diskscope::qcow2
