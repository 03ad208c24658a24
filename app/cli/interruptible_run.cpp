// SPDX-License-Identifier: GPL-2.0-or-later
#include "interruptible_run.h"

#include "cli_common.h"
#include "interrupt_to_stop.h"
#include "progress_printer.h"

namespace diskscope::cli {

void printEngineError(const Error& error) { printError(describe(error)); }

Status runInterruptible(bool showProgress, const Operation& operation, const ErrorReport& report)
{
    std::stop_source stopSource;
    InterruptToStop interrupt(stopSource);
    ProgressPrinter progress(showProgress);
    Status status = operation(progress, stopSource.get_token());
    progress.finish();
    if (!status.ok()) {
        report(status.error());
        interrupt.reraise();  // returns only when no signal came
    }
    return status;
}

}  // namespace diskscope::cli
