// SPDX-License-Identifier: GPL-2.0-or-later
// health: findings from info and check. Every string read from the image is quoted as stored;
// the front ends decide how to display it.
#include "diskscope/ops/health.h"


#include "format/qcow2/qcow2_format.h"

namespace diskscope {
namespace {

constexpr uint64_t kCompatKnown = qcow2::kCompatLazyRefcounts;
constexpr uint64_t kAutoclearKnown = qcow2::kAutoclearBitmaps | qcow2::kAutoclearDataFileRaw;

std::string bitList(uint64_t bits)
{
    std::string list;
    for (unsigned bit = 0; bit < 64; ++bit) {
        if (!(bits >> bit & 1))
            continue;
        if (!list.empty())
            list += ", ";
        list += std::to_string(bit);
    }
    return list;
}

std::string count(uint64_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// True when a path component of `name` is "..": the name climbs out of the image's directory.
bool climbsUp(const std::string& name)
{
    size_t start = 0;
    while (start <= name.size()) {
        size_t end = name.find('/', start);
        if (end == std::string::npos)
            end = name.size();
        if (name.compare(start, end - start, "..") == 0 && end - start == 2)
            return true;
        start = end + 1;
    }
    return false;
}

// Returns the new finding so the caller can record the values its sentences quote.
HealthFinding& add(std::vector<HealthFinding>& out, HealthIssue issue, HealthSeverity severity, size_t layer,
                   std::string title, std::string detail)
{
    HealthFinding& finding = out.emplace_back();
    finding.issue = issue;
    finding.severity = severity;
    finding.layer = layer;
    finding.title = std::move(title);
    finding.detail = std::move(detail);
    return finding;
}

}  // namespace

std::vector<HealthFinding> assessLayer(const ImageInfo& info, size_t layer)
{
    std::vector<HealthFinding> out;
    const Qcow2Info* q = info.qcow2 ? &*info.qcow2 : nullptr;
    if (q && q->corrupt)
        add(out, HealthIssue::Corrupt, HealthSeverity::Error, layer, "Marked corrupt",
            "QEMU found an inconsistency in the metadata and refuses to write to this image until "
            "it is repaired (diskscope-img check -r all).");
    if (info.dirtyFlag.value_or(false))
        add(out, HealthIssue::Dirty, HealthSeverity::Warning, layer, "Not closed cleanly (dirty)",
            "The image was in use with lazy refcounts when it was last closed; its refcounts may be "
            "out of date. The next read-write open repairs them, as check -r all does.");
    if (q && q->lazyRefcounts)
        add(out, HealthIssue::LazyRefcounts, HealthSeverity::Info, layer, "Lazy refcounts",
            "Refcounts are written late for speed; after a crash they must be repaired before the "
            "image is written again.");
    if (q) {
        if (uint64_t unknown = q->incompatibleFeatures & ~qcow2::kIncompatKnown)
            add(out, HealthIssue::UnknownIncompatibleFeatures, HealthSeverity::Error, layer,
                "Unknown incompatible feature bits: " + bitList(unknown),
                "The image uses a format feature this program does not know; it must not be opened.")
                .bits = unknown;
        if (uint64_t unknown = q->compatibleFeatures & ~kCompatKnown)
            add(out, HealthIssue::UnknownCompatibleFeatures, HealthSeverity::Info, layer,
                "Unknown compatible feature bits: " + bitList(unknown),
                "A newer program recorded a feature that readers may safely ignore.")
                .bits = unknown;
        if (uint64_t unknown = q->autoclearFeatures & ~kAutoclearKnown)
            add(out, HealthIssue::UnknownAutoclearFeatures, HealthSeverity::Info, layer,
                "Unknown autoclear feature bits: " + bitList(unknown),
                "A newer program recorded extra data; the first write by an older program clears "
                "these bits and the data they describe becomes stale.")
                .bits = unknown;
        if (q->dataFile) {
            std::string detail = "Guest data lives in \"" + *q->dataFile +
                                 "\", not in this file: copy and move both together.";
            if (q->dataFileRaw.value_or(false))
                detail += " The data file is raw: it always holds the complete guest disk.";
            HealthFinding& finding =
                add(out, HealthIssue::ExternalDataFile, HealthSeverity::Info, layer, "External data file", detail);
            finding.subject = *q->dataFile;
            finding.rawDataFile = q->dataFileRaw.value_or(false);
        }
    }
    if (info.backingFilename) {
        const std::string& name = *info.backingFilename;
        if (!info.backingFilenameFormat)
            add(out, HealthIssue::BackingFormatNotRecorded, HealthSeverity::Warning, layer,
                "Backing file format not recorded",
                "The format of \"" + name + "\" is guessed each time the chain opens; libvirt refuses "
                "such images and a raw backing file could be mistaken for another format. Record it "
                "with rebase -u -F.")
                .subject = name;
        if (!name.empty() && name.front() == '/')
            add(out, HealthIssue::AbsoluteBackingName, HealthSeverity::Warning, layer,
                "Absolute backing file name",
                "\"" + name + "\" is stored with its full path: the chain breaks when the files are "
                "moved or copied to another machine together.")
                .subject = name;
        else if (climbsUp(name))
            add(out, HealthIssue::ParentBackingName, HealthSeverity::Warning, layer,
                "Backing file name leaves the image's directory",
                "\"" + name + "\" contains \"..\": the backing file lies outside the image's "
                "directory and is easily left behind when the image is copied.")
                .subject = name;
    }
    return out;
}

std::vector<HealthFinding> assessChain(const ChainDescription& chain)
{
    std::vector<HealthFinding> out;
    for (size_t i = 0; i < chain.layers.size(); ++i) {
        std::vector<HealthFinding> layer = assessLayer(chain.layers[i], i);
        out.insert(out.end(), layer.begin(), layer.end());
    }
    for (size_t layer : chain.dataFilesNotFollowed) {
        const std::string& name = chain.layers[layer].qcow2->dataFile.value();
        add(out, HealthIssue::DataFileNotFollowed, HealthSeverity::Warning, layer,
            "External data file outside the image's directory not opened",
            "The guest data of this image lives in \"" + name + "\", outside the directory of the image "
            "that names it. Names stored in an image are followed there only with your consent, so "
            "an image from elsewhere cannot make Diskscope read or write arbitrary files.")
            .subject = name;
    }
    if (chain.brokenBacking && !chain.layers.empty()) {
        const size_t last = chain.layers.size() - 1;
        const ImageInfo& naming = chain.layers[last];
        const std::string name = naming.fullBackingFilename.value_or(naming.backingFilename.value_or(""));
        const Error& error = *chain.brokenBacking;
        if (error.code == ErrorCode::Untrusted)
            add(out, HealthIssue::BackingNotFollowed, HealthSeverity::Warning, last,
                "Backing file outside the image's directory not opened",
                "\"" + name + "\" lies outside the directory of the image that names it. Names stored "
                "in an image are followed there only with your consent, so an image from elsewhere "
                "cannot make Diskscope read arbitrary files.")
                .subject = name;
        else if (error.code == ErrorCode::NotFound)
            add(out, HealthIssue::BackingMissing, HealthSeverity::Error, last, "Backing file missing",
                "\"" + name + "\" does not exist: the guest disk cannot be read. Put the file back, "
                "or point the image at its new place with rebase -u.")
                .subject = name;
        else {
            HealthFinding& finding = add(out, HealthIssue::BackingUnreadable, HealthSeverity::Error, last,
                                         "Backing file cannot be opened", describe(error));
            finding.subject = name;
            finding.cause = error;
        }
    }
    return out;
}

std::vector<HealthFinding> assessCheck(const CheckReport& report, size_t layer)
{
    std::vector<HealthFinding> out;
    if (!report.supported)
        return out;
    if (report.failure) {
        add(out, HealthIssue::CheckFailed, HealthSeverity::Error, layer, "Check could not complete",
            *report.failure);
        return out;
    }
    uint64_t beyondEnd = 0;
    for (const CheckFinding& finding : report.findings) {
        if (finding.beyondEndOfFile && !finding.doubleCheck)
            ++beyondEnd;
    }
    if (beyondEnd > 0)
        add(out, HealthIssue::DataBeyondEndOfFile, HealthSeverity::Error, layer,
            count(beyondEnd, "reference", "references") + " past the end of the file",
            "Tables point at clusters beyond the end of the file (it was truncated or copied "
            "incompletely). QEMU reads them as zeros, so guest data is missing there.")
            .count = beyondEnd;
    const uint64_t otherCorruptions = report.corruptions > beyondEnd ? report.corruptions - beyondEnd : 0;
    if (otherCorruptions > 0)
        add(out, HealthIssue::Corruptions, HealthSeverity::Error, layer,
            "Corruptions found by check: " + std::to_string(otherCorruptions),
            "Refcounts or table entries are inconsistent; writing to the image may damage data. "
            "Repair a copy first with check -r all.")
            .count = otherCorruptions;
    if (report.leaks > 0)
        add(out, HealthIssue::Leaks, HealthSeverity::Warning, layer,
            "Leaked clusters: " + std::to_string(report.leaks),
            "Clusters are marked used but nothing refers to them: wasted space, no risk to data. "
            "check -r leaks frees them.")
            .count = report.leaks;
    return out;
}

const char* severityName(HealthSeverity severity)
{
    switch (severity) {
    case HealthSeverity::Info:
        return "info";
    case HealthSeverity::Warning:
        return "warning";
    case HealthSeverity::Error:
        return "error";
    }
    return "info";
}

}  // namespace diskscope
