// SPDX-License-Identifier: GPL-2.0-or-later
// The Convert wizard's engine work. Everything here runs on workers and reads the source with
// the -U profile (no locks), as the window's browsing does.
#include "dialogs/ConvertPlan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <algorithm>
#include <vector>

#include "diskscope/chain.h"
#include "diskscope/ops/compare.h"
#include "diskscope/ops/info.h"
#include "diskscope/ops/measure.h"
#include "diskscope/snapshot_selector.h"
#include "jobs/Job.h"
#include "jobs/JobRunner.h"
#include "util/EngineText.h"

namespace diskscope::ui {
namespace {

QString fromEngine(const std::string& name)
{
    return QFile::decodeName(QByteArray::fromStdString(name));
}

// The sample that times reading: enough to get past the first cache effects, short enough that
// the page answers within a second.
constexpr uint64_t kSampleLimit = 32ull << 20;
constexpr qint64 kSampleMs = 300;

OpenOptions sourceOpenOptions(const ConvertPlan& plan)
{
    OpenOptions options;
    options.format = plan.sourceFormat.toStdString();
    options.forceShare = true;
    if (plan.snapshotId) {
        SnapshotSelector selector;
        selector.id = plan.snapshotId->toStdString();
        options.snapshot = selector;
    }
    return options;
}

CreateOptions targetCreateOptions(const ConvertPlan& plan)
{
    CreateOptions options;
    options.format = plan.targetFormat.toStdString();
    if (plan.isQcow2()) {
        options.clusterSize = plan.clusterSize;
        options.compat = plan.compat.toStdString();
        if (plan.compress)
            options.compressionType = plan.compressionType.toStdString();
        if (plan.keepBacking) {
            options.backingFile = JobRunner::engineName(plan.backingName);
            options.backingFormat = plan.backingFormat.toStdString();
        }
    }
    return options;
}

// Maps one half of the job (convert, then compare) onto a single bar over both.
class HalfProgress final : public ProgressSink {
public:
    HalfProgress(ProgressSink& whole, bool second, bool both) : m_whole(whole), m_second(second), m_both(both) {}
    void progress(uint64_t done, uint64_t total) override
    {
        if (!m_both)
            m_whole.progress(done, total);
        else
            m_whole.progress(m_second ? total + done : done, 2 * total);
    }

private:
    ProgressSink& m_whole;
    bool m_second;
    bool m_both;
};

}  // namespace

ConvertOptions ConvertPlan::convertOptions() const
{
    ConvertOptions options;
    options.sources = {JobRunner::engineName(source)};
    options.sourceFormat = sourceFormat.toStdString();
    if (snapshotId)
        options.snapshot = "snapshot.id=" + snapshotId->toStdString();
    options.forceShare = true;
    options.target = JobRunner::engineName(target);
    options.targetFormat = targetFormat.toStdString();
    options.targetOptions = targetCreateOptions(*this);
    options.compress = isQcow2() && compress;
    return options;
}

QStringList ConvertPlan::commandArguments() const
{
    QStringList arguments{QStringLiteral("convert"), QStringLiteral("-p"), QStringLiteral("-U"), QStringLiteral("-f"),
                          sourceFormat};
    if (snapshotId)
        arguments << QStringLiteral("-l") << QStringLiteral("snapshot.id=%1").arg(*snapshotId);
    arguments << QStringLiteral("-O") << targetFormat;
    if (isQcow2()) {
        if (compress)
            arguments << QStringLiteral("-c");
        QString o = QStringLiteral("cluster_size=%1,compat=%2").arg(clusterSize).arg(compat);
        if (compress)
            o += QStringLiteral(",compression_type=%1").arg(compressionType);
        arguments << QStringLiteral("-o") << o;
        if (keepBacking)
            arguments << QStringLiteral("-B") << backingName << QStringLiteral("-F") << backingFormat;
    }
    arguments << source << target;
    return arguments;
}

ConvertSourceFacts inspectConvertSource(const QString& path)
{
    ConvertSourceFacts facts;
    InfoOptions options;
    options.path = JobRunner::engineName(path);
    options.forceShare = true;
    auto described = describeChain(options);
    if (!described.ok()) {
        facts.error = EngineText::error(described.error());
        return facts;
    }
    const ChainDescription& chain = *described;
    const ImageInfo& top = chain.layers.front();
    facts.format = QString::fromStdString(top.format);
    facts.virtualSize = top.virtualSize;
    facts.topAllocatedBytes = top.actualSize.value_or(0);
    facts.snapshots = top.snapshots;
    for (const ImageInfo& layer : chain.layers) {
        facts.allocatedBytes += layer.actualSize.value_or(0);
        const QString name = fromEngine(layer.filename);
        facts.layers << QStringLiteral("%1 (%2)").arg(name, QString::fromStdString(layer.format));
        facts.layerPaths << QFileInfo(name).absoluteFilePath();
    }
    if (top.fullBackingFilename) {
        facts.backingPath = QFileInfo(fromEngine(*top.fullBackingFilename)).absoluteFilePath();
        if (chain.layers.size() > 1)
            facts.backingFormat = QString::fromStdString(chain.layers[1].format);
        else if (top.backingFilenameFormat)
            facts.backingFormat = QString::fromStdString(*top.backingFilenameFormat);
    }
    if (chain.brokenBacking)
        facts.brokenBacking = EngineText::error(*chain.brokenBacking);
    facts.findings = assessChain(chain);
    return facts;
}

ConvertPreflight preflightConvert(const ConvertPlan& plan, std::stop_token stop)
{
    ConvertPreflight result;
    auto opened = Chain::open(JobRunner::engineName(plan.source), sourceOpenOptions(plan));
    if (!opened.ok()) {
        result.error = EngineText::error(opened.error());
        return result;
    }
    Chain& chain = **opened;
    NullProgress quiet;
    CreateOptions target = targetCreateOptions(plan);
    auto measured = measureImage(chain, target, quiet, stop);
    if (!measured.ok()) {
        result.error = EngineText::error(measured.error());
        return result;
    }
    result.measuredRequired = measured->required;

    // The guest data the copy will read: the whole chain's, or the top image's own with -B.
    // Block status only; the sample below then times reading the first of it.
    std::vector<std::pair<uint64_t, uint64_t>> dataRuns;
    const uint64_t size = chain.virtualSize();
    for (uint64_t offset = 0; offset < size && !stop.stop_requested();) {
        auto status = chain.blockStatus(offset, size - offset);
        if (!status.ok()) {
            result.error = EngineText::error(status.error());
            return result;
        }
        const bool copied = status->data && (!plan.keepBacking || status->depth == 0);
        if (copied) {
            result.bytesToCopy += status->length;
            if (!dataRuns.empty() && dataRuns.back().first + dataRuns.back().second == offset)
                dataRuns.back().second += status->length;
            else
                dataRuns.emplace_back(offset, status->length);
        }
        offset += status->length;
    }

    if (plan.isQcow2() && plan.keepBacking) {
        // qemu-img measure counts a target with a backing file at its full size; what convert
        // writes is the top image's data plus the metadata of an image of that size.
        CreateOptions bare = target;
        bare.backingFile.reset();
        bare.backingFormat.reset();
        auto empty = measureSize(size, bare);
        result.requiredBytes = (empty.ok() ? empty->required : 0) + result.bytesToCopy;
    } else if (plan.isQcow2()) {
        result.requiredBytes = measured->required;
    } else {
        result.requiredBytes = result.bytesToCopy;  // raw targets are written sparse
    }

    std::vector<uint8_t> buffer(1 << 20);
    QElapsedTimer clock;
    clock.start();
    for (const auto& [start, length] : dataRuns) {
        for (uint64_t done = 0; done < length; done += buffer.size()) {
            if (result.sampleBytes >= kSampleLimit || clock.elapsed() >= kSampleMs || stop.stop_requested())
                break;
            const uint64_t n = std::min<uint64_t>(buffer.size(), length - done);
            if (!chain.read(start + done, std::span(buffer.data(), size_t(n))).ok())
                break;
            result.sampleBytes += n;
        }
    }
    const qint64 ns = std::max<qint64>(clock.nsecsElapsed(), 1);
    if (result.sampleBytes > 0)
        result.sampleBytesPerSecond = double(result.sampleBytes) * 1e9 / double(ns);
    return result;
}

void runConvertJob(const ConvertPlan& plan, uint64_t sourceBytes, JobChannel& channel, ProgressSink& progress,
                   std::stop_token stop)
{
    // compare has no -l: a snapshot source cannot be compared with the result.
    const bool verify = plan.verify && !plan.snapshotId;
    channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Copying guest data"));
    HalfProgress copying(progress, false, verify);
    Status status = convert(plan.convertOptions(), copying, stop);
    if (!status.ok()) {
        channel.setOutcome(JobRunner::failure(status.error(), stop));
        return;
    }
    ConvertResult result;
    result.sourceBytes = sourceBytes;
    InfoOptions targetInfo;
    targetInfo.path = JobRunner::engineName(plan.target);
    targetInfo.forceShare = true;
    if (auto facts = info(targetInfo); facts.ok() && !facts->empty())
        result.targetBytes = facts->front().actualSize.value_or(0);
    if (verify) {
        channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Verifying the result"));
        CompareOptions options;
        options.first = JobRunner::engineName(plan.source);
        options.firstFormat = plan.sourceFormat.toStdString();
        options.second = JobRunner::engineName(plan.target);
        options.secondFormat = plan.targetFormat.toStdString();
        options.forceShare = true;
        HalfProgress comparing(progress, true, true);
        auto compared = compare(options, comparing, stop);
        result.verified = true;
        if (compared.ok()) {
            result.identical = compared->outcome == CompareOutcome::Identical;
            result.mismatchOffset = compared->mismatchOffset;
        } else if (stop.stop_requested()) {
            result.verified = false;  // stopped while verifying: the conversion itself is complete
        } else {
            result.verifyError = EngineText::error(compared.error());
        }
    }
    channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Done"));
    JobChannel::Outcome outcome = JobChannel::Outcome::success(
        result.verified ? (result.identical ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "Converted; the result is identical to the source.")
                                            : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Converted, but the result differs from the source."))
                        : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Converted."));
    outcome.payload = result;
    channel.setOutcome(std::move(outcome));
}

}  // namespace diskscope::ui
