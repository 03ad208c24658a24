// SPDX-License-Identifier: GPL-2.0-or-later
// amend: change a qcow2 image's options in place, as qemu-img amend does: compat level
// (1.1 <-> 0.10), lazy refcounts, refcount width, size, data file name.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

// What to change; options left empty keep the image's value.
struct AmendOptions {
    std::string path;
    std::optional<std::string> format;        // empty: probe; only qcow2 can be amended
    std::optional<std::string> compat;        // "0.10"/"v2" or "1.1"/"v3"
    std::optional<bool> lazyRefcounts;
    std::optional<uint64_t> refcountBits;     // 1, 2, 4, ..., 64
    std::optional<uint64_t> size;             // a new virtual size (0: unchanged); may shrink
    // qemu-img 7.2 refuses to change these; Diskscope changes them as `qemu-img rebase -u`
    // does (header only): "" makes the image standalone; a new name needs a format.
    std::optional<std::string> backingFile;
    std::optional<std::string> backingFormat;
    std::optional<std::string> dataFile;      // a new name for an existing external data file
    std::optional<bool> dataFileRaw;          // only "off" on an image that has it
    bool encryptionOptions = false;           // any encrypt.* option was given
};

// Parses one `-o` argument ("k=v,k=v"; ",," is a literal comma) into `options`, with qemu-img's
// messages; creation-only options (cluster_size, extended_l2, preallocation, compression_type)
// give "Invalid parameter 'x'\nThis option is only supported for image creation".
// Later values win. Errors are InvalidArgument without a path.
Status parseAmendOptionString(std::string_view text, AmendOptions& options);
// Whether `text` asks for the option list ("help" or "?").
bool isAmendOptionHelp(std::string_view text);
// qemu-img's "Amend options for 'qcow2':" list, without the encryption options.
std::string amendOptionHelp();

// Opens the image for writing (QEMU's writer lock; the backing file is not opened) and
// applies the options in qemu-img's order: upgrade, refcount width, data file name, backing
// file, lazy refcounts, size, downgrade. Everything that would make qemu-img refuse is checked before
// the first write, so a refused amend leaves the image untouched. Each step is crash-safe
// (leaks at most); a compat change rewrites the header cluster in one write, as QEMU does.
// Downgrading turns zero clusters into what version 2 can say (unallocated without a backing
// file, zero-filled clusters otherwise) and refuses what it cannot express, with qemu-img's
// reasons; it also refuses persistent bitmaps, which qemu-img 7.2 would leak.
Status amend(const AmendOptions& options, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
