// SPDX-License-Identifier: GPL-2.0-or-later
// A raw image: the host file is the guest disk, byte for byte.
#pragma once

#include <memory>

#include "diskscope/image.h"

namespace diskscope {

// `writable` needs `file` open read-write (and locked by the caller).
Result<std::unique_ptr<Image>> openRawImage(std::unique_ptr<HostFile> file, bool writable = false);

}  // namespace diskscope
