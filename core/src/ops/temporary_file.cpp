// SPDX-License-Identifier: GPL-2.0-or-later
#include "ops/temporary_file.h"

#include <sys/stat.h>

#include "diskscope/host_file.h"

namespace diskscope {

Status checkTargetReplaceable(const std::string& target)
{
    if (auto existing = openPosixFile(target, HostOpenMode::ReadWrite); existing.ok()) {
        if (Status s = (*existing)->lock(LockProfile::Writer); !s.ok()) {
            Error e = std::move(s).error();
            e.path = target;
            return e;
        }
    }
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return makeError(ErrorCode::InvalidArgument, "Could not create '" + target + "': Is a directory", target);
    return okStatus();
}

}  // namespace diskscope
