// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/SnapshotActions.h"

#include <QFileInfo>
#include <QPushButton>
#include <QStringList>
#include <any>

#include "diskscope/chain.h"
#include "diskscope/image.h"
#include "diskscope/ops/snapshot_space.h"
#include "dialogs/CreateSnapshotDialog.h"
#include "dialogs/DialogKit.h"
#include "jobs/JobRunner.h"
#include "util/CommandLine.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

SnapshotActions::SnapshotActions(JobRunner* runner, QWidget* parent) : QObject(parent), m_runner(runner), m_parent(parent) {}

void SnapshotActions::askCreate(const QString& path, const std::vector<SnapshotInfo>& existing)
{
    QStringList names;
    for (const SnapshotInfo& snapshot : existing)
        names << QString::fromStdString(snapshot.name);
    auto* dialog = new CreateSnapshotDialog(path, names, m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, path] { create(path, dialog->name()); });
    dialog->open();
}

Job* SnapshotActions::create(const QString& path, const QString& name)
{
    return startWrite(Action::Create, path, name, tr("Snapshot %1").arg(QFileInfo(path).fileName()),
                      tr("Creating snapshot “%1” of %2 (with QEMU's write lock)").arg(name, path));
}

Job* SnapshotActions::apply(const QString& path, const SnapshotInfo& snapshot)
{
    const QString name = QString::fromStdString(snapshot.name);
    const QString file = QFileInfo(path).fileName();
    const bool confirmed = Confirmation::ask(
        m_parent, {tr("Apply Snapshot?"), tr("Return %1 to snapshot “%2”?").arg(file, name),
                   tr("Everything written to %1 since %2 (when “%3” was taken) is lost: the current state of the disk "
                      "is replaced by the snapshot's. This cannot be undone.")
                       .arg(file, SizeFormat::date(snapshot.dateSeconds), name),
                   tr("Apply Snapshot")});
    if (!confirmed)
        return nullptr;
    return startWrite(Action::Apply, path, QString::fromStdString(snapshot.id),
                      tr("Apply snapshot of %1").arg(file), tr("Applying snapshot “%1” to %2").arg(name, path));
}

Job* SnapshotActions::remove(const QString& path, const SnapshotInfo& snapshot)
{
    const QString name = QString::fromStdString(snapshot.name);
    const std::string id = snapshot.id;
    Job* measure = m_runner->run(
        {Job::Kind::Snapshot, tr("Space of snapshot “%1”").arg(name), QString(), path, QString(), false},
        [file = JobRunner::engineName(path), id](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
            channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Walking the snapshot's tables"));
            SnapshotSpaceOptions options;
            options.path = file;
            options.forceShare = true;  // a read: no lock
            auto spaces = snapshotSpace(options, progress, stop);
            if (!spaces.ok()) {
                channel.setOutcome(JobRunner::failure(spaces.error(), stop));
                return;
            }
            uint64_t freed = 0;
            for (const SnapshotSpace& space : *spaces) {
                if (space.id == id)
                    freed = space.exclusiveBytes + space.tableBytesFreed;
            }
            JobChannel::Outcome outcome = JobChannel::Outcome::success(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Measured."));
            outcome.payload = freed;
            channel.setOutcome(std::move(outcome));
        });
    connect(measure, &Job::finished, this, [this, measure, path, name] {
        if (measure->state() != Job::State::Succeeded)
            return;
        const uint64_t freed = std::any_cast<uint64_t>(measure->payload());
        const QString file = QFileInfo(path).fileName();
        const bool confirmed = Confirmation::ask(
            m_parent, {tr("Delete Snapshot?"), tr("Delete snapshot “%1” from %2?").arg(name, file),
                       tr("%1 of clusters will be released inside the file (its length may stay the same). "
                          "This cannot be undone.")
                           .arg(SizeFormat::human(freed)),
                       tr("Delete Snapshot")});
        if (confirmed)
            startWrite(Action::Delete, path, name, tr("Delete snapshot of %1").arg(file),
                       tr("Deleting snapshot “%1” of %2").arg(name, path));
    });
    return measure;
}

Job* SnapshotActions::startWrite(Action action, const QString& path, const QString& name, const QString& title,
                                 const QString& description)
{
    const QString flag = action == Action::Create ? QStringLiteral("-c")
                         : action == Action::Apply ? QStringLiteral("-a")
                                                   : QStringLiteral("-d");
    const QString command = CommandLine::diskscopeImg({QStringLiteral("snapshot"), flag, name, path});
    Job* job = m_runner->run(
        {Job::Kind::Snapshot, title, command, path, path, false},
        [action, file = JobRunner::engineName(path), snapshot = name.toStdString()](JobChannel& channel, ProgressSink&,
                                                                                     std::stop_token stop) {
            channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Writing the snapshot table"));
            OpenOptions open;
            open.writable = true;       // takes QEMU's writer lock, like qemu-img snapshot
            open.openBacking = false;   // snapshots never read the backing file
            auto chain = Chain::open(file, open);
            if (!chain.ok()) {
                channel.setOutcome(JobRunner::failure(chain.error(), stop));
                return;
            }
            Image& image = (*chain)->top();
            Status done = action == Action::Create  ? image.createSnapshot(snapshot)
                          : action == Action::Apply ? image.applySnapshot(snapshot)
                                                    : image.deleteSnapshot(snapshot);
            Status closed = image.close();
            if (!done.ok()) {
                channel.setOutcome(JobRunner::failure(done.error(), stop));
                return;
            }
            if (!closed.ok()) {
                channel.setOutcome(JobRunner::failure(closed.error(), stop));
                return;
            }
            const char* summary = action == Action::Create  ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "Snapshot created.")
                                  : action == Action::Apply ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "Snapshot applied.")
                                                            : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Snapshot deleted.");
            channel.setOutcome(JobChannel::Outcome::success(summary));
        });
    emit writeStarted(job, description);
    connect(job, &Job::finished, this, [this, path] { emit imageWritten(path); });
    return job;
}

}  // namespace diskscope::ui
