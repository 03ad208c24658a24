// SPDX-License-Identifier: GPL-2.0-or-later
// check: opens one image with the lock its mode needs and runs the format's checker.
#include "diskscope/ops/check.h"

#include "diskscope/host_file.h"
#include "diskscope/open.h"
#include "format/qcow2/qcow2_checker.h"

namespace diskscope {

Result<CheckReport> check(const CheckOptions& options, ProgressSink& progress, std::stop_token stop)
{
    const bool repair = options.repair != CheckRepair::None;
    if (repair && options.forceShare)
        return makeError(ErrorCode::InvalidArgument, "force-share=on can only be used with read-only images",
                         options.path);
    // Backing and data files are not opened: check looks at this file's metadata only.
    DS_ASSIGN_OR_RETURN(auto file,
                        openPosixFile(options.path, repair ? HostOpenMode::ReadWrite : HostOpenMode::ReadOnly));
    std::string format;
    if (options.format) {
        format = *options.format;
    } else {
        DS_ASSIGN_OR_RETURN(format, probeFormat(*file));
    }
    if (format != "raw" && format != "qcow2")
        return makeError(ErrorCode::Unsupported, "Unknown driver '" + format + "'", options.path);
    const bool raw = format == "raw";
    // A repair holds QEMU's writer locks, so it never runs beside a VM or qemu-img using the
    // image; a plain check reads like qemu-img does (or shares everything with -U).
    LockProfile profile = repair             ? (raw ? LockProfile::RawWriter : LockProfile::Writer)
                          : options.forceShare ? LockProfile::SharedRead
                          : raw                ? LockProfile::RawReader
                                               : LockProfile::Reader;
    DS_TRY(file->lock(profile));

    CheckReport report;
    if (raw) {
        report.supported = false;
    } else {
        DS_ASSIGN_OR_RETURN(report, qcow2::checkImage(*file, options.repair, progress, stop));
    }
    report.filename = options.path;
    report.format = format;
    return report;
}

}  // namespace diskscope
