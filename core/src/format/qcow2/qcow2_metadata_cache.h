// SPDX-License-Identifier: GPL-2.0-or-later
// A bounded write-back cache of cluster-sized metadata tables (L2 tables, refcount blocks).
//
// Crash safety comes from *when* dirty tables reach the disk, so the cache takes a hook that
// runs before it writes any dirty table (e.g. "refcount blocks first, then fdatasync" for the
// L2 cache). Pointers returned by get()/create() stay valid until the next get()/create() on
// the same cache (which may evict).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <unordered_map>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/host_file.h"

namespace diskscope::qcow2 {

class MetadataCache {
public:
    MetadataCache(HostFile& file, uint64_t tableBytes, size_t maxTables, std::string what, WritePurpose purpose);

    // Runs before the cache writes dirty tables (once per flush or eviction).
    void setBeforeWrite(std::function<Status()> hook) { m_beforeWrite = std::move(hook); }
    // Checks every table write before it happens (the overlap check); a failure stops the write.
    void setValidateWrite(std::function<Status(uint64_t offset)> check) { m_validateWrite = std::move(check); }
    // Called after every table write, so the owner knows the file has unsynced writes.
    void setAfterWrite(std::function<void()> hook) { m_afterWrite = std::move(hook); }

    // The table at host `offset`, read from the file if not cached.
    Result<uint8_t*> get(uint64_t offset);
    // A new table at `offset` (zero-filled, or a copy of `initial`), dirty, without reading.
    Result<uint8_t*> create(uint64_t offset, const uint8_t* initial = nullptr);
    void markDirty(uint64_t offset);
    // Writes every dirty table (after the before-write hook). Does not fdatasync.
    Status flush();
    bool hasDirty() const { return m_dirtyCount > 0; }
    // Forgets a table (e.g. after it was freed), dirty or not.
    void drop(uint64_t offset);

private:
    struct Entry {
        uint64_t offset;
        std::vector<uint8_t> data;
        bool dirty = false;
    };
    Status writeEntry(Entry& entry);
    // Makes room for one more table, writing the least recently used one if it is dirty.
    Result<std::vector<uint8_t>> evictOne();
    Entry& insertFront(uint64_t offset, std::vector<uint8_t> data);

    HostFile& m_file;
    uint64_t m_tableBytes;
    size_t m_maxTables;
    std::string m_what;
    WritePurpose m_purpose;
    std::list<Entry> m_lru;  // most recently used first
    std::unordered_map<uint64_t, std::list<Entry>::iterator> m_index;
    size_t m_dirtyCount = 0;
    std::function<Status()> m_beforeWrite;
    std::function<void()> m_afterWrite;
    std::function<Status(uint64_t)> m_validateWrite;
};

}  // namespace diskscope::qcow2
