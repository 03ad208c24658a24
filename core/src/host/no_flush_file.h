// SPDX-License-Identifier: GPL-2.0-or-later
// A HostFile whose flush() does nothing: QEMU's cache=unsafe (cache.no-flush), for benchmarks
// and scratch images where durability does not matter. Everything else goes to the wrapped file.
#pragma once

#include <memory>

#include "diskscope/host_file.h"

namespace diskscope {

// Writes still happen in the engine's crash-safe order; only the fdatasync barriers between
// them are dropped, so after a host crash the image may be inconsistent (as with QEMU).
std::unique_ptr<HostFile> makeNoFlushFile(std::unique_ptr<HostFile> inner);

}  // namespace diskscope
