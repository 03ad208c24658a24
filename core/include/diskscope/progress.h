// SPDX-License-Identifier: GPL-2.0-or-later
// How long operations report progress. Cancellation is a std::stop_token passed beside it.
#pragma once

#include <cstdint>

namespace diskscope {

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // bytesDone never decreases during one operation; bytesTotal is fixed once known.
    virtual void progress(uint64_t bytesDone, uint64_t bytesTotal) = 0;
};

// For callers that do not watch progress.
class NullProgress final : public ProgressSink {
public:
    void progress(uint64_t, uint64_t) override {}
};

}  // namespace diskscope
