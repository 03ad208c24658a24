// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the input is an image file. Check it without repair; when that finds
// something, repair a copy (`check -r all`) and check the result again. Only crashes, hangs
// and unbounded memory are findings: some damage is beyond repair, as in qemu-img.
#include <cstddef>
#include <cstdint>

#include "diskscope/progress.h"
#include "format/qcow2/qcow2_checker.h"
#include "fuzz_support.h"

using namespace diskscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    NullProgress progress;
    std::vector<uint8_t> bytes(data, data + size);
    auto file = makeMemoryFile("fuzz.qcow2", bytes);
    auto report = qcow2::checkImage(*file, CheckRepair::None, progress, {});
    if (!report.ok() || report->failure || (report->corruptions == 0 && report->leaks == 0))
        return 0;
    auto repaired = makeMemoryFile("fuzz.qcow2", std::move(bytes));
    auto repair = qcow2::checkImage(*repaired, CheckRepair::All, progress, {});
    if (repair.ok() && !repair->failure)
        (void)qcow2::checkImage(*repaired, CheckRepair::None, progress, {});
    return 0;
}
