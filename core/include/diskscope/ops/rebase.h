// SPDX-License-Identifier: GPL-2.0-or-later
// rebase: give an image a different backing file (or none), as qemu-img rebase does.
#pragma once

#include <optional>
#include <stop_token>
#include <string>

#include "diskscope/chain.h"
#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope {

struct RebaseOptions {
    std::string path;
    std::optional<std::string> format;         // -f: the image's format; probed when absent
    std::string backing;                       // -b: stored as given, opened relative to the image; "" = none
    std::optional<std::string> backingFormat;  // -F: required whenever `backing` is not empty
    bool unsafe = false;                       // -u: only the header changes, no backing file is read
    bool forceShare = false;                   // -U: the new backing chain is opened as a shared reader
    // Follow backing files outside an image's directory tree in both chains (the user agreed
    // for this image); false keeps the process default (externalBackingAllowedByDefault).
    bool allowExternalBacking = false;
};

// Safe mode opens the image (writable) with its current backing chain and the new backing
// chain, copies into the image every range it does not allocate itself whose content would
// change (so the guest sees the same bytes afterwards), makes that durable, and only then
// changes the header's backing name and format. Unsafe mode changes the header only.
// A crash or a cancel (ErrorCode::Cancelled) before the header switch leaves the image on its
// old backing file with the same guest content; the copied clusters are simply allocated.
// Errors carry qemu-img's wording ("Could not change the backing file to 'X': ...",
// "Could not open new backing file 'X': ...").
Status rebase(const RebaseOptions& options, ProgressSink& progress, std::stop_token stop);

// Safe mode's copy on opened images: `chain` is the image (writable top) on its current
// backing chain, `newBacking` the chain it will name (null: none). Writes into the top every
// range it does not allocate whose content differs between the two, then flushes. The
// header is not changed. Progress counts the top's virtual size.
Status copyRebaseDifferences(Chain& chain, Chain* newBacking, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
