// SPDX-License-Identifier: GPL-2.0-or-later
// HostFile over a POSIX file descriptor: pread/pwrite loops, SEEK_DATA/SEEK_HOLE, fdatasync.
#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "diskscope/host_file.h"
#include "host/lock_set.h"

namespace diskscope {
namespace {

// Owns one file descriptor.
class UniqueFd {
public:
    explicit UniqueFd(int fd = -1) : m_fd(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    UniqueFd& operator=(UniqueFd&&) = delete;
    ~UniqueFd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

class PosixFile final : public HostFile {
public:
    PosixFile(std::string path, UniqueFd fd) : m_path(std::move(path)), m_fd(std::move(fd)) {}

    const std::string& path() const override { return m_path; }

    Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) override
    {
        size_t done = 0;
        while (done < out.size()) {
            ssize_t n = ::pread(m_fd.get(), out.data() + done, out.size() - done,
                                static_cast<off_t>(offset + done));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return makeSystemError(errno, "read failed", m_path);
            }
            if (n == 0)
                break;  // end of file
            done += static_cast<size_t>(n);
        }
        return done;
    }

    Status writeAt(uint64_t offset, std::span<const uint8_t> in) override
    {
        size_t done = 0;
        while (done < in.size()) {
            ssize_t n = ::pwrite(m_fd.get(), in.data() + done, in.size() - done,
                                 static_cast<off_t>(offset + done));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return makeSystemError(errno, "write failed", m_path);
            }
            if (n == 0)
                return makeSystemError(ENOSPC, "write failed", m_path);
            done += static_cast<size_t>(n);
        }
        return okStatus();
    }

    Result<uint64_t> size() override
    {
        struct stat st {};
        if (::fstat(m_fd.get(), &st) != 0)
            return makeSystemError(errno, "stat failed", m_path);
        if (S_ISBLK(st.st_mode)) {
            off_t end = ::lseek(m_fd.get(), 0, SEEK_END);
            if (end < 0)
                return makeSystemError(errno, "cannot determine device size", m_path);
            return static_cast<uint64_t>(end);
        }
        return static_cast<uint64_t>(st.st_size);
    }

    Status resize(uint64_t newSize) override
    {
        while (::ftruncate(m_fd.get(), static_cast<off_t>(newSize)) != 0) {
            if (errno != EINTR)
                return makeSystemError(errno, "truncate failed", m_path);
        }
        return okStatus();
    }

    Status flush() override
    {
        while (::fdatasync(m_fd.get()) != 0) {
            if (errno != EINTR)
                return makeSystemError(errno, "flush failed", m_path);
        }
        return okStatus();
    }

    Result<uint64_t> allocatedBytes() override
    {
        struct stat st {};
        if (::fstat(m_fd.get(), &st) != 0)
            return makeSystemError(errno, "stat failed", m_path);
        return static_cast<uint64_t>(st.st_blocks) * 512;
    }

    Result<HostExtent> extentAt(uint64_t offset) override
    {
        DS_ASSIGN_OR_RETURN(uint64_t end, size());
        if (offset >= end)
            return HostExtent{0, false};
        off_t data = ::lseek(m_fd.get(), static_cast<off_t>(offset), SEEK_DATA);
        if (data < 0) {
            if (errno == ENXIO)  // only a hole up to the end of the file
                return HostExtent{end - offset, false};
            // No information (file system without SEEK_DATA): everything is data.
            return HostExtent{end - offset, true};
        }
        if (static_cast<uint64_t>(data) > offset)
            return HostExtent{static_cast<uint64_t>(data) - offset, false};
        off_t hole = ::lseek(m_fd.get(), static_cast<off_t>(offset), SEEK_HOLE);
        if (hole < 0 || static_cast<uint64_t>(hole) <= offset)
            return HostExtent{end - offset, true};
        return HostExtent{std::min<uint64_t>(static_cast<uint64_t>(hole), end) - offset, true};
    }

    Result<FileIdentity> identity() override
    {
        struct stat st {};
        if (::fstat(m_fd.get(), &st) != 0)
            return makeSystemError(errno, "stat failed", m_path);
        return FileIdentity{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
    }

    Status lock(LockProfile profile) override { return applyLockProfile(m_fd.get(), profile, m_path); }

    Status reserve(uint64_t offset, uint64_t length) override
    {
        int err = ::posix_fallocate(m_fd.get(), static_cast<off_t>(offset), static_cast<off_t>(length));
        if (err == 0)
            return okStatus();
        if (err != EOPNOTSUPP && err != EINVAL)
            return makeSystemError(err, "cannot reserve space", m_path);
        return HostFile::reserve(offset, length);
    }

    Status punchHole(uint64_t offset, uint64_t length) override
    {
        if (::fallocate(m_fd.get(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                        static_cast<off_t>(length)) == 0)
            return okStatus();
        if (errno != EOPNOTSUPP && errno != ENOSYS)
            return makeSystemError(errno, "cannot release space", m_path);
        return HostFile::punchHole(offset, length);
    }

private:
    std::string m_path;
    UniqueFd m_fd;
};

Result<std::unique_ptr<HostFile>> openWithFlags(const std::string& path, int flags, mode_t mode)
{
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return makeSystemError(errno, "", path);
    UniqueFd owned(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return makeSystemError(errno, "stat failed", path);
    if (S_ISDIR(st.st_mode))
        return makeError(ErrorCode::InvalidArgument, "Is a directory", path);
    // No kernel readahead. Image metadata is read cluster by cluster at scattered offsets, and
    // readahead would pull neighbouring data clusters into the page cache; on ext4 a cached page
    // inside a fallocated (unwritten) extent makes SEEK_DATA report data where qemu-img, reading
    // less, is told "hole". `map` of a metadata-preallocated image then disagreed with qemu-img's
    // depending on what our own reads had cached. Bulk reads ask for whole chunks anyway.
    if (S_ISREG(st.st_mode))
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
    return std::unique_ptr<HostFile>(new PosixFile(path, std::move(owned)));
}

}  // namespace

Result<std::unique_ptr<HostFile>> openPosixFile(const std::string& path, HostOpenMode mode)
{
    return openWithFlags(path, mode == HostOpenMode::ReadOnly ? O_RDONLY : O_RDWR, 0);
}

Result<std::unique_ptr<HostFile>> createPosixFile(const std::string& path)
{
    return openWithFlags(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
}

}  // namespace diskscope
