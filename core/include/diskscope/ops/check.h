// SPDX-License-Identifier: GPL-2.0-or-later
// check: qemu-img check's consistency report for an image, and its -r leaks / -r all repairs.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

enum class CheckRepair {
    None,   // report only; the image is opened read-only with the reader lock
    Leaks,  // -r leaks: lower refcounts that are too high (and fix COPIED flags if nothing else is wrong)
    All,    // -r all: also raise refcounts, rebuild refcount structures, fix COPIED flags
};

struct CheckOptions {
    std::string path;
    std::optional<std::string> format;  // empty: probe
    CheckRepair repair = CheckRepair::None;
    bool forceShare = false;            // -U: no lock conflicts (not allowed with repair)
};

enum class CheckFindingKind {
    Corruption,  // counted in corruptions (refcount below the references, bad entry, ...)
    Leak,        // counted in leaks (refcount above the references)
    CheckError,  // the check itself could not look at something
    Repair,      // a repair that was made ("Repairing ...")
    Note,        // progress of a repair ("Rebuilding refcount structure")
};

// One line of qemu-img check's stderr, with what a GUI needs to point at it.
struct CheckFinding {
    CheckFindingKind kind = CheckFindingKind::Corruption;
    std::optional<uint64_t> cluster;  // host cluster index, when the finding is about one
    std::optional<uint64_t> offset;   // host byte offset (table entry or cluster), when known
    std::string message;              // qemu-img's wording, e.g. "Leaked cluster 8 refcount=1 reference=0"
    bool doubleCheck = false;         // printed by the verification pass after a repair
    // A reference to a region starting a cluster or more past the end of the file: QEMU reads
    // such data as zeros (errata, issue 2), the health report names it apart from other corruptions.
    bool beyondEndOfFile = false;
};

struct CheckReport {
    std::string filename;
    std::string format;
    // False for formats without checks (raw): qemu-img says so and exits 63.
    bool supported = true;
    // Set when the check could not complete (qemu-img: "Check failed: <reason>", exit 1,
    // no report printed), e.g. "-r leaks" on an image whose refcount structures need a rebuild.
    std::optional<std::string> failure;

    // Final counts: after a repair, those of the verification pass.
    uint64_t checkErrors = 0;
    uint64_t corruptions = 0;
    uint64_t leaks = 0;
    uint64_t corruptionsFixed = 0;
    uint64_t leaksFixed = 0;
    uint64_t allocatedClusters = 0;  // guest clusters that are data, preallocated zero or compressed
    uint64_t totalClusters = 0;      // virtual size in clusters
    uint64_t fragmentedClusters = 0;
    uint64_t compressedClusters = 0;
    uint64_t imageEndOffset = 0;     // end of the last cluster with a refcount or a reference

    // Something was repaired, so the image was checked again (findings with doubleCheck).
    bool doubleChecked = false;
    std::vector<CheckFinding> findings;
};

// Checks (and with options.repair, repairs) one image. Repairs take the writer lock and
// refuse an image another process holds. Errors: the image could not be opened or read.
Result<CheckReport> check(const CheckOptions& options, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
