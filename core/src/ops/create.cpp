// SPDX-License-Identifier: GPL-2.0-or-later
// create: options ("k=v" strings included), qemu-img's checks and messages, then the image
// written under a temporary name with the writer lock held and renamed into place.
#include "diskscope/ops/create.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/host_file.h"
#include "diskscope/open.h"
#include "diskscope/qemu_size.h"
#include "format/qcow2/qcow2_create.h"
#include "format/raw/raw_create.h"
#include "ops/temporary_file.h"
#include "util/option_list.h"

namespace diskscope {
namespace {

constexpr uint64_t kMaxImageSize = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
constexpr const char* kVersionAdvice = " (use version=v3 or greater)";

Error invalid(std::string message, std::string path = {})
{
    return makeError(ErrorCode::InvalidArgument, std::move(message), std::move(path));
}

std::optional<bool> parseBool(std::string_view v)
{
    if (v == "on" || v == "yes" || v == "true" || v == "y")
        return true;
    if (v == "off" || v == "no" || v == "false" || v == "n")
        return false;
    return std::nullopt;
}

Result<uint64_t> parseSizeOption(const std::string& key, std::string_view value)
{
    const ParsedSize parsed = parseQemuSize(value);
    if (parsed.outcome != ParsedSize::Outcome::Ok)
        return invalid("Parameter '" + key + "' expects a non-negative number below 2^64\n"
                       "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                       "and exabytes, respectively.");
    return parsed.bytes;
}

Result<uint64_t> parseNumberOption(const std::string& key, const std::string& value)
{
    // QEMU reads numbers with base detection (0x.. hex, 0.. octal) and needs all of the text.
    errno = 0;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(value.c_str(), &end, 0);
    if (value.empty() || *end != '\0' || errno != 0 || value[0] == '-')
        return invalid("Parameter '" + key + "' expects a number");
    return static_cast<uint64_t>(n);
}

struct OptionHelp {
    const char* name;
    const char* type;
    const char* description;
};

// qemu-img 7.2's qcow2 option list, minus the encryption options Diskscope does not offer.
constexpr OptionHelp kQcow2Options[] = {
    {"backing_file", "str", "File name of a base image"},
    {"backing_fmt", "str", "Image format of the base image"},
    {"cluster_size", "size", "qcow2 cluster size"},
    {"compat", "str", "Compatibility level (v2 [0.10] or v3 [1.1])"},
    {"compression_type", "str", "Compression method used for image cluster compression"},
    {"data_file", "str", "File name of an external data file"},
    {"data_file_raw", "bool (on/off)", "The external data file must stay valid as a raw image"},
    {"extended_l2", "bool (on/off)", "Extended L2 tables"},
    {"lazy_refcounts", "bool (on/off)", "Postpone refcount updates"},
    {"preallocation", "str", "Preallocation mode (allowed values: off, metadata, falloc, full)"},
    {"refcount_bits", "num", "Width of a reference count entry in bits"},
    {"size", "size", "Virtual disk size"},
};
// raw's own list has only the size; preallocation belongs to qemu's file protocol, which
// qemu-img lists only when given a file name.
constexpr OptionHelp kRawOptions[] = {
    {"size", "size", "Virtual disk size"},
};

std::string boolText(const CreateOptions& o, const std::string& key, bool value)
{
    auto it = o.spelling.find(key);
    return it != o.spelling.end() ? it->second : (value ? "on" : "off");
}

std::string doesNotAccept(const char* parameter, const std::string& value)
{
    return std::string("Parameter '") + parameter + "' does not accept value '" + value + "'";
}

// The qcow2 options checked as qemu-img checks them once it has printed its Formatting line.
Result<qcow2::CreateSpec> qcow2Spec(const CreateOptions& o, uint64_t size)
{
    qcow2::CreateSpec spec;
    spec.size = size;
    const std::string compat = o.compat.value_or("1.1");
    if (compat == "0.10" || compat == "v2")
        spec.version = 2;
    else if (compat == "1.1" || compat == "v3")
        spec.version = 3;
    else
        return invalid(doesNotAccept("version", compat));
    if (o.preallocation) {
        auto mode = parsePreallocation(*o.preallocation);
        if (!mode)
            return invalid(doesNotAccept("preallocation", *o.preallocation));
        spec.preallocation = *mode;
    }
    if (o.compressionType) {
        if (*o.compressionType == "zstd")
            spec.compression = qcow2::CompressionType::Zstd;
        else if (*o.compressionType != "zlib")
            return invalid(doesNotAccept("compression-type", *o.compressionType));
    }
    const uint64_t clusterSize = o.clusterSize.value_or(65536);
    if (clusterSize < 512 || clusterSize > (2u << 20) || (clusterSize & (clusterSize - 1)) != 0)
        return invalid("Cluster size must be a power of two between 512 and 2048k");
    spec.clusterBits = static_cast<uint32_t>(__builtin_ctzll(clusterSize));
    const uint64_t refcountBits = o.refcountBits.value_or(16);
    if (refcountBits == 0 || refcountBits > 64 || (refcountBits & (refcountBits - 1)) != 0)
        return invalid("Refcount width must be a power of two and may not exceed 64 bits");
    spec.refcountOrder = static_cast<uint32_t>(__builtin_ctzll(refcountBits));
    spec.lazyRefcounts = o.lazyRefcounts.value_or(false);
    spec.extendedL2 = o.extendedL2.value_or(false);
    spec.dataFile = o.dataFile;
    spec.dataFileRaw = o.dataFileRaw.value_or(false);
    spec.backingFile = o.backingFile;
    spec.backingFormat = o.backingFile ? o.backingFormat : std::nullopt;

    if (spec.version < 3) {
        if (refcountBits != 16)
            return invalid(std::string("Different refcount widths than 16 bits require compatibility level 1.1 or above") +
                           kVersionAdvice);
        if (spec.lazyRefcounts)
            return invalid(std::string("Lazy refcounts only supported with compatibility level 1.1 and above") +
                           kVersionAdvice);
        if (spec.extendedL2)
            return invalid(std::string("Extended L2 entries are only supported with compatibility level 1.1 and above") +
                           kVersionAdvice);
    }
    if (spec.extendedL2 && clusterSize < 16384)
        return invalid("Extended L2 entries are only supported with cluster sizes of at least 16384 bytes");
    if (spec.version < 3 && spec.compression != qcow2::CompressionType::Zlib)
        return invalid(std::string("Non-zlib compression type is only supported with compatibility level 1.1 and above") +
                       kVersionAdvice);
    if (spec.version < 3 && spec.dataFile)
        return invalid(std::string("External data files are only supported with compatibility level 1.1 and above") +
                       kVersionAdvice);
    if (spec.dataFileRaw && !spec.dataFile)
        return invalid("data-file-raw requires data-file");
    if (spec.dataFileRaw && spec.backingFile)
        return invalid("Backing file and data-file-raw cannot be used at the same time");
    if (spec.backingFile && spec.preallocation != Preallocation::Off && !spec.extendedL2)
        return invalid("Backing file and preallocation can only be used at the same time if extended_l2 is on");
    if (!qcow2::sizeFitsL1Limit(size, spec.clusterBits, spec.extendedL2))
        return invalid("The image size is too large for file format 'qcow2' (try using a larger cluster size)");
    return spec;
}

// "Could not open 'NAME': reason" for a file that could not be opened; the engine's own
// message for an image it opened but refused.
std::string backingOpenFailure(const Error& e, const std::string& name)
{
    if (e.sysErrno != 0)
        return "Could not open '" + name + "': " + std::strerror(e.sysErrno);
    return e.message;
}

// A file created next to its final name and renamed into place at the end.
struct PendingFile {
    std::string finalPath;
    std::unique_ptr<TemporaryTarget> temporary;
    std::unique_ptr<HostFile> file;
};

Result<PendingFile> startFile(const std::string& finalPath, LockProfile profile)
{
    PendingFile pending;
    pending.finalPath = finalPath;
    DS_TRY(checkTargetReplaceable(finalPath));

    removeAbandonedTemporaries(finalPath);
    pending.temporary = std::make_unique<TemporaryTarget>(temporaryNameFor(finalPath));
    auto created = createPosixFile(pending.temporary->path());
    if (!created.ok()) {
        pending.temporary->release();  // nothing was created
        Error e = std::move(created).error();
        e.path = finalPath;
        e.message = "Could not create '" + finalPath + "': " +
                    (e.sysErrno ? std::string(std::strerror(e.sysErrno)) : e.message);
        return e;
    }
    pending.file = std::move(created).value();
    if (Status s = pending.file->lock(profile); !s.ok()) {
        Error e = std::move(s).error();
        e.path = finalPath;
        return e;
    }
    return pending;
}

Status finishFile(PendingFile& pending)
{
    pending.file.reset();
    if (std::rename(pending.temporary->path().c_str(), pending.finalPath.c_str()) != 0)
        return makeSystemError(errno, "cannot rename the finished image into place", pending.finalPath);
    pending.temporary->release();
    return okStatus();
}

}  // namespace

bool isCreateOptionHelp(std::string_view text)
{
    for (const std::string& item : splitOptionList(text)) {
        if (item == "help" || item == "?")
            return true;
    }
    return false;
}

std::string createOptionHelp(const std::string& format)
{
    std::string out = "Supported " + format + " options:\n";
    auto list = [&](const auto& options) {
        for (const OptionHelp& option : options) {
            std::string left = std::string(option.name) + "=<" + option.type + ">";
            char line[256];
            std::snprintf(line, sizeof line, "  %-22s - %s\n", left.c_str(), option.description);
            out += line;
        }
    };
    if (format == "qcow2")
        list(kQcow2Options);
    else
        list(kRawOptions);
    out += "\nThe protocol level may support further options.\n"
           "Specify the target filename to include those options.\n";
    return out;
}

Status parseCreateOptionString(std::string_view text, CreateOptions& o)
{
    const bool qcow2 = o.format == "qcow2";
    for (const std::string& item : splitOptionList(text)) {
        if (item.empty())
            continue;
        const size_t eq = item.find('=');
        const std::string key = item.substr(0, eq);
        // A bare name is "name=on" in QEMU's option syntax.
        const std::string value = eq == std::string::npos ? "on" : item.substr(eq + 1);
        auto boolOption = [&](std::optional<bool>& into) -> Status {
            auto b = parseBool(value);
            if (!b)
                return invalid("Parameter '" + key + "' expects 'on' or 'off'");
            into = *b;
            o.spelling[key] = value;
            return okStatus();
        };
        if (key == "size") {
            DS_ASSIGN_OR_RETURN(o.size, parseSizeOption(key, value));
            o.sizeFromOption = true;
        } else if (key == "preallocation") {
            o.preallocation = value;
        } else if (!qcow2) {
            return invalid("Invalid parameter '" + key + "'");
        } else if (key == "compat") {
            o.compat = value;
        } else if (key == "backing_file") {
            o.backingFile = value;
        } else if (key == "backing_fmt") {
            o.backingFormat = value;
        } else if (key == "cluster_size") {
            DS_ASSIGN_OR_RETURN(o.clusterSize, parseSizeOption(key, value));
        } else if (key == "refcount_bits") {
            DS_ASSIGN_OR_RETURN(o.refcountBits, parseNumberOption(key, value));
        } else if (key == "lazy_refcounts") {
            DS_TRY(boolOption(o.lazyRefcounts));
        } else if (key == "extended_l2") {
            DS_TRY(boolOption(o.extendedL2));
        } else if (key == "data_file_raw") {
            DS_TRY(boolOption(o.dataFileRaw));
        } else if (key == "compression_type") {
            o.compressionType = value;
        } else if (key == "data_file") {
            o.dataFile = value;
        } else if (key == "encryption" || key.rfind("encrypt.", 0) == 0) {
            return makeError(ErrorCode::Unsupported, "Encrypted images are not supported by diskscope-img ('" + key + "')");
        } else {
            return invalid("Invalid parameter '" + key + "'");
        }
    }
    return okStatus();
}

Result<CreateOptions> prepareCreate(const CreateOptions& options)
{
    CreateOptions o = options;
    const std::string& path = o.path;
    if (o.format != "raw" && o.format != "qcow2")
        return invalid("Unknown file format '" + o.format + "'", path);
    if (o.format == "raw" && o.backingFile)
        return invalid("Backing file not supported for file format 'raw'", path);
    if (o.backingFile && *o.backingFile == path)
        return invalid("Error: Trying to create an image with the same filename as the backing file", path);
    if (o.backingFile) {
        const std::string resolved = resolveBackingName(path, *o.backingFile);
        if (!o.backingFormat) {
            std::string message = "Backing file specified without backing format";
            if (!o.unsafeBacking) {
                // qemu-img probes the backing file to say what it would have been.
                auto file = openPosixFile(resolved, HostOpenMode::ReadOnly);
                if (!file.ok())
                    return invalid(backingOpenFailure(file.error(), *o.backingFile) + "\nCould not open backing image.",
                                   path);
                DS_ASSIGN_OR_RETURN(std::string detected, probeFormat(**file));
                message += "\nDetected format of " + detected + ".";
            }
            return invalid(message, path);
        }
        if (!o.unsafeBacking) {
            OpenOptions open;
            open.format = o.backingFormat;
            auto chain = Chain::open(resolved, open);
            if (!chain.ok())
                return makeError(chain.error().code,
                                 backingOpenFailure(chain.error(), *o.backingFile) + "\nCould not open backing image.",
                                 path);
            if (!o.size)
                o.size = (*chain)->virtualSize();
        }
    }
    if (!o.size)
        return invalid("Image creation needs a size parameter", path);
    return o;
}

std::string createFormattingLine(const CreateOptions& o)
{
    // Option values are echoed in QEMU's option syntax, where a comma is written twice.
    std::string line = "Formatting '" + o.path + "', fmt=" + o.format;
    const std::string size = " size=" + std::to_string(o.size.value_or(0));
    if (o.format != "qcow2") {
        line += size;
        if (o.preallocation)
            line += " preallocation=" + escapeOptionValue(*o.preallocation);
        return line;
    }
    line += " cluster_size=" + std::to_string(o.clusterSize.value_or(65536));
    line += " extended_l2=" + boolText(o, "extended_l2", o.extendedL2.value_or(false));
    if (o.preallocation)
        line += " preallocation=" + escapeOptionValue(*o.preallocation);
    line += " compression_type=" + escapeOptionValue(o.compressionType.value_or("zlib"));
    line += size;
    if (o.compat)
        line += " compat=" + escapeOptionValue(*o.compat);
    if (o.backingFile)
        line += " backing_file=" + escapeOptionValue(*o.backingFile);
    if (o.backingFile && o.backingFormat)
        line += " backing_fmt=" + escapeOptionValue(*o.backingFormat);
    if (o.dataFile)
        line += " data_file=" + escapeOptionValue(*o.dataFile);
    if (o.dataFileRaw)
        line += " data_file_raw=" + boolText(o, "data_file_raw", *o.dataFileRaw);
    line += " lazy_refcounts=" + boolText(o, "lazy_refcounts", o.lazyRefcounts.value_or(false));
    line += " refcount_bits=" + std::to_string(o.refcountBits.value_or(16));
    return line;
}

Status create(const CreateOptions& options, ProgressSink& progress, std::stop_token stop)
{
    DS_ASSIGN_OR_RETURN(CreateOptions o, prepareCreate(options));
    const std::string& path = o.path;
    auto onPath = [&](Error e) {
        e.path = path;
        return e;
    };

    // Sizes are whole 512-byte sectors; rounding INT64_MAX up leaves the signed range, which
    // qemu-img reports as a failed resize.
    const uint64_t given = *o.size;
    if (given > kMaxImageSize - 511)
        return invalid(o.format == "raw" ? "Could not resize file: Invalid argument"
                                         : "Could not resize image: Image size cannot be negative",
                       path);
    const uint64_t size = (given + 511) & ~uint64_t{511};

    if (o.format == "raw") {
        Preallocation mode = Preallocation::Off;
        if (o.preallocation) {
            auto parsed = parsePreallocation(*o.preallocation);
            if (!parsed)
                return invalid("invalid parameter value: " + *o.preallocation, path);
            if (*parsed == Preallocation::Metadata)
                return invalid("Unsupported preallocation mode: metadata", path);
            mode = *parsed;
        }
        DS_ASSIGN_OR_RETURN(PendingFile image, startFile(path, LockProfile::RawWriter));
        if (Status s = raw::writeRawImage(*image.file, size, mode, progress, stop); !s.ok())
            return onPath(std::move(s).error());
        return finishFile(image);
    }

    auto checked = qcow2Spec(o, size);
    if (!checked.ok())
        return onPath(std::move(checked).error());
    const qcow2::CreateSpec spec = std::move(checked).value();
    DS_ASSIGN_OR_RETURN(PendingFile image, startFile(path, LockProfile::Writer));

    // The external data file is a raw image of the virtual size, created (like qemu-img) by
    // the name as given, so relative to the current directory.
    std::optional<PendingFile> data;
    if (spec.dataFile) {
        DS_ASSIGN_OR_RETURN(PendingFile dataFile, startFile(*spec.dataFile, LockProfile::RawWriter));
        // Observed on qemu-img 7.2: with preallocation and a size that ends inside a cluster,
        // the data file keeps neither its preallocation nor the 4 KiB probe write, only the
        // zero tail of the last cluster (written by the qcow2 layout).
        const bool partialCluster = size % (uint64_t{1} << spec.clusterBits) != 0;
        Preallocation dataMode = spec.preallocation == Preallocation::Metadata ? Preallocation::Off : spec.preallocation;
        const bool bare = spec.preallocation != Preallocation::Off && partialCluster;
        if (bare)
            dataMode = Preallocation::Off;
        if (Status s = raw::writeRawImage(*dataFile.file, size, dataMode, progress, stop, !bare); !s.ok()) {
            Error e = std::move(s).error();
            e.path = *spec.dataFile;
            return e;
        }
        data = std::move(dataFile);
    }
    if (Status s = qcow2::writeQcow2Image(*image.file, data ? data->file.get() : nullptr, spec, progress, stop);
        !s.ok())
        return onPath(std::move(s).error());
    if (data)
        DS_TRY(finishFile(*data));
    return finishFile(image);
}

}  // namespace diskscope
