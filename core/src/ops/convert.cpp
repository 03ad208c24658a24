// SPDX-License-Identifier: GPL-2.0-or-later
// convert: checks the request as qemu-img does, opens the sources read-only, creates the target
// under a temporary name (or opens it with -n), runs the copy pipeline and renames the result
// into place.
#include "diskscope/ops/convert.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "diskscope/chain.h"
#include "diskscope/image_info.h"
#include "diskscope/snapshot_selector.h"
#include "ops/convert/copy_pipeline.h"
#include "ops/convert/source_space.h"
#include "ops/temporary_file.h"

namespace diskscope {
namespace {

using convert_detail::CopyPlan;
using convert_detail::SourceSpace;

Error invalid(std::string message, const std::string& path = {})
{
    return makeError(ErrorCode::InvalidArgument, std::move(message), path);
}

bool fileExists(const std::string& path)
{
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

// The refusals qemu-img 7.2 makes before it opens anything, with its messages.
Status checkRequest(const ConvertOptions& o)
{
    if (o.sources.empty())
        return invalid("Must specify image file name");
    if (o.targetFormat != "raw" && o.targetFormat != "qcow2")
        return invalid("Unknown file format '" + o.targetFormat + "'");
    if (o.snapshot && o.sources.size() > 1)
        return invalid("No support for concatenating multiple snapshot");
    if (o.targetIsZero && !o.targetExists)
        return invalid("--target-is-zero requires use of -n flag");
    const bool backing = o.targetOptions.backingFile.has_value();
    if (backing && o.targetFormat == "raw")
        return invalid("Backing file not supported for file format 'raw'");
    if (backing && !o.targetExists && !o.targetOptions.backingFormat)
        return invalid("Use of backing file requires explicit backing format");
    if (o.compress && o.targetFormat != "qcow2")
        return invalid("Compression not supported for this file format");
    if (o.compress && o.targetOptions.dataFile)
        return invalid("Compression not supported for this file format", o.target);
    return okStatus();
}

Result<std::vector<std::unique_ptr<Chain>>> openSources(const ConvertOptions& o)
{
    std::vector<std::unique_ptr<Chain>> chains;
    for (const std::string& path : o.sources) {
        OpenOptions open;
        open.format = o.sourceFormat;
        open.forceShare = o.forceShare;
        if (o.snapshot) {
            DS_ASSIGN_OR_RETURN(SnapshotSelector selector, parseSnapshotSelector(*o.snapshot));
            open.snapshot = std::move(selector);
        }
        DS_ASSIGN_OR_RETURN(auto chain, Chain::open(path, open));
        chains.push_back(std::move(chain));
    }
    return chains;
}

// How finely the copy splits data around zero blocks. A plain qcow2 target allocates whole
// clusters whatever part of one is written, so data is written in whole clusters (one request
// per run, the same allocation as qemu-img's). Targets that can hold less than a cluster (raw,
// extended L2 subclusters, preallocated or external-data clusters, where unwritten parts stay
// holes) get qemu-img's finer result: only the non-zero blocks are written.
void describeTarget(Image& target, const ConvertOptions& options, CopyPlan& plan)
{
    ImageInfo info;
    target.describe(info);
    const uint64_t cluster = info.clusterSize.value_or(512);
    plan.cluster = cluster;
    plan.granule = 512;
    if (info.qcow2) {
        const bool preallocated = options.targetExists || (options.targetOptions.preallocation &&
                                                           *options.targetOptions.preallocation != "off");
        if (info.qcow2->extendedL2)
            plan.granule = cluster / 32;
        else if (!preallocated && !info.qcow2->dataFile)
            plan.granule = cluster;
        plan.compressionType =
            info.qcow2->compressionType == "zstd" ? qcow2::CompressionType::Zstd : qcow2::CompressionType::Zlib;
    }
    if (options.compress)
        plan.granule = cluster;  // compressed clusters are whole clusters
}

// qemu-img ends a compressed convert by aligning the file's end to a sector, so readers that
// work in sectors can read the last compressed stream whole; so do we (and the files match).
Status alignCompressedEnd(Image& target)
{
    HostFile& file = target.file();
    DS_ASSIGN_OR_RETURN(uint64_t length, file.size());
    if (length % 512 == 0)
        return okStatus();
    return file.resize((length + 511) / 512 * 512);
}

}  // namespace

Status convert(const ConvertOptions& options, ProgressSink& progress, std::stop_token stop)
{
    DS_TRY(checkRequest(options));
    DS_ASSIGN_OR_RETURN(auto chains, openSources(options));
    SourceSpace source(std::move(chains), options.targetOptions.backingFile.has_value());
    auto onTarget = [&](Error e) {
        e.path = options.target;
        return e;
    };

    // A new target lives under a temporary name until it is complete; so does a data file
    // that convert creates for it.
    std::optional<TemporaryTarget> temporary;
    std::optional<TemporaryTarget> createdDataFile;
    std::string writePath = options.target;
    if (!options.targetExists) {
        // After the sources are open, so that converting an image onto itself is refused too.
        DS_TRY(checkTargetReplaceable(options.target));
        removeAbandonedTemporaries(options.target);
        temporary.emplace(temporaryNameFor(options.target));
        writePath = temporary->path();
        CreateOptions create = options.targetOptions;
        create.path = writePath;
        create.format = options.targetFormat;
        create.size = source.size();
        create.sizeFromOption = false;
        if (create.dataFile && !fileExists(*create.dataFile))
            createdDataFile.emplace(*create.dataFile);
        NullProgress quiet;
        if (Status s = diskscope::create(create, quiet, stop); !s.ok())
            return onTarget(std::move(s).error());
    }

    OpenOptions open;
    open.format = options.targetFormat;
    open.writable = true;
    open.noFlush = true;  // qemu-img's convert writes its target with cache=unsafe
    open.allowExternalBacking = true;  // the user chose the target and named its backing file
    DS_ASSIGN_OR_RETURN(auto target, Chain::open(writePath, open));
    Image& image = target->top();
    if (options.targetExists && image.virtualSize() < source.size())
        return invalid("output file is smaller than input file", options.target);

    CopyPlan plan;
    describeTarget(image, options, plan);
    plan.minSparse = options.minSparse;
    // A new image reads as zeros everywhere unless a backing file shows through.
    plan.targetReadsZero = options.targetExists ? options.targetIsZero : !options.targetOptions.backingFile;
    plan.compress = options.compress;
    plan.deflate = options.deflate;
    plan.compressionThreads =
        options.compressionThreads ? options.compressionThreads : std::max(1u, std::thread::hardware_concurrency());

    Status copied = convert_detail::copyAll(source, image, plan, progress, stop);
    if (copied.ok() && options.compress)
        copied = alignCompressedEnd(image);
    Status closed = target->top().close();
    target.reset();
    if (!copied.ok())
        return onTarget(std::move(copied).error());
    if (!closed.ok())
        return onTarget(std::move(closed).error());
    if (temporary) {
        if (std::rename(temporary->path().c_str(), options.target.c_str()) != 0)
            return makeSystemError(errno, "cannot rename the finished image into place", options.target);
        temporary->release();
    }
    if (createdDataFile)
        createdDataFile->release();
    return okStatus();
}

}  // namespace diskscope
