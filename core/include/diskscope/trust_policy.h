// SPDX-License-Identifier: GPL-2.0-or-later
// Names stored inside images (backing and data files) are untrusted input. By default they are
// followed only when they resolve inside the directory tree of the image that names them.
#pragma once

namespace diskscope {

// The process-wide default of OpenOptions::allowExternalBacking (also applied to external data
// files, whose openers take no options). A front end sets it once at start-up from the user's
// explicit choice (diskscope-img --allow-external-backing); a library user leaves it off.
void setExternalBackingAllowedByDefault(bool allowed);
bool externalBackingAllowedByDefault();

}  // namespace diskscope
