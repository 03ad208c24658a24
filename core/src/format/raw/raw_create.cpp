// SPDX-License-Identifier: GPL-2.0-or-later
// raw image creation: sparse, fallocated or zero-filled, plus qemu-img's 4 KiB probe write.
#include "format/raw/raw_create.h"

#include <algorithm>
#include <vector>

namespace diskscope {

Status preallocateRange(HostFile& file, uint64_t offset, uint64_t length)
{
    if (length == 0)
        return okStatus();
    Status reserved = file.reserve(offset, length);
    if (!reserved.ok()) {
        Error e = std::move(reserved).error();
        e.message = "Could not preallocate data for the new file: " + e.message;
        return e;
    }
    return okStatus();
}

}  // namespace diskscope

namespace diskscope::raw {

Status writeRawImage(HostFile& file, uint64_t size, Preallocation mode, ProgressSink& progress,
                     std::stop_token stop, bool probeWrite)
{
    progress.progress(0, size);
    switch (mode) {
    case Preallocation::Off:
    case Preallocation::Metadata:
        DS_TRY(file.resize(size));
        break;
    case Preallocation::Falloc:
        DS_TRY(file.resize(size));
        DS_TRY(preallocateRange(file, 0, size));
        break;
    case Preallocation::Full: {
        std::vector<uint8_t> zeros(std::min<uint64_t>(size, 4u << 20), 0);
        for (uint64_t done = 0; done < size;) {
            if (stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "creation cancelled");
            const size_t n = static_cast<size_t>(std::min<uint64_t>(size - done, zeros.size()));
            DS_TRY(file.writeAt(done, std::span<const uint8_t>(zeros.data(), n)));
            done += n;
            progress.progress(done, size);
        }
        break;
    }
    }
    // qemu-img probes the alignment of a new raw image by writing its first block.
    const std::vector<uint8_t> probe(probeWrite ? std::min<uint64_t>(size, 4096) : 0, 0);
    if (!probe.empty())
        DS_TRY(file.writeAt(0, probe));
    progress.progress(size, size);
    return file.flush();
}

}  // namespace diskscope::raw
