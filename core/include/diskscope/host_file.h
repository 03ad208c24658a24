// SPDX-License-Identifier: GPL-2.0-or-later
// The host file layer: one open file on the host, addressed by byte offset.
// Implementations: posix (the real file system) and memory (tests, fuzzing).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "diskscope/error.h"

namespace diskscope {

// A run of the host file that is either all data or all hole (SEEK_DATA/SEEK_HOLE).
struct HostExtent {
    uint64_t length = 0;  // bytes from the queried offset; 0 only at or past end of file
    bool data = true;     // false: a hole, reads as zeros and occupies no disk space
};

// Identifies the underlying file, for loop detection in backing chains.
struct FileIdentity {
    uint64_t device = 0;
    uint64_t inode = 0;
    bool operator==(const FileIdentity&) const = default;
};

enum class HostOpenMode { ReadOnly, ReadWrite };

// What a write of an image format is for. Files ignore it; the fault-injecting file of the
// tests fails one kind of write (the named fault points) to prove each error path leaves
// the image consistent.
enum class WritePurpose : uint8_t {
    Unspecified,
    GuestData,       // guest data and copy-on-write
    L2Table,         // an L2 table (update, new table)
    L1Entry,         // L1 entries pointing at new L2 tables
    L1Table,         // a whole active L1 table written elsewhere (growth, snapshot apply)
    RefcountBlock,   // a refcount block (update, new block)
    RefcountTable,   // refcount table entries or a grown table
    Header,          // header fields (the pairs switched in one write, whole-header rewrites)
    SnapshotTable,   // the internal snapshot table
    SnapshotL1,      // a snapshot's copy of the L1 table
    BitmapDirectory,
};

// QEMU's image locking profiles (one-byte OFD locks at 100+perm "I hold" and 200+perm
// "I do not share"), so Diskscope and QEMU processes see each other.
enum class LockProfile {
    SharedRead,      // -U: holds consistent-read only, shares everything
    Reader,          // qcow2 reader: consistent-read, refuses to share write and resize
    RawReader,       // raw reader: like qemu-img on raw, shares write and resize
    Writer,          // qcow2 writer: consistent-read, write, resize; shares none of write/resize
    RawWriter,       // raw writer: like QEMU's tools on raw, holds write but shares write and resize
};

class HostFile {
public:
    virtual ~HostFile() = default;

    // The name the file was opened with (as given, not normalised).
    virtual const std::string& path() const = 0;

    // Reads up to out.size() bytes at offset, looping over short reads and EINTR.
    // Returns how many bytes lay before end of file; the rest of `out` is untouched.
    virtual Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) = 0;
    // Writes all of `in` at offset, looping over short writes and EINTR.
    virtual Status writeAt(uint64_t offset, std::span<const uint8_t> in) = 0;
    // The same write, saying what it is for (only a test's fault-injecting file looks).
    virtual Status writeFor(WritePurpose purpose, uint64_t offset, std::span<const uint8_t> in)
    {
        (void)purpose;
        return writeAt(offset, in);
    }

    virtual Result<uint64_t> size() = 0;
    virtual Status resize(uint64_t newSize) = 0;
    virtual Status flush() = 0;

    // Bytes the file occupies on disk (st_blocks * 512); what qemu-img calls actual-size.
    virtual Result<uint64_t> allocatedBytes() = 0;
    // Whether `offset` lies in data or in a hole, and how far that run extends.
    virtual Result<HostExtent> extentAt(uint64_t offset) = 0;
    virtual Result<FileIdentity> identity() = 0;
    // Takes the profile's locks, then tests for conflicting holders; on conflict releases
    // them and fails with ErrorCode::Locked naming the permission. Files without locks succeed.
    virtual Status lock(LockProfile profile) { (void)profile; return okStatus(); }
    // Releases [offset, offset + length) so it reads as zeros and takes no space; the size
    // does not change. Files that cannot punch holes write zeros instead.
    virtual Status punchHole(uint64_t offset, uint64_t length);
    // Writes zeros over [offset, offset + length) (keeps the space allocated).
    static Status punchHoleByWriting(HostFile& file, uint64_t offset, uint64_t length);
    // Reserves host space for [offset, offset + length) (posix_fallocate), growing the file
    // if needed; files that cannot reserve write zeros instead.
    virtual Status reserve(uint64_t offset, uint64_t length) { return punchHoleByWriting(*this, offset, length); }
};

// Reads exactly out.size() bytes; reaching end of file first is an error naming `what`
// (for metadata, which must lie inside the file).
Status readExact(HostFile& file, uint64_t offset, std::span<uint8_t> out, const char* what);
// Reads out.size() bytes; bytes past end of file read as zeros (for guest data, as QEMU does).
Status readZeroFilled(HostFile& file, uint64_t offset, std::span<uint8_t> out);

Result<std::unique_ptr<HostFile>> openPosixFile(const std::string& path, HostOpenMode mode);
// Creates (or truncates) a file for writing.
Result<std::unique_ptr<HostFile>> createPosixFile(const std::string& path);
// An in-memory file for tests and fuzzing; identity() is derived from the name.
std::unique_ptr<HostFile> makeMemoryFile(std::string name, std::vector<uint8_t> content);

}  // namespace diskscope
