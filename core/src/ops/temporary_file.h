// SPDX-License-Identifier: GPL-2.0-or-later
// A file written under a temporary name beside its target and renamed into place only when
// complete, so a failed or interrupted operation never leaves a half-made target.
#pragma once

#include <unistd.h>

#include <string>

#include "diskscope/error.h"

namespace diskscope {

// ".NAME.diskscope-PID.part" in the target's directory (same file system, so rename is atomic).
inline std::string temporaryNameFor(const std::string& target)
{
    const size_t slash = target.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
    return dir + "." + base + ".diskscope-" + std::to_string(::getpid()) + ".part";
}

// Deletes the ".NAME.diskscope-PID.part" files of `target` that a killed run left behind: those
// whose process no longer exists and which nobody holds a lock on. Best effort; called before a
// new temporary is made for the same target, so an interrupted convert or create leaves at most
// one stale file until the next attempt.
void removeAbandonedTemporaries(const std::string& target);

// Refuses to replace `target` when another process holds it (a VM, qemu-io: replacing it under
// them would corrupt what they see; its locks are tested through a descriptor of our own, so a
// source this process has open counts too) or when it is a directory.
Status checkTargetReplaceable(const std::string& target);

// Removes the temporary file when it goes out of scope, unless released after the rename.
class TemporaryTarget {
public:
    explicit TemporaryTarget(std::string path) : m_path(std::move(path)) {}
    TemporaryTarget(const TemporaryTarget&) = delete;
    TemporaryTarget& operator=(const TemporaryTarget&) = delete;
    ~TemporaryTarget()
    {
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    const std::string& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    std::string m_path;
};

}  // namespace diskscope
