// SPDX-License-Identifier: GPL-2.0-or-later
// Resolution and vetting of file names stored in images.
#include "chain/backing_name.h"

#include <sys/stat.h>

#include <cstdlib>

#include "diskscope/chain.h"

namespace diskscope {

std::string resolveBackingName(const std::string& imagePath, const std::string& backingName)
{
    if (backingName.empty() || backingName.front() == '/')
        return backingName;
    size_t slash = imagePath.rfind('/');
    if (slash == std::string::npos)
        return backingName;
    return imagePath.substr(0, slash + 1) + backingName;
}

Status checkInsideImageTree(const std::string& namingImage, const std::string& resolved, const char* what)
{
    const size_t slash = namingImage.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : namingImage.substr(0, slash);
    char* realDirectory = ::realpath(directory.c_str(), nullptr);
    char* realTarget = ::realpath(resolved.c_str(), nullptr);
    std::string tree = realDirectory ? realDirectory : "";
    std::string target = realTarget ? realTarget : "";
    std::free(realDirectory);
    std::free(realTarget);
    if (target.empty() || tree.empty())
        return okStatus();
    if (tree.back() != '/')
        tree += '/';
    if (target.compare(0, tree.size(), tree) != 0)
        return makeError(ErrorCode::Untrusted,
                         std::string(what) + " '" + resolved + "' resolves to '" + target +
                             "', outside the image's directory " + tree +
                             " (follow it only if you trust this image: --allow-external-backing)");
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        return makeError(ErrorCode::Untrusted, std::string(what) + " '" + resolved + "' is not a regular file");
    return okStatus();
}

Status checkLocalFileName(const std::string& name, const char* what)
{
    if (name.empty())
        return makeError(ErrorCode::Corrupt, std::string(what) + " name is empty");
    if (name.find('\0') != std::string::npos)
        return makeError(ErrorCode::Corrupt, std::string(what) + " name contains a NUL byte");
    size_t special = name.find_first_of(":/");
    if (special != std::string::npos && name[special] == ':')
        return makeError(ErrorCode::Unsupported,
                         std::string(what) + " name '" + name.substr(0, 64) +
                             "' is not a local file name (protocols and json: are never followed)");
    return okStatus();
}

Result<std::string> resolveDataFileName(const std::string& imagePath, const std::string& storedName, bool anywhere)
{
    auto onImage = [&](Status s) {
        Error e = std::move(s).error();
        e.path = imagePath;
        return e;
    };
    if (Status s = checkLocalFileName(storedName, "external data file"); !s.ok())
        return onImage(std::move(s));
    std::string path = resolveBackingName(imagePath, storedName);
    if (!anywhere && !externalBackingAllowedByDefault()) {
        if (Status s = checkInsideImageTree(imagePath, path, "external data file"); !s.ok())
            return onImage(std::move(s));
    }
    return path;
}

}  // namespace diskscope
