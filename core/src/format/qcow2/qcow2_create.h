// SPDX-License-Identifier: GPL-2.0-or-later
// Writing a new qcow2 image: the same layout qemu-img 7.2 creates for the same options.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "diskscope/ops/create.h"
#include "diskscope/progress.h"
#include "format/qcow2/qcow2_format.h"

namespace diskscope::qcow2 {

// Everything the layout depends on, already validated (ops/create.cpp checks the options).
struct CreateSpec {
    uint64_t size = 0;  // virtual size, a multiple of 512
    uint32_t version = 3;
    uint32_t clusterBits = 16;
    uint32_t refcountOrder = 4;
    bool lazyRefcounts = false;
    bool extendedL2 = false;
    CompressionType compression = CompressionType::Zlib;
    Preallocation preallocation = Preallocation::Off;
    std::optional<std::string> backingFile;    // stored as given
    std::optional<std::string> backingFormat;
    std::optional<std::string> dataFile;       // stored as given
    bool dataFileRaw = false;
};

// Whether `size` fits the L1 table QEMU accepts for this cluster size and L2 entry width.
bool sizeFitsL1Limit(uint64_t size, uint32_t clusterBits, bool extendedL2);

// Writes the whole image into `file`, which must be empty. With spec.dataFile, `dataFile`
// is the (already created, sized and preallocated) external data file: it receives only the
// zero tail that qemu-img's copy-on-write leaves in a partly used last cluster.
//
// The layout is produced by replaying, in memory, how qemu-img 7.2 allocates clusters while
// it creates an image (first fit from a moving free index, refcount blocks placed where they
// are first needed, refcount table growth with its 50 % margin, preallocation order), as
// observed on its output files: header, refcount table and block in clusters 0-2, then L1,
// then what preallocation adds.
Status writeQcow2Image(HostFile& file, HostFile* dataFile, const CreateSpec& spec, ProgressSink& progress,
                       std::stop_token stop);

}  // namespace diskscope::qcow2
