// SPDX-License-Identifier: GPL-2.0-or-later
// What the Convert wizard will do, as plain data, and the engine work behind its pages (run on
// workers): reading the source's chain and health, the pre-flight (measure, a throughput
// sample) and the conversion with its verification. The wizard only presents these.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <vector>

#include "diskscope/ops/convert.h"
#include "diskscope/ops/health.h"

namespace diskscope::ui {

struct JobChannel;

struct ConvertPlan {
    QString source;                 // absolute path of the top image
    QString sourceFormat;           // as detected ("raw", "qcow2"), passed with -f
    std::optional<QString> snapshotId;  // -l snapshot.id=ID: convert this internal snapshot
    QString target;                 // absolute path
    QString targetFormat = QStringLiteral("qcow2");
    bool compress = false;          // -c (qcow2 only)
    QString compressionType = QStringLiteral("zlib");
    uint64_t clusterSize = 65536;
    QString compat = QStringLiteral("1.1");
    // Keep the source's backing file under the target (-B/-F): only the top image's own
    // clusters are copied. Off: the whole chain is flattened into the target.
    bool keepBacking = false;
    QString backingName;            // as stored in the target: relative to its folder when below it
    QString backingFormat;
    bool verify = true;             // compare the result with the source afterwards

    bool isQcow2() const { return targetFormat == QLatin1String("qcow2"); }
    ConvertOptions convertOptions() const;
    // The arguments after "diskscope-img", e.g. {"convert", "-U", "-f", "qcow2", ...}.
    QStringList commandArguments() const;
};

// What the source page shows: read with info's -U profile (no locks), never written.
struct ConvertSourceFacts {
    QString error;                  // the top image cannot be read; the rest is empty
    QString format;
    uint64_t virtualSize = 0;
    uint64_t allocatedBytes = 0;    // host bytes of every readable layer
    uint64_t topAllocatedBytes = 0;
    QStringList layers;             // "name (format)" top first
    QStringList layerPaths;         // absolute paths, top first
    QString backingPath;            // the top image's backing file, resolved; empty without one
    QString backingFormat;
    QString brokenBacking;          // why the chain does not open completely
    std::vector<SnapshotInfo> snapshots;
    std::vector<HealthFinding> findings;
};
ConvertSourceFacts inspectConvertSource(const QString& path);

// The pre-flight's answers for one plan.
struct ConvertPreflight {
    QString error;
    uint64_t requiredBytes = 0;     // host space the target needs (qemu-img measure; raw: its data)
    uint64_t measuredRequired = 0;  // qemu-img measure's "required size"
    uint64_t bytesToCopy = 0;       // guest data the copy reads
    double sampleBytesPerSecond = 0;  // read rate of a short sample of that data
    uint64_t sampleBytes = 0;
};
ConvertPreflight preflightConvert(const ConvertPlan& plan, std::stop_token stop);

// The result page's facts: the payload of the conversion job.
struct ConvertResult {
    uint64_t sourceBytes = 0;       // host bytes of the layers the target replaces
    uint64_t targetBytes = 0;       // host bytes of the new file
    bool verified = false;          // compare ran
    bool identical = false;
    uint64_t mismatchOffset = 0;
    QString verifyError;
};
// The conversion job's work: convert, then (plan.verify) compare. Progress covers both halves.
void runConvertJob(const ConvertPlan& plan, uint64_t sourceBytes, JobChannel& channel, ProgressSink& progress,
                   std::stop_token stop);

}  // namespace diskscope::ui
