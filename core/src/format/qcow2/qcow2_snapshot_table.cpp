// SPDX-License-Identifier: GPL-2.0-or-later
// Decoding of the internal snapshot table.
#include "format/qcow2/qcow2_snapshot_table.h"

#include "util/big_endian.h"
#include "util/hex.h"

namespace diskscope::qcow2 {
namespace {

constexpr uint32_t kEntryFixedBytes = 40;

Error corrupt(const std::string& message) { return makeError(ErrorCode::Corrupt, message); }

}  // namespace

Result<std::vector<SnapshotInfo>> readSnapshotTable(HostFile& file, uint64_t fileSize,
                                                    const Header& h, uint64_t* tableBytes)
{
    std::vector<SnapshotInfo> snapshots;
    uint64_t pos = h.snapshotsOffset;
    uint64_t tableEnd = h.snapshotsOffset;
    snapshots.reserve(h.nbSnapshots);
    for (uint32_t i = 0; i < h.nbSnapshots; ++i) {
        std::string which = "snapshot table entry " + std::to_string(i);
        uint8_t fixed[kEntryFixedBytes];
        if (pos > fileSize || fileSize - pos < kEntryFixedBytes)
            return corrupt(which + " at " + hex(pos) + " lies beyond the end of the file (" +
                           std::to_string(h.nbSnapshots) + " snapshots announced)");
        DS_TRY(readExact(file, pos, fixed, "snapshot table entry"));
        SnapshotInfo s;
        s.l1Offset = loadBe64(fixed);
        s.l1Size = loadBe32(fixed + 8);
        uint16_t idLength = loadBe16(fixed + 12);
        uint16_t nameLength = loadBe16(fixed + 14);
        s.dateSeconds = loadBe32(fixed + 16);
        s.dateNanoseconds = loadBe32(fixed + 20);
        s.vmClockNanoseconds = loadBe64(fixed + 24);
        s.vmStateSize = loadBe32(fixed + 32);
        uint32_t extraSize = loadBe32(fixed + 36);
        if (extraSize > kMaxSnapshotExtraData)
            return corrupt("Too much extra metadata in " + which + " (" + std::to_string(extraSize) +
                           " bytes, at most 1024)");
        uint64_t variable = uint64_t{extraSize} + idLength + nameLength;
        uint64_t entryBytes = (kEntryFixedBytes + variable + 7) & ~uint64_t{7};
        if (pos + kEntryFixedBytes > fileSize || variable > fileSize - pos - kEntryFixedBytes)
            return corrupt(which + " (id and name) runs past the end of the file");
        tableEnd = pos + entryBytes;
        if (tableEnd - h.snapshotsOffset > kMaxSnapshotTableBytes)
            return corrupt("Snapshot table is too big (over 64 MiB)");

        std::vector<uint8_t> rest(variable);
        DS_TRY(readExact(file, pos + kEntryFixedBytes, rest, "snapshot table entry"));
        if (extraSize >= 8)
            s.vmStateSize = loadBe64(&rest[0]);
        s.diskSize = extraSize >= 16 ? loadBe64(&rest[8]) : h.size;
        if (extraSize >= 24) {
            uint64_t icount = loadBe64(&rest[16]);
            if (icount != ~uint64_t{0})
                s.icount = icount;
        }
        const char* strings = reinterpret_cast<const char*>(rest.data()) + extraSize;
        s.id.assign(strings, idLength);
        s.name.assign(strings + idLength, nameLength);
        // QEMU gives every snapshot an id; an entry without one is what reading past the
        // real table looks like (nb_snapshots larger than the table).
        if (s.id.empty())
            return corrupt(which + " has no id: the snapshot table is truncated or corrupt (" +
                           std::to_string(h.nbSnapshots) + " snapshots announced)");
        snapshots.push_back(std::move(s));
        pos += entryBytes;
    }
    if (tableBytes)
        *tableBytes = tableEnd - h.snapshotsOffset;
    return snapshots;
}

}  // namespace diskscope::qcow2
