// SPDX-License-Identifier: GPL-2.0-or-later
// Names stored inside images (backing files, data files) are untrusted: they are local
// file names only, never protocols or JSON descriptions.
#pragma once

#include <string>

#include "diskscope/error.h"

namespace diskscope {

// Refuses empty names, names with a protocol prefix (a ':' before the first '/', as in
// "json:{...}" or "nbd://host/x", which QEMU would hand to a network driver) and names
// with NUL bytes. `what` names the field in the message ("backing file").
Status checkLocalFileName(const std::string& name, const char* what);

// Refuses (ErrorCode::Untrusted) a resolved name whose real path (symbolic links followed)
// lies outside the real directory of `namingImage`, or that is not a regular file. A name
// that does not exist passes: opening it reports that better.
Status checkInsideImageTree(const std::string& namingImage, const std::string& resolved, const char* what);

// The path an external data file name stored in `imagePath` leads to, or why it is not followed:
// not a local file name, or (ErrorCode::Untrusted) outside the image's directory tree while
// neither `anywhere` (the user's consent for this image) nor the process default allows that.
// Errors carry `imagePath` as their path.
Result<std::string> resolveDataFileName(const std::string& imagePath, const std::string& storedName, bool anywhere);

}  // namespace diskscope
