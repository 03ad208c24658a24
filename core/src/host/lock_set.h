// SPDX-License-Identifier: GPL-2.0-or-later
// QEMU-compatible image locks on a file descriptor (see LockProfile in host_file.h).
#pragma once

#include <string>

#include "diskscope/host_file.h"

namespace diskscope {

// Applies `profile` to `fd`: take own locks first, then test others', as QEMU does, so two
// racing openers both fail rather than both succeed.
Status applyLockProfile(int fd, LockProfile profile, const std::string& path);

}  // namespace diskscope
