// SPDX-License-Identifier: GPL-2.0-or-later
// create: a new raw or qcow2 image, byte for byte as qemu-img 7.2 creates it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "diskscope/error.h"
#include "diskscope/preallocation.h"
#include "diskscope/progress.h"

namespace diskscope {

// What to create. Plain data: the CLI fills it from its arguments and `-o`, the GUI wizard
// directly. Options left empty take qemu-img's defaults. Enumerated values (compat,
// compression type, preallocation) are kept as spelled because qemu-img echoes them in its
// "Formatting" line and refuses bad ones only when creating; createFormattingLine() and
// create() interpret them.
struct CreateOptions {
    std::string path;
    std::string format = "raw";               // "raw" or "qcow2"
    std::optional<uint64_t> size;             // virtual size as given; rounded up to 512 on create
    bool sizeFromOption = false;              // size came from `-o size=` (for "specified only once")

    std::optional<std::string> backingFile;   // stored as given; relative names resolve against path's directory
    std::optional<std::string> backingFormat; // required with a backing file, even with unsafeBacking
    bool unsafeBacking = false;               // -u: do not open the backing file

    // qcow2 options (`-o`).
    std::optional<std::string> compat;        // "0.10", "v2", "1.1", "v3" (default 1.1)
    std::optional<uint64_t> clusterSize;      // default 65536
    std::optional<uint64_t> refcountBits;     // default 16
    std::optional<bool> lazyRefcounts;
    std::optional<bool> extendedL2;
    std::optional<std::string> compressionType;  // "zlib", "zstd"
    std::optional<std::string> preallocation;    // "off", "metadata", "falloc", "full" (raw: no metadata)
    std::optional<std::string> dataFile;      // external data file, created relative to the current directory
    std::optional<bool> dataFileRaw;

    // How boolean options were spelled ("yes", "true", "on"...), by option name, so the
    // Formatting line repeats them as qemu-img does. Empty: "on"/"off".
    std::map<std::string, std::string> spelling;
};

// Parses one `-o` argument ("k=v,k=v"; ",," is a literal comma) into `options` for
// options.format, with qemu-img's messages: "Invalid parameter 'x'", "Parameter
// 'cluster_size' expects a non-negative number below 2^64...", "Parameter 'lazy_refcounts'
// expects 'on' or 'off'", "Parameter 'refcount_bits' expects a number". Later values win.
// backing_file/backing_fmt map to backingFile/backingFormat and size to size.
// Errors are InvalidArgument without a path.
Status parseCreateOptionString(std::string_view text, CreateOptions& options);

// Whether `text` asks for the option list ("help" or "?").
bool isCreateOptionHelp(std::string_view text);
// qemu-img's `-o help` text for `format` ("raw" or "qcow2"), without the protocol lines.
std::string createOptionHelp(const std::string& format);

// The checks qemu-img makes before it prints its Formatting line, and the size taken from
// the backing file when none is given (the backing file is opened with backingFormat
// unless unsafeBacking). Returns the options with `size` filled in. Errors carry
// options.path.
Result<CreateOptions> prepareCreate(const CreateOptions& options);

// "Formatting 'F', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib
// size=N lazy_refcounts=off refcount_bits=16" (no newline), from prepared options.
std::string createFormattingLine(const CreateOptions& options);

// Creates the image. Prepares the options itself (see prepareCreate), validates them with
// qemu-img's messages, refuses a target that another process holds (ErrorCode::Locked),
// writes the image under a temporary name beside the target with the writer lock held and
// renames it into place; a failed or cancelled create leaves no file behind (neither the
// image nor a data file it created).
Status create(const CreateOptions& options, ProgressSink& progress, std::stop_token stop);

}  // namespace diskscope
