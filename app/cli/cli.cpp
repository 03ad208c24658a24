// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli.h"

#include <cstdio>

namespace diskscope::cli {

int run(int, char**)
{
    std::fprintf(stderr, "diskscope-img: not implemented yet\n");
    return 1;
}

}  // namespace diskscope::cli
