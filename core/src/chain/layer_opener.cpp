// SPDX-License-Identifier: GPL-2.0-or-later
#include "chain/layer_opener.h"

#include <algorithm>

#include "chain/backing_name.h"
#include "diskscope/chain.h"
#include "host/no_flush_file.h"

namespace diskscope {

void LayerOpener::setHostFileOpener(HostFileOpener opener)
{
    m_openHostFile = std::move(opener);
    if (m_openHostFile)
        m_openDataFile = nullptr;  // a data file name would otherwise reach the real file system
}

Result<std::unique_ptr<Image>> LayerOpener::openFile(const std::string& path,
                                                     const std::optional<std::string>& format,
                                                     const std::string& errorPath, const char* role, bool writable)
{
    const HostOpenMode mode = writable ? HostOpenMode::ReadWrite : HostOpenMode::ReadOnly;
    auto file = m_openHostFile ? m_openHostFile(path, mode) : openPosixFile(path, mode);
    if (!file.ok()) {
        Error e = std::move(file).error();
        if (*role) {  // the top image's own name is already the error's path
            e.message = std::string("Could not open ") + role + "'" + path + "': " + e.message;
            e.path = errorPath;
        }
        return e;
    }
    if (m_noFlushTop && !*role)
        file = makeNoFlushFile(std::move(file).value());
    DS_ASSIGN_OR_RETURN(FileIdentity id, (*file)->identity());
    if (std::find(m_seen.begin(), m_seen.end(), id) != m_seen.end())
        return makeError(ErrorCode::Corrupt,
                         "backing chain loop: '" + path + "' is already part of this chain", errorPath);
    m_seen.push_back(id);
    std::string fmt;
    if (format) {
        fmt = *format;
    } else {
        DS_ASSIGN_OR_RETURN(fmt, probeFormat(**file));
    }
    // Locks are taken before any metadata is read (only the probe's magic was), with the
    // profile qemu-img uses for this format, so neither tool reads an image the other writes.
    LockProfile profile = writable      ? (fmt == "raw" ? LockProfile::RawWriter : LockProfile::Writer)
                          : m_forceShare ? LockProfile::SharedRead
                          : fmt == "raw" ? LockProfile::RawReader
                                         : LockProfile::Reader;
    DS_TRY((*file)->lock(profile));
    if (writable)
        return openImageForWriting(std::move(file).value(), fmt,
                                   m_openHostFile            ? nullptr
                                   : m_allowExternalBacking ? &openDataFileAnywhereReadWrite
                                                            : &openDataFileReadWrite);
    return openImage(std::move(file).value(), fmt, m_openDataFile);
}

Result<std::unique_ptr<Image>> LayerOpener::openTop(const std::string& path,
                                                    const std::optional<std::string>& format, bool writable)
{
    return openFile(path, format, path, "", writable);
}

Result<std::unique_ptr<Image>> LayerOpener::openBacking(const std::string& namingPath,
                                                        const BackingReference& ref, std::string& resolvedName,
                                                        const std::function<bool(const std::string&)>& writable)
{
    auto withPath = [&](Error e) {
        e.path = namingPath;
        return e;
    };
    Status nameOk = checkLocalFileName(ref.name, "backing file");
    if (!nameOk.ok())
        return withPath(std::move(nameOk).error());
    if (ref.format && ref.format != "raw" && ref.format != "qcow2")
        return withPath(makeError(ErrorCode::Unsupported, "backing file format '" + *ref.format +
                                                              "' is not supported (raw and qcow2 are)"));
    if (++m_depth > m_maxDepth)
        return withPath(makeError(ErrorCode::Unsupported, "backing chain is deeper than " +
                                                              std::to_string(m_maxDepth) + " layers"));
    resolvedName = resolveBackingName(namingPath, ref.name);
    if (!m_allowExternalBacking) {
        Status inside = checkInsideImageTree(namingPath, resolvedName, "backing file");
        if (!inside.ok())
            return withPath(std::move(inside).error());
    }
    return openFile(resolvedName, ref.format, namingPath, "backing file ", writable && writable(resolvedName));
}

}  // namespace diskscope
