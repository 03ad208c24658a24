// SPDX-License-Identifier: GPL-2.0-or-later
// How every long command runs its engine operation: Ctrl-C becomes the operation's stop
// request, -p draws progress, and a command stopped by a signal dies by it after cleaning up.
#pragma once

#include <functional>
#include <stop_token>

#include "diskscope/error.h"
#include "diskscope/progress.h"

namespace diskscope::cli {

using Operation = std::function<Status(ProgressSink& progress, std::stop_token stop)>;
using ErrorReport = std::function<void(const Error& error)>;

// Prints "diskscope-img: FILE: message" (the usual report).
void printEngineError(const Error& error);

// Runs `operation` with SIGINT/SIGTERM turned into a stop request and, with `showProgress`,
// qemu-img's progress line (ended before this returns). On failure `report` prints the error;
// then, if a signal stopped the operation, the process dies by that signal, as qemu-img does.
// Returns the operation's status.
Status runInterruptible(bool showProgress, const Operation& operation, const ErrorReport& report = printEngineError);

}  // namespace diskscope::cli
