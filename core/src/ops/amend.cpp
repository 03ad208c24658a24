// SPDX-License-Identifier: GPL-2.0-or-later
// amend: option parsing with qemu-img's messages, then the qcow2 image's own amend.
#include "diskscope/ops/amend.h"

#include <cstdio>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/image_info.h"
#include "diskscope/ops/create.h"
#include "format/qcow2/qcow2_image.h"
#include "util/option_list.h"

namespace diskscope {
namespace {

Error invalid(const std::string& message, const std::string& path = {})
{
    return makeError(ErrorCode::InvalidArgument, message, path);
}

struct OptionHelp {
    const char* name;
    const char* type;
    const char* description;
};

// qemu-img 7.2's amend list for qcow2, in its order (encryption options left out).
constexpr OptionHelp kAmendOptions[] = {
    {"backing_file", "str", "File name of a base image"},
    {"backing_fmt", "str", "Image format of the base image"},
    {"compat", "str", "Compatibility level (v2 [0.10] or v3 [1.1])"},
    {"data_file", "str", "File name of an external data file"},
    {"data_file_raw", "bool (on/off)", "The external data file must stay valid as a raw image"},
    {"lazy_refcounts", "bool (on/off)", "Postpone refcount updates"},
    {"refcount_bits", "num", "Width of a reference count entry in bits"},
    {"size", "size", "Virtual disk size"},
};

}  // namespace

bool isAmendOptionHelp(std::string_view text)
{
    for (const std::string& item : splitOptionList(text)) {
        if (item == "help" || item == "?")
            return true;
    }
    return false;
}

std::string amendOptionHelp()
{
    std::string out = "Amend options for 'qcow2':\n";
    for (const OptionHelp& option : kAmendOptions) {
        const std::string left = std::string(option.name) + "=<" + option.type + ">";
        char line[256];
        std::snprintf(line, sizeof line, "  %-22s - %s\n", left.c_str(), option.description);
        out += line;
    }
    return out;
}

Status parseAmendOptionString(std::string_view text, AmendOptions& o)
{
    for (const std::string& item : splitOptionList(text)) {
        if (item.empty())
            continue;
        const std::string key = item.substr(0, item.find('='));
        if (key == "cluster_size" || key == "extended_l2" || key == "preallocation" || key == "compression_type" ||
            key == "encryption")
            return invalid("Invalid parameter '" + key + "'\nThis option is only supported for image creation");
        if (key.rfind("encrypt.", 0) == 0) {
            o.encryptionOptions = true;
            continue;
        }
        // The values are parsed as create parses them (same messages).
        CreateOptions parsed;
        parsed.format = "qcow2";
        DS_TRY(parseCreateOptionString(escapeOptionValue(item), parsed));
        if (key == "compat")
            o.compat = parsed.compat;
        else if (key == "lazy_refcounts")
            o.lazyRefcounts = parsed.lazyRefcounts;
        else if (key == "refcount_bits")
            o.refcountBits = parsed.refcountBits;
        else if (key == "size")
            o.size = parsed.size;
        else if (key == "backing_file")
            o.backingFile = parsed.backingFile;
        else if (key == "backing_fmt")
            o.backingFormat = parsed.backingFormat;
        else if (key == "data_file")
            o.dataFile = parsed.dataFile;
        else if (key == "data_file_raw")
            o.dataFileRaw = parsed.dataFileRaw;
    }
    return okStatus();
}

Status amend(const AmendOptions& options, ProgressSink& progress, std::stop_token stop)
{
    const std::string& path = options.path;
    // A read-only look first: what only the header tells (format, bitmaps) is refused
    // before the image is opened for writing.
    OpenOptions look;
    look.format = options.format;
    look.openBacking = false;
    DS_ASSIGN_OR_RETURN(auto seen, Chain::open(path, look));
    Image& image = seen->top();
    if (std::string(image.formatName()) != "qcow2")
        return invalid(std::string("Format driver '") + image.formatName() + "' does not support option amendment", path);
    ImageInfo facts;
    image.describe(facts);
    const bool downgrade = options.compat && (*options.compat == "0.10" || *options.compat == "v2") && facts.qcow2 &&
                           facts.qcow2->version >= 3;
    if (downgrade && facts.qcow2->bitmaps && !facts.qcow2->bitmaps->empty())
        return makeError(ErrorCode::Unsupported,
                         "Cannot downgrade an image with persistent bitmaps (qemu-img 7.2 would leave their "
                         "clusters leaked); remove the bitmaps first",
                         path);
    seen.reset();

    OpenOptions open;
    open.format = "qcow2";
    open.writable = true;
    open.openBacking = false;  // amend never reads the backing file
    DS_ASSIGN_OR_RETURN(auto chain, Chain::open(path, open));
    auto* qcow2 = dynamic_cast<qcow2::Qcow2Image*>(&chain->top());
    if (!qcow2)
        return invalid("Format driver does not support option amendment", path);
    Status amended = qcow2->amend(options, progress, std::move(stop));
    Status closed = qcow2->close();
    DS_TRY(amended);
    return closed;
}

}  // namespace diskscope
