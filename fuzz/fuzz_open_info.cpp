// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the input is an image file. Open it (probed format, read-only) and produce
// everything `info` shows: the description (header, extensions, snapshots, bitmaps) and both
// of the CLI's renderings, whose escaping of image strings is part of what is tested.
#include <cstdint>
#include <cstddef>

#include "diskscope/image_info.h"
#include "fuzz_support.h"
#include "info_printer.h"

using namespace diskscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto image = fuzz::openBytes(std::vector<uint8_t>(data, data + size));
    if (!image.ok())
        return 0;
    ImageInfo info;
    info.filename = "fuzz.img";
    info.format = (*image)->formatName();
    info.virtualSize = (*image)->virtualSize();
    (*image)->describe(info);
    if (auto ref = (*image)->backingReference()) {
        info.backingFilename = ref->name;
        info.fullBackingFilename = resolveBackingName(info.filename, ref->name);
        info.backingFilenameFormat = ref->format;
    }
    std::string json = cli::formatInfoJson({info}, false);
    std::string human = cli::formatInfoHuman(info);
    for (char c : json)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n')
            fuzz::fail("info JSON holds a raw control character");
    (void)human;
    return 0;
}
