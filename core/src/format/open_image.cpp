// SPDX-License-Identifier: GPL-2.0-or-later
// Format probing and the single entry point that opens one image file in a given format.
#include "chain/backing_name.h"
#include "diskscope/trust_policy.h"
#include "diskscope/chain.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_format.h"
#include "format/qcow2/qcow2_image.h"
#include "format/raw/raw_image.h"
#include "host/latching_file.h"
#include "util/big_endian.h"

namespace diskscope {

Result<std::string> probeFormat(HostFile& file)
{
    uint8_t magic[4] = {};
    DS_ASSIGN_OR_RETURN(size_t got, file.readAt(0, magic));
    if (got == sizeof magic && loadBe32(magic) == qcow2::kMagic)
        return std::string("qcow2");
    return std::string("raw");
}

Result<std::unique_ptr<Image>> openImage(std::unique_ptr<HostFile> file, const std::string& format,
                                         DataFileOpener openDataFile)
{
    if (format == "raw")
        return openRawImage(std::move(file));
    if (format == "qcow2") {
        DS_ASSIGN_OR_RETURN(auto image, qcow2::Qcow2Image::open(std::move(file), openDataFile));
        return std::unique_ptr<Image>(std::move(image));
    }
    return makeError(ErrorCode::InvalidArgument, "Unknown file format '" + format + "'");
}

namespace {

Result<std::unique_ptr<HostFile>> openDataFile(const std::string& imagePath, const std::string& storedName,
                                               HostOpenMode mode, bool anywhere)
{
    DS_ASSIGN_OR_RETURN(std::string path, resolveDataFileName(imagePath, storedName, anywhere));
    auto file = openPosixFile(path, mode);
    if (!file.ok()) {
        Error e = std::move(file).error();
        e.message = "Could not open external data file '" + path + "': " + e.message;
        e.path = imagePath;
        return e;
    }
    if (mode == HostOpenMode::ReadWrite)
        DS_TRY((*file)->lock(LockProfile::RawWriter));
    return file;
}

}  // namespace

Result<std::unique_ptr<HostFile>> openDataFileReadOnly(const std::string& imagePath, const std::string& storedName)
{
    return openDataFile(imagePath, storedName, HostOpenMode::ReadOnly, false);
}

Result<std::unique_ptr<HostFile>> openDataFileReadWrite(const std::string& imagePath, const std::string& storedName)
{
    return openDataFile(imagePath, storedName, HostOpenMode::ReadWrite, false);
}

Result<std::unique_ptr<HostFile>> openDataFileAnywhereReadOnly(const std::string& imagePath,
                                                               const std::string& storedName)
{
    return openDataFile(imagePath, storedName, HostOpenMode::ReadOnly, true);
}

Result<std::unique_ptr<HostFile>> openDataFileAnywhereReadWrite(const std::string& imagePath,
                                                                const std::string& storedName)
{
    return openDataFile(imagePath, storedName, HostOpenMode::ReadWrite, true);
}

Result<std::unique_ptr<Image>> openImageForWriting(std::unique_ptr<HostFile> file, const std::string& format,
                                                   DataFileOpener openDataFile)
{
    if (format == "raw")
        return openRawImage(std::move(file), true);
    if (format == "qcow2") {
        // After an I/O error the image writes nothing more (host/latching_file.h).
        DS_ASSIGN_OR_RETURN(auto image, qcow2::Qcow2Image::open(makeLatchingFile(std::move(file)), openDataFile, true));
        return std::unique_ptr<Image>(std::move(image));
    }
    return makeError(ErrorCode::InvalidArgument, "Unknown file format '" + format + "'");
}

}  // namespace diskscope
