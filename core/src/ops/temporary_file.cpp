// SPDX-License-Identifier: GPL-2.0-or-later
#include "ops/temporary_file.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>

#include "diskscope/host_file.h"

namespace diskscope {

void removeAbandonedTemporaries(const std::string& target)
{
    const size_t slash = target.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : target.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
    const std::string prefix = "." + base + ".diskscope-";
    const std::string suffix = ".part";
    DIR* listing = ::opendir(dir.c_str());
    if (!listing)
        return;
    while (const dirent* entry = ::readdir(listing)) {
        const std::string name = entry->d_name;
        if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0
            || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const auto pid = static_cast<pid_t>(std::strtol(digits.c_str(), nullptr, 10));
        if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH)
            continue;  // ours, or its process is still there (or not ours to signal)
        const std::string path = (slash == std::string::npos ? "" : dir) + name;
        // A process in another PID namespace may still be writing it: its lock says so.
        auto file = openPosixFile(path, HostOpenMode::ReadWrite);
        if (!file.ok() || !(*file)->lock(LockProfile::Writer).ok())
            continue;
        file->reset();
        ::unlink(path.c_str());
    }
    ::closedir(listing);
}

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
