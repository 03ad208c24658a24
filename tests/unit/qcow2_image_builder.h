// SPDX-License-Identifier: GPL-2.0-or-later
// Builds small, valid qcow2 images in memory for unit tests, field by field, so a test can
// then break exactly one thing. Layout (cluster size cs): header and extensions in cluster 0,
// refcount table in cluster 1, refcount block in cluster 2, L1 in cluster 3, L2 tables and
// data appended after.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diskscope/error.h"

namespace diskscope::test {

// The error's text, or "" when `r` succeeded: for QVERIFY2, which evaluates its message
// even when the check passes.
template <class R>
std::string errorText(const R& r)
{
    return r.ok() ? std::string() : describe(r.error());
}

struct Qcow2Spec {
    uint32_t version = 3;
    uint32_t clusterBits = 16;
    uint64_t size = 64ull << 20;
    bool extendedL2 = false;
    uint8_t compressionType = 0;
    uint32_t refcountOrder = 4;
    std::optional<std::string> backingFile;
    std::optional<std::string> backingFormat;
    std::optional<std::string> dataFile;
    bool featureNameTable = true;
};

class Qcow2ImageBuilder {
public:
    explicit Qcow2ImageBuilder(Qcow2Spec spec);

    uint64_t clusterSize() const { return uint64_t{1} << m_spec.clusterBits; }
    // Appends one cluster (zeroed) and returns its host offset.
    uint64_t appendCluster();
    // Ensures an L2 table for guest offset `guest` and returns its host offset.
    uint64_t l2TableFor(uint64_t guest);
    // Writes the L2 entry (and, with extended L2, its bitmap) for the cluster at `guest`.
    void setL2Entry(uint64_t guest, uint64_t entry, uint64_t bitmap = 0);
    // Appends a data cluster filled with `fill` and maps the cluster at `guest` to it.
    uint64_t mapDataCluster(uint64_t guest, uint8_t fill);
    // Writes raw bytes at a host offset (growing the file).
    void writeBytes(uint64_t offset, const std::vector<uint8_t>& bytes);

    void pokeBe32(uint64_t offset, uint32_t value);
    void pokeBe64(uint64_t offset, uint64_t value);

    // The finished file (refcounts are not maintained: read-only tests do not need them).
    std::vector<uint8_t> bytes() const { return m_file; }

    static constexpr uint64_t kRefTableCluster = 1;
    static constexpr uint64_t kRefBlockCluster = 2;
    static constexpr uint64_t kL1Cluster = 3;

private:
    Qcow2Spec m_spec;
    std::vector<uint8_t> m_file;
    std::vector<uint64_t> m_l2Tables;  // host offset per L1 index, 0 if none
};

}  // namespace diskscope::test
