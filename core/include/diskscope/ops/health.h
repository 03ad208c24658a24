// SPDX-License-Identifier: GPL-2.0-or-later
// health: what is wrong or worth knowing about a chain, as findings with a severity, computed
// from info (and, when one ran, check). Plain data, so the GUI and the CLI word it the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diskscope/error.h"
#include "diskscope/image_info.h"
#include "diskscope/ops/check.h"
#include "diskscope/ops/info.h"

namespace diskscope {

enum class HealthSeverity {
    Info,     // worth knowing, nothing to fix (lazy refcounts, an external data file)
    Warning,  // works, but fragile or wasteful (leaks, absolute backing names, unrecorded format)
    Error,    // data is at risk or the chain does not open (corrupt, missing backing file)
};

enum class HealthIssue {
    Dirty,
    Corrupt,
    LazyRefcounts,
    UnknownIncompatibleFeatures,
    UnknownCompatibleFeatures,
    UnknownAutoclearFeatures,
    BackingMissing,
    BackingUnreadable,
    BackingNotFollowed,  // leads outside the image's directory: needs the user's consent
    BackingFormatNotRecorded,
    AbsoluteBackingName,
    ParentBackingName,
    ExternalDataFile,
    DataFileNotFollowed,  // the data file lies outside the image's directory: needs consent
    DataBeyondEndOfFile,
    Corruptions,
    Leaks,
    CheckFailed,
};

struct HealthFinding {
    HealthIssue issue = HealthIssue::Dirty;
    HealthSeverity severity = HealthSeverity::Info;
    size_t layer = 0;        // index in the chain, 0 = top
    std::string title;       // one short sentence: "Leaked clusters: 12"
    std::string detail;      // what it means and what to do
    // The variable parts of title and detail as data, so a front end can word the finding in
    // another language without parsing the English sentences.
    std::string subject;     // the name concerned, as stored: backing file or data file
    uint64_t count = 0;      // Leaks, Corruptions, DataBeyondEndOfFile: how many
    uint64_t bits = 0;       // Unknown*Features: the unknown bits as a mask
    bool rawDataFile = false;      // ExternalDataFile: data_file_raw is set
    std::optional<Error> cause;    // BackingUnreadable: why the backing file did not open
};

// Findings of one layer from its info alone (header flags, feature bits, backing name).
std::vector<HealthFinding> assessLayer(const ImageInfo& info, size_t layer);
// Findings of a whole chain: every layer's, then the broken link if there is one.
std::vector<HealthFinding> assessChain(const ChainDescription& chain);
// Findings from a check report of layer `layer` (corruptions, data past the end, leaks).
std::vector<HealthFinding> assessCheck(const CheckReport& report, size_t layer);

// "info", "warning", "error".
const char* severityName(HealthSeverity severity);

}  // namespace diskscope
