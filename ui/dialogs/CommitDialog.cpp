// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/CommitDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "util/EngineText.h"
#include "util/SizeFormat.h"

namespace diskscope::ui {

namespace {
QString layerPath(const ImageInfo& info)
{
    return QString::fromStdString(info.filename);
}
}  // namespace

CommitDialog::CommitDialog(JobRunner* runner, const ChainDescription& chain, int layer, QWidget* parent)
    : ChainDialog(runner, layer >= 0 && size_t(layer) < chain.layers.size()
                              ? layerPath(chain.layers[size_t(layer)])
                              : QString(),
                  parent)
{
    setObjectName(QStringLiteral("commitDialog"));
    setWindowTitle(tr("Commit %1").arg(m_fileName));
    if (layer >= 0)
        m_layers.assign(chain.layers.begin() + std::min<ptrdiff_t>(layer, ptrdiff_t(chain.layers.size())),
                        chain.layers.end());
    if (chain.brokenBacking)
        m_broken = EngineText::error(*chain.brokenBacking);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* image = new QLabel(m_path, this);
    image->setTextFormat(Qt::PlainText);
    image->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Overlay:"), image);
    m_base = new QComboBox(this);
    m_base->setObjectName(QStringLiteral("baseBox"));
    for (size_t i = 1; i < m_layers.size(); ++i) {
        const QString path = layerPath(m_layers[i]);
        const QString name = QFileInfo(path).fileName();
        const QString format = QString::fromStdString(m_layers[i].format);
        m_base->addItem(i == 1 ? tr("%1 (its backing file, %2)").arg(name, format)
                               : tr("%1 (%2 layers down, %3)").arg(name).arg(i).arg(format),
                        path);
    }
    auto* baseLabel = new QLabel(tr("Commit &into:"), this);
    baseLabel->setBuddy(m_base);
    form->addRow(baseLabel, m_base);
    m_writes = new QLabel(this);
    m_writes->setObjectName(QStringLiteral("writesLabel"));
    m_writes->setTextFormat(Qt::PlainText);
    m_writes->setWordWrap(true);
    m_writes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_writes->font();
    bold.setBold(true);
    m_writes->setFont(bold);
    form->addRow(tr("Writes:"), m_writes);
    auto* after = new QVBoxLayout;
    m_empty = new QCheckBox(tr("&Empty the overlay afterwards"), this);
    m_empty->setObjectName(QStringLiteral("emptyBox"));
    m_empty->setChecked(true);
    after->addWidget(m_empty);
    m_emptyHint = hintLabel(QString(), this);
    m_emptyHint->setObjectName(QStringLiteral("emptyHint"));
    after->addWidget(m_emptyHint);
    form->addRow(tr("Afterwards:"), after);
    content()->addLayout(form);
    m_effect = hintLabel(QString(), this);
    m_effect->setObjectName(QStringLiteral("effectNote"));
    content()->addWidget(m_effect);

    connect(m_base, &QComboBox::currentIndexChanged, this, &CommitDialog::updateNotes);
    connect(m_empty, &QCheckBox::toggled, this, &CommitDialog::updateNotes);
    finish(tr("Commit"));
    updateNotes();
    fitWidth(640);
}

bool CommitDialog::directBacking() const
{
    return m_base->currentIndex() <= 0;
}

QString CommitDialog::basePath() const
{
    return m_base->currentData().toString();
}

QString CommitDialog::baseName() const
{
    return QFileInfo(basePath()).fileName();
}

void CommitDialog::updateNotes()
{
    const QString base = baseName();
    setSafety(tr("Commit copies the data written to %1 into %2, which is changed in place. %2 changes for every "
                 "other image that uses it as a backing file, and none of them sees its old content again. The "
                 "overlay is only changed after %2 is complete.")
                  .arg(m_fileName, base.isEmpty() ? tr("its backing file") : base),
              true);
    m_writes->setText(basePath().isEmpty() ? tr("nothing (no backing file)") : QDir::cleanPath(basePath()));
    if (directBacking()) {
        m_empty->setEnabled(true);
        m_emptyHint->setText(m_empty->isChecked()
                                 ? tr("%1 is emptied so it reads everything from %2 again.").arg(m_fileName, base)
                                 : tr("-d: %1 keeps its data; it still overrides %2.").arg(m_fileName, base));
    } else {
        // -b implies -d: the layers between would otherwise show through the emptied overlay.
        m_empty->setEnabled(false);
        m_empty->setChecked(false);
        m_emptyHint->setText(tr("Not available when committing past the direct backing file: the overlay keeps "
                                "its data (as -b implies -d), since the layers between would show through."));
    }
    if (!directBacking()) {
        QStringList between;
        for (int i = 1; i <= m_base->currentIndex(); ++i)
            between << QFileInfo(layerPath(m_layers[size_t(i)])).fileName();
        m_effect->setText(tr("The layers between (%1) are also copied into %2 and keep their data.")
                              .arg(between.join(QStringLiteral(", ")), base));
        m_effect->show();
    } else {
        m_effect->hide();
    }
    revalidate();
}

QString CommitDialog::problem() const
{
    if (m_layers.size() < 2)
        return m_broken.isEmpty() ? tr("%1 has no backing file to commit into.").arg(m_fileName)
                                  : tr("The backing file cannot be read: %1").arg(m_broken);
    if (!m_broken.isEmpty())
        return tr("The backing chain is incomplete, and commit opens all of it: %1").arg(m_broken);
    if (!writable(basePath()))
        return tr("%1 cannot be written: you do not have permission.").arg(baseName());
    if (m_empty->isChecked() && !writable(m_path))
        return tr("%1 cannot be written, so it cannot be emptied: untick “Empty the overlay afterwards”.")
            .arg(m_fileName);
    return QString();
}

CommitOptions CommitDialog::commitOptions() const
{
    CommitOptions options;
    options.path = JobRunner::engineName(m_path);
    options.format = m_layers.empty() ? std::nullopt : std::optional<std::string>(m_layers.front().format);
    if (!directBacking())
        options.base = JobRunner::engineName(basePath());
    options.drop = !m_empty->isChecked();
    options.allowExternalBacking = m_externalBackingConsent;
    return options;
}

QStringList CommitDialog::commandArguments() const
{
    QStringList arguments{QStringLiteral("commit")};
    if (!m_layers.empty())
        arguments << QStringLiteral("-f") << QString::fromStdString(m_layers.front().format);
    if (!directBacking())
        arguments << QStringLiteral("-b") << basePath();
    if (directBacking() && !m_empty->isChecked())
        arguments << QStringLiteral("-d");
    arguments << QStringLiteral("-p") << m_path;
    return arguments;
}

DestructiveQuestion CommitDialog::question() const
{
    DestructiveQuestion question;
    question.title = tr("Commit Image?");
    question.question = tr("Commit %1 into %2?").arg(m_fileName, baseName());
    question.detail = tr("%1 is rewritten with the data of %2. Every other image that uses %1 as its backing file "
                         "sees the change. This cannot be undone.")
                          .arg(QDir::cleanPath(basePath()), m_fileName);
    if (m_empty->isChecked())
        question.detail += QLatin1Char(' ') + tr("%1 is emptied afterwards.").arg(m_fileName);
    question.acceptText = tr("Commit");
    return question;
}

Job* CommitDialog::startJob(JobRunner* runner)
{
    const CommitOptions options = commitOptions();
    return runner->run({Job::Kind::Commit, tr("Commit %1").arg(m_fileName), commandLine(), m_path, basePath(), true},
                       [options](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
                           channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Copying into the base"));
                           Status done = commit(options, progress, stop);
                           if (!done.ok()) {
                               channel.setOutcome(JobRunner::failure(done.error(), stop));
                               return;
                           }
                           channel.setOutcome(JobChannel::Outcome::success(
                               options.drop ? QT_TRANSLATE_NOOP("diskscope::ui::Job", "Committed; the overlay keeps its data.") : QT_TRANSLATE_NOOP("diskscope::ui::Job", "Committed; the overlay is empty.")));
                       });
}

QString CommitDialog::logDescription() const
{
    return tr("Committing %1 into %2 (with QEMU's write locks)").arg(m_path, basePath());
}

}  // namespace diskscope::ui
