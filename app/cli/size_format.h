// SPDX-License-Identifier: GPL-2.0-or-later
// Human-readable sizes as qemu-img prints them ("64 MiB", "0.977 MiB", "196 KiB").
#pragma once

#include <cstdint>
#include <string>

namespace diskscope::cli {

// Three significant digits ("%0.3g") and a binary unit B, KiB ... EiB. The unit goes up
// once the number would reach 1000, so 1000 bytes print as "0.977 KiB", not "1e+03 B".
std::string formatHumanSize(uint64_t bytes);

}  // namespace diskscope::cli
