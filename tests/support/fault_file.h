// SPDX-License-Identifier: GPL-2.0-or-later
// A HostFile for tests that fails one chosen write or flush: the Nth occurrence of a named
// fault point (what the engine says the write is for, or a flush) fails with EIO or ENOSPC,
// once or from then on. Everything else goes to the wrapped file. The plan is shared, so a
// test keeps counting after the image that owns the file is gone.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "diskscope/host_file.h"

namespace diskscope::testsupport {

// The named fault points: every write purpose the engine tags, plus flush.
enum class FaultPoint : uint8_t {
    GuestData,
    L2Table,
    L1Entry,
    L1Table,
    RefcountBlock,
    RefcountTable,
    Header,
    SnapshotTable,
    SnapshotL1,
    Flush,
    Count
};
inline constexpr size_t kFaultPointCount = static_cast<size_t>(FaultPoint::Count);
const char* faultPointName(FaultPoint point);

struct FaultPlan {
    FaultPoint point = FaultPoint::GuestData;
    uint64_t failAt = 0;    // 1-based occurrence of `point` that fails; 0 never fails
    int error = 5;          // errno of the failure (EIO 5, ENOSPC 28)
    bool persistent = false; // every later occurrence of any point fails too (a dead disk)

    // Filled in while the file is used.
    std::array<uint64_t, kFaultPointCount> seen{};  // occurrences per point
    uint64_t injected = 0;                          // failures returned
    bool fired() const { return injected > 0; }
};

std::unique_ptr<HostFile> makeFaultInjectingFile(std::unique_ptr<HostFile> inner, std::shared_ptr<FaultPlan> plan);

}  // namespace diskscope::testsupport
