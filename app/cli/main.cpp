// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli.h"

int main(int argc, char** argv) { return diskscope::cli::run(argc, argv); }
