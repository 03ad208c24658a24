// SPDX-License-Identifier: GPL-2.0-or-later
#include "format/qcow2/qcow2_metadata_cache.h"

#include <algorithm>
#include <cstring>

#include "util/hex.h"

namespace diskscope::qcow2 {

MetadataCache::MetadataCache(HostFile& file, uint64_t tableBytes, size_t maxTables, std::string what,
                             WritePurpose purpose)
    : m_file(file),
      m_tableBytes(tableBytes),
      m_maxTables(std::max<size_t>(2, maxTables)),
      m_what(std::move(what)),
      m_purpose(purpose)
{
}

Status MetadataCache::writeEntry(Entry& entry)
{
    if (m_validateWrite)
        DS_TRY(m_validateWrite(entry.offset));
    DS_TRY(m_file.writeFor(m_purpose, entry.offset, entry.data));
    entry.dirty = false;
    --m_dirtyCount;
    if (m_afterWrite)
        m_afterWrite();
    return okStatus();
}

Result<std::vector<uint8_t>> MetadataCache::evictOne()
{
    Entry& victim = m_lru.back();
    if (victim.dirty) {
        if (m_beforeWrite)
            DS_TRY(m_beforeWrite());
        DS_TRY(writeEntry(victim));
    }
    std::vector<uint8_t> buffer = std::move(victim.data);
    m_index.erase(victim.offset);
    m_lru.pop_back();
    return buffer;
}

MetadataCache::Entry& MetadataCache::insertFront(uint64_t offset, std::vector<uint8_t> data)
{
    m_lru.push_front(Entry{offset, std::move(data), false});
    m_index[offset] = m_lru.begin();
    return m_lru.front();
}

Result<uint8_t*> MetadataCache::get(uint64_t offset)
{
    if (auto found = m_index.find(offset); found != m_index.end()) {
        m_lru.splice(m_lru.begin(), m_lru, found->second);
        return m_lru.front().data.data();
    }
    std::vector<uint8_t> buffer;
    if (m_lru.size() >= m_maxTables) {
        DS_ASSIGN_OR_RETURN(buffer, evictOne());
    }
    buffer.resize(m_tableBytes);
    DS_TRY(readExact(m_file, offset, buffer, m_what.c_str()));
    return insertFront(offset, std::move(buffer)).data.data();
}

Result<uint8_t*> MetadataCache::create(uint64_t offset, const uint8_t* initial)
{
    drop(offset);
    std::vector<uint8_t> buffer;
    if (m_lru.size() >= m_maxTables) {
        DS_ASSIGN_OR_RETURN(buffer, evictOne());
    }
    buffer.assign(m_tableBytes, 0);
    if (initial)
        std::memcpy(buffer.data(), initial, m_tableBytes);
    Entry& entry = insertFront(offset, std::move(buffer));
    entry.dirty = true;
    ++m_dirtyCount;
    return entry.data.data();
}

void MetadataCache::markDirty(uint64_t offset)
{
    auto found = m_index.find(offset);
    if (found != m_index.end() && !found->second->dirty) {
        found->second->dirty = true;
        ++m_dirtyCount;
    }
}

Status MetadataCache::flush()
{
    if (m_dirtyCount == 0)
        return okStatus();
    if (m_beforeWrite)
        DS_TRY(m_beforeWrite());
    // Ascending offsets: sequential writes for the common append-only layout.
    std::vector<Entry*> dirty;
    for (Entry& e : m_lru)
        if (e.dirty)
            dirty.push_back(&e);
    std::sort(dirty.begin(), dirty.end(), [](const Entry* a, const Entry* b) { return a->offset < b->offset; });
    for (Entry* e : dirty)
        DS_TRY(writeEntry(*e));
    return okStatus();
}

void MetadataCache::drop(uint64_t offset)
{
    auto found = m_index.find(offset);
    if (found == m_index.end())
        return;
    if (found->second->dirty)
        --m_dirtyCount;
    m_lru.erase(found->second);
    m_index.erase(found);
}

}  // namespace diskscope::qcow2
