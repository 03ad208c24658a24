// SPDX-License-Identifier: GPL-2.0-or-later
// A HostFile that remembers the first failed write, resize or flush and refuses every later
// one with that error (reads still work). A writable qcow2 image sits on one: its caches may
// hold changes that only make sense together with the step that failed (a snapshot's raised
// refcounts, COPIED flags, a grown table), so after an I/O error nothing more reaches the
// file until the image is reopened, and the file keeps the crash-safe state of the failure
// point: leaks at most. After a failed fdatasync the kernel may also have dropped the pages.
#pragma once

#include <memory>

#include "diskscope/host_file.h"

namespace diskscope {

std::unique_ptr<HostFile> makeLatchingFile(std::unique_ptr<HostFile> inner);

}  // namespace diskscope
