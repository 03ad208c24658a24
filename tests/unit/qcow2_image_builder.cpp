// SPDX-License-Identifier: GPL-2.0-or-later
#include "qcow2_image_builder.h"

#include <cstring>

#include "util/big_endian.h"

namespace diskscope::test {

namespace {
void appendExtension(std::vector<uint8_t>& area, uint32_t type, const std::string& data)
{
    size_t at = area.size();
    area.resize(at + 8 + ((data.size() + 7) & ~size_t{7}), 0);
    storeBe32(&area[at], type);
    storeBe32(&area[at + 4], static_cast<uint32_t>(data.size()));
    std::memcpy(&area[at + 8], data.data(), data.size());
}
}  // namespace

Qcow2ImageBuilder::Qcow2ImageBuilder(Qcow2Spec spec) : m_spec(std::move(spec))
{
    const uint64_t cs = clusterSize();
    const uint32_t entryBits = m_spec.extendedL2 ? 4 : 3;
    const uint32_t l1Shift = m_spec.clusterBits + (m_spec.clusterBits - entryBits);
    const uint64_t l1Entries = (m_spec.size + (uint64_t{1} << l1Shift) - 1) >> l1Shift;
    m_l2Tables.assign(l1Entries, 0);
    m_file.assign(4 * cs, 0);

    uint8_t* h = m_file.data();
    storeBe32(h, 0x514649FB);
    storeBe32(h + 4, m_spec.version);
    storeBe32(h + 20, m_spec.clusterBits);
    storeBe64(h + 24, m_spec.size);
    storeBe32(h + 36, static_cast<uint32_t>(l1Entries));
    storeBe64(h + 40, kL1Cluster * cs);
    storeBe64(h + 48, kRefTableCluster * cs);
    storeBe32(h + 56, 1);
    uint32_t headerLength = 72;
    if (m_spec.version >= 3) {
        uint64_t incompatible = 0;
        if (m_spec.extendedL2)
            incompatible |= 1ull << 4;
        if (m_spec.compressionType)
            incompatible |= 1ull << 3;
        if (m_spec.dataFile)
            incompatible |= 1ull << 2;
        storeBe64(h + 72, incompatible);
        storeBe32(h + 96, m_spec.refcountOrder);
        headerLength = 112;
        storeBe32(h + 100, headerLength);
        h[104] = m_spec.compressionType;
    }
    std::vector<uint8_t> area;
    if (m_spec.backingFormat)
        appendExtension(area, 0xE2792ACA, *m_spec.backingFormat);
    if (m_spec.dataFile)
        appendExtension(area, 0x44415441, *m_spec.dataFile);
    if (m_spec.featureNameTable && m_spec.version >= 3) {
        std::string table(2 * 48, '\0');
        table[0] = 0, table[1] = 0, std::memcpy(&table[2], "dirty bit", 9);
        table[48] = 0, table[49] = 1, std::memcpy(&table[50], "corrupt bit", 11);
        appendExtension(area, 0x6803F857, table);
    }
    area.resize(area.size() + 8, 0);  // end of extensions
    std::memcpy(h + headerLength, area.data(), area.size());
    if (m_spec.backingFile) {
        uint64_t at = headerLength + area.size();
        storeBe64(h + 8, at);
        storeBe32(h + 16, static_cast<uint32_t>(m_spec.backingFile->size()));
        std::memcpy(h + at, m_spec.backingFile->data(), m_spec.backingFile->size());
    }
    // Refcount table -> block; the first four clusters are in use.
    storeBe64(&m_file[kRefTableCluster * cs], kRefBlockCluster * cs);
}

uint64_t Qcow2ImageBuilder::appendCluster()
{
    uint64_t at = (m_file.size() + clusterSize() - 1) & ~(clusterSize() - 1);
    m_file.resize(at + clusterSize(), 0);
    return at;
}

uint64_t Qcow2ImageBuilder::l2TableFor(uint64_t guest)
{
    const uint32_t entryBits = m_spec.extendedL2 ? 4 : 3;
    const uint32_t l1Shift = m_spec.clusterBits + (m_spec.clusterBits - entryBits);
    uint64_t index = guest >> l1Shift;
    if (!m_l2Tables.at(index)) {
        m_l2Tables[index] = appendCluster();
        storeBe64(&m_file[kL1Cluster * clusterSize() + index * 8], m_l2Tables[index] | (1ull << 63));
    }
    return m_l2Tables[index];
}

void Qcow2ImageBuilder::setL2Entry(uint64_t guest, uint64_t entry, uint64_t bitmap)
{
    const uint32_t entryBytes = m_spec.extendedL2 ? 16 : 8;
    uint64_t table = l2TableFor(guest);
    uint64_t index = (guest >> m_spec.clusterBits) & (clusterSize() / entryBytes - 1);
    storeBe64(&m_file[table + index * entryBytes], entry);
    if (m_spec.extendedL2)
        storeBe64(&m_file[table + index * entryBytes + 8], bitmap);
}

uint64_t Qcow2ImageBuilder::mapDataCluster(uint64_t guest, uint8_t fill)
{
    uint64_t host = appendCluster();
    std::memset(&m_file[host], fill, clusterSize());
    setL2Entry(guest, host | (1ull << 63), m_spec.extendedL2 ? 0xFFFFFFFFull : 0);
    return host;
}

void Qcow2ImageBuilder::writeBytes(uint64_t offset, const std::vector<uint8_t>& bytes)
{
    if (offset + bytes.size() > m_file.size())
        m_file.resize(offset + bytes.size(), 0);
    std::memcpy(&m_file[offset], bytes.data(), bytes.size());
}

void Qcow2ImageBuilder::pokeBe32(uint64_t offset, uint32_t value) { storeBe32(&m_file.at(offset), value); }
void Qcow2ImageBuilder::pokeBe64(uint64_t offset, uint64_t value) { storeBe64(&m_file.at(offset), value); }

}  // namespace diskscope::test
