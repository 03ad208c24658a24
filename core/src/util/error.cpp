// SPDX-License-Identifier: GPL-2.0-or-later
#include "diskscope/error.h"

#include <cstring>

namespace diskscope {

Error makeError(ErrorCode code, std::string message, std::string path)
{
    return Error{code, 0, std::move(path), std::move(message)};
}

Error makeSystemError(int err, std::string what, std::string path)
{
    ErrorCode code = ErrorCode::IoError;
    if (err == ENOENT || err == ENOTDIR)
        code = ErrorCode::NotFound;
    else if (err == ENOSPC || err == EDQUOT || err == EFBIG)
        code = ErrorCode::NoSpace;
    else if (err == EACCES || err == EPERM || err == EISDIR || err == EINVAL)
        code = ErrorCode::InvalidArgument;
    std::string message = what.empty() ? std::string(std::strerror(err))
                                       : what + ": " + std::strerror(err);
    return Error{code, err, std::move(path), std::move(message)};
}

std::string describe(const Error& error)
{
    if (error.path.empty())
        return error.message;
    return error.path + ": " + error.message;
}

}  // namespace diskscope
