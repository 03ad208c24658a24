// SPDX-License-Identifier: GPL-2.0-or-later
// qcow2 consistency check and repair: every reference the image makes is counted per host
// cluster and compared with the stored refcounts, with qemu-img check's classification.
//
// Walk order (it is also the order of the findings): header cluster, active L1 and its L2
// tables (allocation and fragmentation counted here), each snapshot's L1 and L2 tables, the
// snapshot table, the refcount table, the bitmap directory and bitmap tables, the refcount
// blocks. Then stored refcounts are compared with the counted references (higher = leak,
// lower = corruption), then the COPIED flags of the active tables are checked.
//
// Memory: the reference counts are an array sized from the file length. A reference that ends
// more than one cluster past the end of the file is reported and not counted (as QEMU does),
// so no offset read from a table can size anything.
//
// Repairs (all writes keep the image consistent-but-leaky if interrupted):
//  - wrong refcounts that are not 0: the refcount entry is rewritten in place;
//  - refcount structures that cannot be trusted (a used cluster with refcount 0, a bad refcount
//    block): a complete new refcount table and blocks are written past the end of the file and
//    synced, then the header's refcount_table_offset/clusters pair is switched in one write;
//  - COPIED flags: the one 8-byte L1 or L2 entry is rewritten;
//  - the dirty and corrupt bits are cleared once nothing is left to repair.
// The snapshot table and bitmap directory are never rewritten.
#pragma once

#include <stop_token>

#include "diskscope/host_file.h"
#include "diskscope/host_layout.h"
#include "diskscope/ops/check.h"
#include "diskscope/progress.h"

namespace diskscope::qcow2 {

// Told of every reference the walk counts, with what it refers to (the host layout view).
class CheckObserver {
public:
    virtual ~CheckObserver() = default;
    virtual void reference(uint64_t offset, uint64_t bytes, HostClusterKind kind) = 0;
    // Every host cluster of the file, once the walk is done: its stored refcount and the
    // references counted (the refcount usage view). Not called for the verification pass.
    virtual void refcount(uint64_t /*cluster*/, uint64_t /*stored*/, uint64_t /*referenced*/) {}
};

// Checks the qcow2 image in `file`, which must be open read-write when `repair` is not None.
// Fills everything in the report except filename and format. Errors: the header, the snapshot
// table or the bitmap directory cannot be read, an I/O error, or cancellation.
Result<CheckReport> checkImage(HostFile& file, CheckRepair repair, ProgressSink& progress,
                               std::stop_token stop, CheckObserver* observer = nullptr);

}  // namespace diskscope::qcow2
