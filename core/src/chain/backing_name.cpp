// SPDX-License-Identifier: GPL-2.0-or-later
// Resolution and vetting of file names stored in images.
#include "chain/backing_name.h"

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

}  // namespace diskscope
