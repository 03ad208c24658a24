// SPDX-License-Identifier: GPL-2.0-or-later
// Opening the layers of a chain one by one, with the checks every walk down a chain needs:
// local names only, a depth limit, and no file twice (loops by device and inode).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/host_file.h"
#include "diskscope/image.h"
#include "diskscope/open.h"

namespace diskscope {

class LayerOpener {
public:
    LayerOpener(unsigned maxDepth, DataFileOpener openDataFile, bool forceShare, bool allowExternalBacking)
        : m_maxDepth(maxDepth), m_openDataFile(openDataFile), m_forceShare(forceShare),
          m_allowExternalBacking(allowExternalBacking)
    {
    }

    // The top image's host file skips fdatasync (cache=unsafe); backing files are never written.
    void setNoFlushTop(bool noFlush) { m_noFlushTop = noFlush; }
    // Opens host files through `opener` instead of the file system (see OpenOptions).
    void setHostFileOpener(HostFileOpener opener);

    // Opens the top image; `format` empty means probe. `writable` opens it read-write with
    // QEMU's writer locks (backing files are always read-only).
    Result<std::unique_ptr<Image>> openTop(const std::string& path, const std::optional<std::string>& format,
                                           bool writable = false);

    // Opens the backing file that `ref` names in the image opened as `namingPath`.
    // `resolvedName` receives the resolved path (qemu-img's full-backing-filename).
    // `writable`, when given, says from the resolved name whether to open the layer for writing.
    Result<std::unique_ptr<Image>> openBacking(const std::string& namingPath, const BackingReference& ref,
                                               std::string& resolvedName,
                                               const std::function<bool(const std::string&)>& writable = {});

private:
    Result<std::unique_ptr<Image>> openFile(const std::string& path, const std::optional<std::string>& format,
                                            const std::string& errorPath, const char* role, bool writable);

    unsigned m_maxDepth;
    DataFileOpener m_openDataFile;
    bool m_forceShare;
    HostFileOpener m_openHostFile;
    bool m_allowExternalBacking;
    bool m_noFlushTop = false;
    unsigned m_depth = 0;
    std::vector<FileIdentity> m_seen;
};

}  // namespace diskscope
