// SPDX-License-Identifier: GPL-2.0-or-later
// OFD byte locks in QEMU's layout: byte 100+i = "holds permission i", byte 200+i = "does not
// share permission i". Every lock is shared (F_RDLCK); a conflict is another open file
// description holding the byte, found with F_OFD_GETLK.
#include "host/lock_set.h"

#include <fcntl.h>

#include <cerrno>
#include <vector>

namespace diskscope {
namespace {

enum Permission : int { ConsistentRead = 0, Write = 1, WriteUnchanged = 2, Resize = 3 };
constexpr const char* kPermissionNames[] = {"consistent read", "write", "write unchanged", "resize"};
constexpr off_t kHoldBase = 100;
constexpr off_t kUnsharedBase = 200;

struct ProfileBytes {
    std::vector<off_t> hold;
    std::vector<int> wanted;    // permissions used: others must not hold 200+i
    std::vector<int> unshared;  // permissions refused to others: others must not hold 100+i
};

ProfileBytes bytesFor(LockProfile profile)
{
    switch (profile) {
    case LockProfile::SharedRead:
    case LockProfile::RawReader:
        return {{kHoldBase + ConsistentRead}, {ConsistentRead}, {}};
    case LockProfile::Reader:
        return {{kHoldBase + ConsistentRead, kUnsharedBase + Write, kUnsharedBase + Resize},
                {ConsistentRead},
                {Write, Resize}};
    case LockProfile::Writer:
        return {{kHoldBase + ConsistentRead, kHoldBase + Write, kHoldBase + Resize, kUnsharedBase + Write,
                 kUnsharedBase + Resize},
                {ConsistentRead, Write, Resize},
                {Write, Resize}};
    case LockProfile::RawWriter:
        return {{kHoldBase + ConsistentRead, kHoldBase + Write}, {ConsistentRead, Write}, {}};
    }
    return {};
}

int setByte(int fd, off_t byte, short type)
{
    struct flock fl {};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = byte;
    fl.l_len = 1;
    return ::fcntl(fd, F_OFD_SETLK, &fl);
}

// True when another open file description holds `byte`.
bool heldByOthers(int fd, off_t byte)
{
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = byte;
    fl.l_len = 1;
    if (::fcntl(fd, F_OFD_GETLK, &fl) != 0)
        return false;
    return fl.l_type != F_UNLCK;
}

}  // namespace

Status applyLockProfile(int fd, LockProfile profile, const std::string& path)
{
    ProfileBytes bytes = bytesFor(profile);
    auto release = [&] {
        for (off_t b : bytes.hold)
            setByte(fd, b, F_UNLCK);
    };
    for (off_t b : bytes.hold) {
        if (setByte(fd, b, F_RDLCK) != 0) {
            if (errno == ENOTSUP || errno == ENOLCK || errno == EINVAL)
                return okStatus();  // file system without OFD locks: nothing to coordinate with
            int err = errno;
            release();
            return makeSystemError(err, "cannot lock the image", path);
        }
    }
    auto conflict = [&](const std::string& what) {
        release();
        return makeError(ErrorCode::Locked,
                         "Failed to get " + what + " lock\nIs another process using the image [" + path + "]?",
                         path);
    };
    for (int perm : bytes.wanted) {
        if (heldByOthers(fd, kUnsharedBase + perm))
            return conflict(std::string("\"") + kPermissionNames[perm] + "\"");
    }
    for (int perm : bytes.unshared) {
        if (heldByOthers(fd, kHoldBase + perm))
            return conflict(std::string("shared \"") + kPermissionNames[perm] + "\"");
    }
    return okStatus();
}

}  // namespace diskscope
