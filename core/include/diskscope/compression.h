// SPDX-License-Identifier: GPL-2.0-or-later
// Which deflate encoder writes qcow2 compressed clusters of compression type zlib.
#pragma once

namespace diskscope {

// Both produce raw deflate streams that QEMU reads (it inflates a whole cluster in one call,
// so the window size does not matter to it).
enum class DeflateCodec {
    // ISA-L igzip level 2 with its 32 KiB window (libdeflate level 1 where ISA-L is absent):
    // about 16 times zlib's speed per core, output about 1 % larger than qemu-img's.
    Fast,
    // zlib level 6, 4 KiB window, memLevel 9: exactly qemu-img's bytes, for byte-for-byte
    // comparisons and for readers that inflate with a true 4 KiB window.
    QemuExact,
};

}  // namespace diskscope
