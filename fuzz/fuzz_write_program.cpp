// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the input is a program. Its first bytes choose how a small qcow2 image is
// created in memory (cluster size, refcount width, compat, extended L2, lazy refcounts,
// compression type, virtual size); the rest is a sequence of operations (writes, zero writes,
// discards, compressed writes, flushes, snapshot create/delete/apply, resizes, reopens).
// A shadow copy of the guest bytes (and of each snapshot) must equal what the image reads
// after every operation, and at the end, after closing, `check` must find neither corruption
// nor leaks and the reopened image must still read the shadow.
//
// An operation may fail with an error only where the engine documents one (for example a
// refcount that would overflow a narrow width); the program then stops, after checking that
// the failed operation changed no guest byte.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>

#include "diskscope/progress.h"
#include "format/qcow2/qcow2_checker.h"
#include "format/qcow2/qcow2_create.h"
#include "format/qcow2/qcow2_image.h"
#include "fuzz_support.h"

using namespace diskscope;

namespace {

constexpr size_t kMaxOperations = 32;

struct Shadow {
    std::vector<uint8_t> guest;
    std::map<std::string, std::vector<uint8_t>> snapshots;  // name -> guest bytes when taken
};

qcow2::CreateSpec decodeSpec(fuzz::InputReader& in)
{
    qcow2::CreateSpec spec;
    const uint8_t a = in.u8(), b = in.u8(), c = in.u8();
    spec.clusterBits = 9 + a % 8;  // 512 B .. 64 KiB
    spec.refcountOrder = b % 7;    // 1 .. 64 bits
    spec.version = (b & 0x80) ? 2 : 3;
    spec.extendedL2 = (c & 1) && spec.clusterBits >= 14;
    spec.lazyRefcounts = (c & 2) != 0;
    spec.compression = (c & 4) ? qcow2::CompressionType::Zstd : qcow2::CompressionType::Zlib;
    if (spec.version == 2) {  // what compat=0.10 allows
        spec.refcountOrder = 4;
        spec.extendedL2 = false;
        spec.lazyRefcounts = false;
        spec.compression = qcow2::CompressionType::Zlib;
    }
    spec.size = (1 + uint64_t{in.u8()} % 8) * 32768;  // 32 KiB .. 256 KiB
    return spec;
}

std::vector<uint8_t> patternBytes(size_t n, uint8_t seed)
{
    std::vector<uint8_t> out(n);
    const bool compressible = seed & 1;
    for (size_t i = 0; i < n; ++i)
        out[i] = compressible ? static_cast<uint8_t>(seed + (i >> 7))
                              : static_cast<uint8_t>((i * 131 + seed * 7) ^ (i >> 5) ^ seed);
    return out;
}

void verify(Image& image, const Shadow& shadow, const char* after)
{
    if (image.virtualSize() != shadow.guest.size())
        fuzz::fail(std::string("virtual size differs from the shadow after ") + after);
    static std::vector<uint8_t> got;  // reused: a fresh buffer per operation costs page faults
    got.resize(shadow.guest.size());
    Status s = image.read(0, got);
    if (!s.ok())
        fuzz::fail(std::string("read failed after ") + after + ": " + describe(s.error()));
    if (!std::equal(got.begin(), got.end(), shadow.guest.begin())) {
        size_t i = 0;
        while (got[i] == shadow.guest[i])
            ++i;
        fuzz::fail(std::string("guest byte ") + std::to_string(i) + " differs from the shadow after " + after);
    }
}

Result<std::unique_ptr<Image>> openWritable(std::vector<uint8_t> bytes)
{
    DS_ASSIGN_OR_RETURN(auto image, qcow2::Qcow2Image::open(makeMemoryFile("prog.qcow2", std::move(bytes)),
                                                            nullptr, true));
    return std::unique_ptr<Image>(std::move(image));
}

// Closes the image and returns its bytes; a failing close is a finding.
std::vector<uint8_t> closeAndTake(std::unique_ptr<Image>& image)
{
    Status s = image->close();
    if (!s.ok())
        fuzz::fail("close failed: " + describe(s.error()));
    auto bytes = fuzz::fileBytes(image->file());
    image.reset();
    return bytes;
}

void requireConsistent(const std::vector<uint8_t>& bytes)
{
    NullProgress progress;
    auto file = makeMemoryFile("prog.qcow2", bytes);
    auto report = qcow2::checkImage(*file, CheckRepair::None, progress, {});
    if (!report.ok())
        fuzz::fail("check failed: " + describe(report.error()));
    if (report->corruptions || report->leaks || report->checkErrors || report->failure) {
        for (const CheckFinding& f : report->findings)
            std::fprintf(stderr, "  %s\n", f.message.c_str());
        fuzz::fail("check found " + std::to_string(report->corruptions) + " corruptions and " +
                   std::to_string(report->leaks) + " leaks");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::InputReader in(data, size);
    const qcow2::CreateSpec spec = decodeSpec(in);
    auto file = makeMemoryFile("prog.qcow2", {});
    NullProgress progress;
    Status created = qcow2::writeQcow2Image(*file, nullptr, spec, progress, {});
    if (!created.ok())
        fuzz::fail("create failed: " + describe(created.error()));
    auto opened = openWritable(fuzz::fileBytes(*file));
    if (!opened.ok())
        fuzz::fail("open of a new image failed: " + describe(opened.error()));
    std::unique_ptr<Image> image = std::move(opened).value();
    const uint64_t cs = uint64_t{1} << spec.clusterBits;
    Shadow shadow;
    shadow.guest.assign(spec.size, 0);

    for (size_t n = 0; n < kMaxOperations && !in.empty(); ++n) {
        const uint8_t op = in.u8() % 10;
        const uint64_t vsize = shadow.guest.size();
        Status s = okStatus();
        const char* name = "";
        switch (op) {
        case 0: {  // write: any offset and length (up to three clusters and a bit)
            name = "write";
            uint64_t offset = in.u32() % vsize;
            uint64_t length = 1 + in.u16() % std::min<uint64_t>(vsize - offset, 3 * cs + 700);
            auto bytes = patternBytes(length, in.u8());
            s = image->write(offset, bytes);
            if (s.ok())
                std::copy(bytes.begin(), bytes.end(), shadow.guest.begin() + offset);
            break;
        }
        case 1: {  // zero write
            name = "write-zeroes";
            uint64_t offset = in.u32() % vsize;
            uint64_t length = 1 + in.u16() % std::min<uint64_t>(vsize - offset, 4 * cs + 512);
            s = image->writeZeroes(offset, length, in.u8() & 1);
            if (s.ok())
                std::fill_n(shadow.guest.begin() + offset, length, 0);
            break;
        }
        case 2: {  // discard: whole clusters inside the range read as zeros afterwards
            name = "discard";
            uint64_t offset = in.u32() % vsize;
            uint64_t length = 1 + in.u16() % std::min<uint64_t>(vsize - offset, 4 * cs + 512);
            s = image->discard(offset, length);
            if (s.ok()) {
                uint64_t end = offset + length == vsize ? (vsize + cs - 1) / cs * cs : offset + length;
                for (uint64_t c = (offset + cs - 1) / cs * cs; c + cs <= end; c += cs)
                    std::fill(shadow.guest.begin() + c, shadow.guest.begin() + std::min(c + cs, vsize), 0);
            }
            break;
        }
        case 3: {  // compressed write of whole clusters (the last may end at the image end)
            name = "compressed write";
            uint64_t clusters = (vsize + cs - 1) / cs;
            uint64_t offset = (in.u16() % clusters) * cs;
            uint64_t length = std::min<uint64_t>((1 + in.u8() % 2) * cs, vsize - offset);
            auto bytes = patternBytes(length, in.u8());
            s = image->writeCompressed(offset, bytes);
            if (s.ok())
                std::copy(bytes.begin(), bytes.end(), shadow.guest.begin() + offset);
            break;
        }
        case 4:
            name = "flush";
            s = image->flush();
            break;
        case 5: {  // snapshot create (names are s0..s3; ids are digits, so never confused)
            name = "snapshot create";
            std::string snap = "s" + std::to_string(in.u8() % 4);
            if (shadow.snapshots.count(snap))
                continue;
            s = image->createSnapshot(snap);
            if (s.ok())
                shadow.snapshots[snap] = shadow.guest;
            break;
        }
        case 6: {
            name = "snapshot delete";
            std::string snap = "s" + std::to_string(in.u8() % 4);
            s = image->deleteSnapshot(snap);
            const bool known = shadow.snapshots.erase(snap) != 0;
            if (s.ok() != known)
                fuzz::fail("snapshot delete of " + snap + (known ? " failed: " + describe(s.error())
                                                                : " succeeded on an unknown name"));
            continue;
        }
        case 7: {
            name = "snapshot apply";
            std::string snap = "s" + std::to_string(in.u8() % 4);
            s = image->applySnapshot(snap);
            auto it = shadow.snapshots.find(snap);
            if (s.ok() && it == shadow.snapshots.end())
                fuzz::fail("snapshot apply succeeded on an unknown name");
            if (it == shadow.snapshots.end())
                continue;
            if (s.ok())
                shadow.guest = it->second;
            break;
        }
        case 8: {  // resize to 512 B .. 384 KiB
            name = "resize";
            uint64_t newSize = (1 + uint64_t{in.u16()} % 768) * 512;
            s = image->resize(newSize, Preallocation::Off);
            if (s.ok()) {
                shadow.guest.resize(newSize, 0);
                // As in qemu-img 7.2, growing does not clear the rest of the old last cluster:
                // bytes a shrink cut off there read again. The shadow takes what is read there.
                const uint64_t tailEnd = std::min(newSize, (vsize + cs - 1) / cs * cs);
                if (tailEnd > vsize) {
                    std::vector<uint8_t> tail(tailEnd - vsize);
                    if (!image->read(vsize, tail).ok())
                        fuzz::fail("read of the old last cluster failed after resize");
                    std::copy(tail.begin(), tail.end(), shadow.guest.begin() + vsize);
                }
            }
            break;
        }
        case 9: {  // close and open again
            name = "reopen";
            auto bytes = closeAndTake(image);
            auto again = openWritable(std::move(bytes));
            if (!again.ok())
                fuzz::fail("reopen failed: " + describe(again.error()));
            image = std::move(again).value();
            break;
        }
        }
        if (!s.ok()) {
            // Documented refusals end the program; the image must be unchanged by them (the
            // shadow only follows operations that succeeded).
            const ErrorCode code = s.error().code;
            if (code != ErrorCode::InvalidArgument && code != ErrorCode::Unsupported)
                fuzz::fail(std::string(name) + " failed: " + describe(s.error()));
            verify(*image, shadow, name);
            break;
        }
        verify(*image, shadow, name);
    }

    auto bytes = closeAndTake(image);
    requireConsistent(bytes);
    auto reopened = openWritable(bytes);
    if (!reopened.ok())
        fuzz::fail("open after close failed: " + describe(reopened.error()));
    verify(**reopened, shadow, "reopen at the end");
    return 0;
}
