// SPDX-License-Identifier: GPL-2.0-or-later
// Opening one image file: explicit format wins, else probe (qcow2 by magic, else raw).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "diskscope/error.h"
#include "diskscope/host_file.h"
#include "diskscope/image.h"

namespace diskscope {

// "qcow2" when the file starts with the qcow2 magic, else "raw".
Result<std::string> probeFormat(HostFile& file);

// Opens an image over an already opened host file. `format` must be "raw" or "qcow2".
// `resolveDataFile` opens an external data file by its stored name (qcow2 only); null
// means the image is opened without it (info does not need it).
using DataFileOpener = Result<std::unique_ptr<HostFile>> (*)(const std::string& imagePath,
                                                            const std::string& storedName);
Result<std::unique_ptr<Image>> openImage(std::unique_ptr<HostFile> file, const std::string& format,
                                         DataFileOpener openDataFile);
// The same for writing: `file` must be open read-write and locked by the caller. A qcow2
// image that is marked corrupt, dirty (not closed cleanly), or has persistent bitmaps is refused.
Result<std::unique_ptr<Image>> openImageForWriting(std::unique_ptr<HostFile> file, const std::string& format,
                                                   DataFileOpener openDataFile);

// Opens a data file name stored in `imagePath`, resolved like a backing name. Like backing
// names, it is followed outside the image's directory tree only when that is allowed by
// default (trust_policy.h) or, with the "Anywhere" variants, when the user allowed it for this
// image (OpenOptions::allowExternalBacking).
Result<std::unique_ptr<HostFile>> openDataFileReadOnly(const std::string& imagePath,
                                                       const std::string& storedName);
Result<std::unique_ptr<HostFile>> openDataFileReadWrite(const std::string& imagePath,
                                                        const std::string& storedName);
Result<std::unique_ptr<HostFile>> openDataFileAnywhereReadOnly(const std::string& imagePath,
                                                               const std::string& storedName);
Result<std::unique_ptr<HostFile>> openDataFileAnywhereReadWrite(const std::string& imagePath,
                                                                const std::string& storedName);

}  // namespace diskscope
