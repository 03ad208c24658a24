// SPDX-License-Identifier: GPL-2.0-or-later
// The Convert wizard: every page validates as you type; nothing is written before Convert.
#include "dialogs/ConvertWizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStorageInfo>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "dialogs/DialogKit.h"
#include "dialogs/Qcow2OptionRules.h"
#include "dialogs/ValidatedPage.h"
#include "jobs/JobRunner.h"
#include "main_window/RecentFiles.h"
#include "util/CommandLine.h"
#include "util/DisplayText.h"
#include "util/EngineText.h"
#include "util/Plural.h"
#include "util/SizeFormat.h"
#include "widgets/CommandField.h"
#include "widgets/HealthView.h"

namespace diskscope::ui {
namespace {

constexpr int kBarScale = 10000;

ConvertWizard::UrlOpener& urlOpener()
{
    static ConvertWizard::UrlOpener opener;
    return opener;
}

QLabel* plainLabel(QWidget* parent, const char* objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// "about 3 minutes": coarse, and never "0 seconds".
QString roughDuration(double seconds)
{
    if (seconds < 60)
        return plural(qulonglong(std::max(1.0, std::ceil(seconds))), ConvertWizard::tr("about %1 second"),
                      ConvertWizard::tr("about %1 seconds"));
    if (seconds < 3600)
        return plural(qulonglong(std::lround(seconds / 60)), ConvertWizard::tr("about %1 minute"),
                      ConvertWizard::tr("about %1 minutes"));
    return plural(qulonglong(std::lround(seconds / 3600)), ConvertWizard::tr("about %1 hour"),
                  ConvertWizard::tr("about %1 hours"));
}

QStringList localFiles(const QMimeData* mime)
{
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile())
            return {};
        files << url.toLocalFile();
    }
    return files;
}

}  // namespace

ConvertWizard::ConvertWizard(JobRunner* runner, QWidget* parent) : QWizard(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("convertWizard"));
    setWindowTitle(tr("Convert Disk Image"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setButtonText(QWizard::CommitButton, tr("Convert"));
    setButtonText(QWizard::FinishButton, tr("Close"));
    setAcceptDrops(true);
    setPage(SourcePage, buildSourcePage());
    setPage(TargetPage, buildTargetPage());
    setPage(OptionsPage, buildOptionsPage());
    setPage(PreflightPage, buildPreflightPage());
    setPage(CommitPage, buildCommitPage());
    setPage(ProgressPage, buildProgressPage());
    setPage(ResultPage, buildResultPage());
    setStartId(SourcePage);
    resize(800, 600);
}

ConvertWizard::~ConvertWizard()
{
    // A job outlives the wizard only in the job panel; it must not report into a dead page.
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    if (m_preflightJob) {
        disconnect(m_preflightJob, nullptr, this, nullptr);
        m_preflightJob->cancel();
    }
}

void ConvertWizard::setUrlOpener(UrlOpener opener)
{
    urlOpener() = std::move(opener);
}

ValidatedPage* ConvertWizard::validatedPage(PageId id) const
{
    return qobject_cast<ValidatedPage*>(page(id));
}

// ---- Source ----------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildSourcePage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("sourcePage"));
    page->setTitle(tr("Source Image"));
    page->setSubTitle(tr("The image to convert. It is only read, never changed."));
    auto* layout = new QVBoxLayout(page);

    auto* drop = new QLabel(tr("Drop a disk image here"), page);
    drop->setObjectName(QStringLiteral("dropZone"));
    drop->setAlignment(Qt::AlignCenter);
    drop->setFrameStyle(QFrame::StyledPanel | QFrame::Sunken);
    drop->setMinimumHeight(56);
    drop->setForegroundRole(QPalette::PlaceholderText);
    drop->setAutoFillBackground(true);
    drop->setBackgroundRole(QPalette::Base);
    layout->addWidget(drop);

    auto* form = new QFormLayout;
    m_source = new QLineEdit(page);
    m_source->setObjectName(QStringLiteral("sourceEdit"));
    m_source->setPlaceholderText(tr("Path of a qcow2 or raw image"));
    auto* browse = new QPushButton(tr("&Browse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getOpenFileName(this, tr("Image to Convert"),
                                                            QFileInfo(m_source->text()).absolutePath(),
                                                            tr("Disk images (*.qcow2 *.img *.raw);;All files (*)"));
        if (!chosen.isEmpty())
            setSource(chosen);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_source, 1);
    row->addWidget(browse);
    auto* sourceLabel = new QLabel(tr("&Image:"), page);
    sourceLabel->setBuddy(m_source);
    form->addRow(sourceLabel, row);

    m_recent = new QComboBox(page);
    m_recent->setObjectName(QStringLiteral("recentBox"));
    m_recent->addItem(tr("Recently opened images…"));
    for (const QString& path : RecentFiles::existing())
        m_recent->addItem(QFileInfo(path).fileName(), path);
    m_recent->setEnabled(m_recent->count() > 1);
    for (int i = 1; i < m_recent->count(); ++i)
        m_recent->setItemData(i, m_recent->itemData(i), Qt::ToolTipRole);
    connect(m_recent, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            setSource(m_recent->itemData(index).toString());
    });
    auto* recentLabel = new QLabel(tr("&Recent:"), page);
    recentLabel->setBuddy(m_recent);
    form->addRow(recentLabel, m_recent);
    layout->addLayout(form);

    auto* detected = new QGroupBox(tr("Detected"), page);
    detected->setObjectName(QStringLiteral("detectedBox"));
    detected->hide();  // until an image has been read
    auto* detectedLayout = new QVBoxLayout(detected);
    m_sourceFacts = plainLabel(detected, "sourceFacts");
    detectedLayout->addWidget(m_sourceFacts);
    m_health = new HealthView(detected);
    m_health->setObjectName(QStringLiteral("sourceHealth"));
    m_health->hide();
    detectedLayout->addWidget(m_health);
    layout->addSpacing(6);
    layout->addWidget(detected);

    page->addReasonLine();
    page->setReasonCheck([this] { return sourceProblem(); });
    page->setNext([] { return int(TargetPage); });
    connect(m_source, &QLineEdit::textChanged, this, &ConvertWizard::readSource);
    page->revalidate();
    return page;
}

void ConvertWizard::setSource(const QString& path)
{
    m_source->setText(QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()));
}

void ConvertWizard::highlightDropZone(bool on)
{
    if (auto* zone = findChild<QLabel*>(QStringLiteral("dropZone"))) {
        zone->setBackgroundRole(on ? QPalette::Highlight : QPalette::Base);
        zone->setForegroundRole(on ? QPalette::HighlightedText : QPalette::PlaceholderText);
    }
}

void ConvertWizard::dragEnterEvent(QDragEnterEvent* event)
{
    if (currentId() == SourcePage && localFiles(event->mimeData()).size() == 1) {
        event->acceptProposedAction();
        highlightDropZone(true);
    }
}

void ConvertWizard::dragLeaveEvent(QDragLeaveEvent* event)
{
    highlightDropZone(false);
    QWizard::dragLeaveEvent(event);
}

void ConvertWizard::dropEvent(QDropEvent* event)
{
    highlightDropZone(false);
    const QStringList files = localFiles(event->mimeData());
    if (currentId() == SourcePage && files.size() == 1) {
        setSource(files.front());
        event->acceptProposedAction();
    }
}

// Reads the source's chain and health on a worker; the page waits for the answer.
void ConvertWizard::readSource()
{
    const int generation = ++m_sourceGeneration;
    m_sourceRead = false;
    m_facts = {};
    m_sourceFacts->clear();
    m_health->hide();
    findChild<QGroupBox*>(QStringLiteral("detectedBox"))->hide();
    const QString text = m_source->text().trimmed();
    if (!text.isEmpty()) {
        const QString path = QFileInfo(QDir::fromNativeSeparators(text)).absoluteFilePath();
        auto* watcher = new QFutureWatcher<ConvertSourceFacts>(this);
        connect(watcher, &QFutureWatcher<ConvertSourceFacts>::finished, this, [this, watcher, generation] {
            watcher->deleteLater();
            if (generation != m_sourceGeneration)
                return;  // the field changed since; a newer read answers
            m_facts = watcher->result();
            m_sourceRead = true;
            showSourceFacts();
        });
        watcher->setFuture(QtConcurrent::run(m_runner->pool(), [path] { return inspectConvertSource(path); }));
    }
    validatedPage(SourcePage)->revalidate();
}

void ConvertWizard::showSourceFacts()
{
    if (m_facts.error.isEmpty()) {
        QStringList lines;
        lines << tr("Format: %1 · virtual size %2 (%3) · %4 on disk")
                     .arg(m_facts.format, SizeFormat::human(m_facts.virtualSize), SizeFormat::exact(m_facts.virtualSize),
                          SizeFormat::human(m_facts.allocatedBytes));
        if (m_facts.layers.size() > 1) {
            QStringList names;
            for (const QString& layer : std::as_const(m_facts.layers))
                names << DisplayText::escapeControls(QFileInfo(layer).fileName());
            lines << tr("Backing chain: %1").arg(names.join(QStringLiteral(" → ")));
        } else {
            lines << tr("No backing file.");
        }
        if (!m_facts.snapshots.empty())
            lines << plural(qulonglong(m_facts.snapshots.size()), tr("%1 internal snapshot"),
                            tr("%1 internal snapshots"));
        m_sourceFacts->setText(lines.join(QLatin1Char('\n')));
        m_health->setFindings(m_facts.findings, HealthView::CheckState::NotChecked);
        // The wizard reads headers only; checking belongs to the main window.
        m_health->checkButton()->hide();
        if (auto* note = m_health->findChild<QLabel*>(QStringLiteral("healthCheckNote")))
            note->hide();
        m_health->show();
        findChild<QGroupBox*>(QStringLiteral("detectedBox"))->show();
    }
    // The snapshot choice on the options page follows the source.
    m_snapshot->clear();
    m_snapshot->addItem(tr("Current state (the active disk)"));
    for (const SnapshotInfo& snapshot : m_facts.snapshots)
        m_snapshot->addItem(tr("Snapshot %1 “%2”")
                                .arg(DisplayText::fromImage(snapshot.id), DisplayText::fromImage(snapshot.name)),
                            DisplayText::fromImage(snapshot.id));
    m_snapshot->setEnabled(m_snapshot->count() > 1);
    validatedPage(SourcePage)->revalidate();
}

QString ConvertWizard::sourceProblem() const
{
    const QString text = m_source->text().trimmed();
    if (text.isEmpty())
        return tr("Choose the image to convert: drop it here, browse, or pick a recent one.");
    if (!m_sourceRead)
        return tr("Reading the image…");
    if (!m_facts.error.isEmpty())
        return tr("The image cannot be read: %1").arg(DisplayText::escapeControls(m_facts.error));
    if (!m_facts.brokenBacking.isEmpty())
        return tr("Its backing chain does not open, so its content is incomplete: %1")
            .arg(DisplayText::escapeControls(m_facts.brokenBacking));
    return {};
}

// ---- Target ----------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildTargetPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("targetPage"));
    page->setTitle(tr("Target Format and Location"));
    page->setSubTitle(tr("A new image is written; the file name ends in the format's usual extension."));
    auto* layout = new QVBoxLayout(page);
    m_qcow2 = new QRadioButton(tr("&qcow2 — QEMU copy-on-write"), page);
    m_qcow2->setObjectName(QStringLiteral("formatQcow2"));
    m_qcow2->setChecked(true);
    layout->addWidget(m_qcow2);
    layout->addWidget(hintLabel(tr("Grows as the guest writes; can be compressed and keep a backing file."), page));
    m_raw = new QRadioButton(tr("&raw — a plain byte-for-byte disk"), page);
    m_raw->setObjectName(QStringLiteral("formatRaw"));
    layout->addWidget(m_raw);
    layout->addWidget(hintLabel(tr("Readable by every tool; written sparse, so zeros take no host space."), page));
    layout->addSpacing(12);

    auto* form = new QFormLayout;
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("targetNameEdit"));
    auto* nameLabel = new QLabel(tr("&Name:"), page);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, m_name);
    m_directory = new QLineEdit(page);
    m_directory->setObjectName(QStringLiteral("targetDirectoryEdit"));
    auto* browse = new QPushButton(tr("B&rowse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(this, tr("Folder for the Converted Image"),
                                                                 m_directory->text());
        if (!chosen.isEmpty())
            setTargetDirectory(chosen);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_directory, 1);
    row->addWidget(browse);
    auto* directoryLabel = new QLabel(tr("&Folder:"), page);
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, row);
    layout->addLayout(form);

    page->addReasonLine();
    page->setReasonCheck([this] { return targetProblem(); });
    page->setLeaveCheck([this] { return confirmOverwrite(); });
    page->setOnEnter([this] {
        // Suggest "NAME.FORMAT" beside the source the first time this source gets here.
        const QString source = QFileInfo(QDir::fromNativeSeparators(m_source->text().trimmed())).absoluteFilePath();
        if (m_suggestedFor != source) {
            m_suggestedFor = source;
            const QFileInfo info(source);
            if (m_directory->text().trimmed().isEmpty())
                setTargetDirectory(info.absolutePath());
            m_qcow2->setChecked(m_facts.format != QLatin1String("qcow2"));
            m_raw->setChecked(m_facts.format == QLatin1String("qcow2"));
            m_name->setText(info.completeBaseName() + QStringLiteral("-converted"));
        }
        followFormatExtension();
    });
    page->setNext([] { return int(OptionsPage); });
    for (QRadioButton* button : {m_qcow2, m_raw})
        connect(button, &QRadioButton::toggled, this, [this, page](bool on) {
            if (on) {
                followFormatExtension();
                updateOptionAvailability();
                page->revalidate();
            }
        });
    connect(m_name, &QLineEdit::textChanged, page, &ValidatedPage::revalidate);
    connect(m_directory, &QLineEdit::textChanged, page, &ValidatedPage::revalidate);
    return page;
}

void ConvertWizard::setTargetDirectory(const QString& directory)
{
    m_directory->setText(QDir::toNativeSeparators(directory));
}

void ConvertWizard::followFormatExtension()
{
    const QString wanted = m_qcow2->isChecked() ? QStringLiteral(".qcow2") : QStringLiteral(".img");
    QString name = m_name->text().trimmed();
    for (const QString& known : {QStringLiteral(".qcow2"), QStringLiteral(".img"), QStringLiteral(".raw")}) {
        if (name.endsWith(known, Qt::CaseInsensitive)) {
            name.chop(known.size());
            break;
        }
    }
    if (name.isEmpty())
        name = QStringLiteral("converted");
    m_name->setText(name + wanted);
}

QString ConvertWizard::targetPath() const
{
    return QDir(QDir::fromNativeSeparators(m_directory->text().trimmed())).absoluteFilePath(m_name->text().trimmed());
}

QString ConvertWizard::targetProblem() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Enter a file name.");
    if (name.contains(QLatin1Char('/')) || name == QLatin1String(".") || name == QLatin1String(".."))
        return tr("The name cannot contain “/”; choose the folder below.");
    const QFileInfo directory(QDir::fromNativeSeparators(m_directory->text().trimmed()));
    if (m_directory->text().trimmed().isEmpty() || !directory.isDir())
        return tr("The folder does not exist.");
    if (!directory.isWritable())
        return tr("The folder is not writable.");
    const QFileInfo target(targetPath());
    if (target.isDir())
        return tr("A folder of that name exists there.");
    const QString canonical = target.exists() ? target.canonicalFilePath() : target.absoluteFilePath();
    for (const QString& layer : m_facts.layerPaths) {
        if (QFileInfo(layer).canonicalFilePath() == canonical || layer == canonical)
            return tr("The target would replace “%1”, which the source reads; choose another name.")
                .arg(QFileInfo(layer).fileName());
    }
    return {};
}

bool ConvertWizard::confirmOverwrite()
{
    const QString path = targetPath();
    if (!QFileInfo::exists(path))
        return true;
    return Confirmation::ask(this, {tr("Replace File?"), tr("Replace “%1”?").arg(QFileInfo(path).fileName()),
                                    tr("A file of that name already exists in %1. The converted image replaces it "
                                       "when the conversion completes; its content is lost.")
                                        .arg(QFileInfo(path).absolutePath()),
                                    tr("Replace")});
}

// ---- Options ---------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildOptionsPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("optionsPage"));
    page->setTitle(tr("Conversion Options"));
    page->setSubTitle(tr("Choices that do not go together are greyed out."));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    form->setVerticalSpacing(4);
    const auto addRow = [&](const QString& text, QWidget* field, QLabel* explanation) {
        auto* label = new QLabel(text, page);
        label->setBuddy(field);
        auto* column = new QVBoxLayout;
        column->setSpacing(1);
        column->addWidget(field);
        column->addWidget(explanation);
        form->addRow(label, column);
    };

    m_snapshot = new QComboBox(page);
    m_snapshot->setObjectName(QStringLiteral("snapshotBox"));
    addRow(tr("&Copy from:"), m_snapshot,
           hintLabel(tr("The active disk, or an internal snapshot. Internal snapshots themselves are not carried over."),
                     page));

    m_flatten = new QRadioButton(tr("&Flatten the backing chain into one image"), page);
    m_flatten->setObjectName(QStringLiteral("flattenButton"));
    m_flatten->setChecked(true);
    addRow(tr("Chain:"), m_flatten, hintLabel(tr("The target stands alone: every layer's data is copied."), page));
    m_keepBacking = new QRadioButton(tr("&Keep the backing file"), page);
    m_keepBacking->setObjectName(QStringLiteral("keepBackingButton"));
    m_keepBackingHint = hintLabel(QString(), page);
    m_keepBackingHint->setObjectName(QStringLiteral("keepBackingHint"));
    addRow(QString(), m_keepBacking, m_keepBackingHint);

    m_compress = new QCheckBox(tr("Co&mpress the clusters"), page);
    m_compress->setObjectName(QStringLiteral("compressBox"));
    addRow(tr("Compression:"), m_compress,
           hintLabel(tr("Smaller file, slower to write; later guest writes are stored uncompressed."), page));
    m_compressionType = new QComboBox(page);
    m_compressionType->setObjectName(QStringLiteral("compressionTypeBox"));
    m_compressionType->addItem(tr("zlib (any QEMU)"), QStringLiteral("zlib"));
    m_compressionType->addItem(tr("zstd (QEMU 5.1 and later)"), QStringLiteral("zstd"));
    addRow(tr("Compression &type:"), m_compressionType,
           hintLabel(tr("zstd decompresses faster and needs compatibility 1.1."), page));

    m_clusterSize = new QComboBox(page);
    m_clusterSize->setObjectName(QStringLiteral("clusterSizeBox"));
    for (uint64_t size = 512; size <= 2 * 1024 * 1024; size *= 2)
        m_clusterSize->addItem(SizeFormat::human(size), QVariant::fromValue<qulonglong>(size));
    m_clusterSize->setCurrentIndex(m_clusterSize->findData(QVariant::fromValue<qulonglong>(65536)));
    addRow(tr("C&luster size:"), m_clusterSize,
           hintLabel(tr("Larger clusters mean less metadata and better compression; smaller ones less waste."), page));

    m_compat = new QComboBox(page);
    m_compat->setObjectName(QStringLiteral("compatBox"));
    m_compat->addItem(tr("1.1 (QEMU 1.1 and later)"), QStringLiteral("1.1"));
    m_compat->addItem(tr("0.10 (very old QEMU)"), QStringLiteral("0.10"));
    addRow(tr("Com&patibility:"), m_compat, hintLabel(tr("0.10 only for very old readers; it cannot use zstd."), page));

    m_verify = new QCheckBox(tr("&Verify the result against the source afterwards"), page);
    m_verify->setObjectName(QStringLiteral("verifyBox"));
    m_verify->setChecked(true);
    auto* verifyHint = hintLabel(tr("Compares the guest content of both, as qemu-img compare does."), page);
    verifyHint->setObjectName(QStringLiteral("verifyHint"));
    addRow(QString(), m_verify, verifyHint);
    layout->addLayout(form);

    m_optionNote = plainLabel(page, "optionNote");
    layout->addSpacing(6);
    layout->addWidget(m_optionNote);
    page->addReasonLine();
    page->setReasonCheck([this] { return optionsProblem(); });
    page->setOnEnter([this] { updateOptionAvailability(); });
    page->setNext([] { return int(PreflightPage); });
    for (QComboBox* box : {m_snapshot, m_compressionType, m_clusterSize, m_compat})
        connect(box, &QComboBox::currentIndexChanged, this, [this, page] {
            updateOptionAvailability();
            page->revalidate();
        });
    for (QAbstractButton* button : std::initializer_list<QAbstractButton*>{m_flatten, m_keepBacking, m_compress, m_verify})
        connect(button, &QAbstractButton::toggled, this, [this, page] {
            updateOptionAvailability();
            page->revalidate();
        });
    return page;
}

// Only valid combinations can be picked: raw has no qcow2 options, a backing file is kept only
// by qcow2 from the active disk, zstd needs compat 1.1 (Qcow2OptionRules, gui-peers §5.2).
void ConvertWizard::updateOptionAvailability()
{
    const bool qcow2 = m_qcow2->isChecked();
    const bool fromSnapshot = m_snapshot->currentIndex() > 0;
    const bool hasBacking = !m_facts.backingPath.isEmpty();
    const bool canKeep = qcow2 && hasBacking && !fromSnapshot;
    m_keepBacking->setEnabled(canKeep);
    if (!canKeep && m_keepBacking->isChecked())
        m_flatten->setChecked(true);
    if (!hasBacking)
        m_keepBackingHint->setText(tr("The source has no backing file."));
    else if (!qcow2)
        m_keepBackingHint->setText(tr("Only a qcow2 target can have a backing file."));
    else if (fromSnapshot)
        m_keepBackingHint->setText(tr("A snapshot is copied whole, flattened."));
    else
        m_keepBackingHint->setText(tr("Copies only what the top image holds; the target reads the rest from %1.")
                                       .arg(DisplayText::escapeControls(QFileInfo(m_facts.backingPath).fileName())));

    m_compress->setEnabled(qcow2);
    if (!qcow2)
        m_compress->setChecked(false);
    m_clusterSize->setEnabled(qcow2);
    m_compat->setEnabled(qcow2);
    m_compressionType->setEnabled(qcow2 && m_compress->isChecked());
    Qcow2Choice current;
    current.compat11 = m_compat->currentData().toString() == QLatin1String("1.1");
    current.clusterSize = m_clusterSize->currentData().toULongLong();
    current.zstd = m_compress->isChecked() && m_compressionType->currentData().toString() == QLatin1String("zstd");
    for (int i = 0; i < m_compat->count(); ++i) {
        Qcow2Choice c = current;
        c.compat11 = m_compat->itemData(i).toString() == QLatin1String("1.1");
        setComboItemEnabled(m_compat, i, Qcow2OptionRules::accepts(c));
    }
    for (int i = 0; i < m_compressionType->count(); ++i) {
        Qcow2Choice c = current;
        c.zstd = m_compressionType->itemData(i).toString() == QLatin1String("zstd");
        setComboItemEnabled(m_compressionType, i, Qcow2OptionRules::accepts(c));
    }
    m_verify->setEnabled(!fromSnapshot);
    if (fromSnapshot)
        m_verify->setChecked(false);
    m_optionNote->setText(optionExplanation());
}

QString ConvertWizard::optionExplanation() const
{
    QStringList notes;
    if (!m_facts.snapshots.empty())
        notes << tr("The target gets no internal snapshots: only the state chosen above is copied.");
    if (m_snapshot->currentIndex() > 0)
        notes << tr("qemu-img compare cannot read a snapshot, so this copy is not verified.");
    return notes.join(QLatin1Char('\n'));
}

QString ConvertWizard::optionsProblem() const
{
    if (!m_qcow2->isChecked())
        return {};
    Qcow2Choice choice;
    choice.compat11 = m_compat->currentData().toString() == QLatin1String("1.1");
    choice.clusterSize = m_clusterSize->currentData().toULongLong();
    choice.zstd = m_compress->isChecked() && m_compressionType->currentData().toString() == QLatin1String("zstd");
    return Qcow2OptionRules::whyRefused(choice);
}

QString ConvertWizard::backingNameToStore() const
{
    // Relative when the backing file lies under the target's folder, so the pair can move
    // together; absolute otherwise.
    const QString relative = QFileInfo(targetPath()).absoluteDir().relativeFilePath(m_facts.backingPath);
    return relative.startsWith(QLatin1String("..")) ? m_facts.backingPath : relative;
}

ConvertPlan ConvertWizard::plan() const
{
    ConvertPlan plan;
    plan.source = QFileInfo(QDir::fromNativeSeparators(m_source->text().trimmed())).absoluteFilePath();
    plan.sourceFormat = m_facts.format;
    if (m_snapshot->currentIndex() > 0)
        plan.snapshotId = m_snapshot->currentData().toString();
    plan.target = targetPath();
    plan.targetFormat = m_qcow2->isChecked() ? QStringLiteral("qcow2") : QStringLiteral("raw");
    if (plan.isQcow2()) {
        plan.compress = m_compress->isChecked();
        plan.compressionType = m_compressionType->currentData().toString();
        plan.clusterSize = m_clusterSize->currentData().toULongLong();
        plan.compat = m_compat->currentData().toString();
        plan.keepBacking = m_keepBacking->isChecked() && m_keepBacking->isEnabled();
        if (plan.keepBacking) {
            plan.backingName = backingNameToStore();
            plan.backingFormat = m_facts.backingFormat;
        }
    }
    plan.verify = m_verify->isChecked();
    return plan;
}

QString ConvertWizard::commandLine() const
{
    return CommandLine::diskscopeImg(plan().commandArguments());
}

// ---- Pre-flight ------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildPreflightPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("preflightPage"));
    page->setTitle(tr("Pre-flight Check"));
    page->setSubTitle(tr("Will the target fit, and how long will it take? Nothing has been written yet."));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    m_needValue = plainLabel(page, "spaceNeededValue");
    form->addRow(tr("Space needed:"), m_needValue);
    m_freeValue = plainLabel(page, "freeSpaceValue");
    form->addRow(tr("Free on the target's file system:"), m_freeValue);
    m_copyValue = plainLabel(page, "dataToCopyValue");
    form->addRow(tr("Guest data to copy:"), m_copyValue);
    m_timeValue = plainLabel(page, "estimatedTimeValue");
    form->addRow(tr("Estimated time:"), m_timeValue);
    layout->addLayout(form);
    m_preflightText = plainLabel(page, "preflightText");
    m_preflightText->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_preflightText);
    layout->addSpacing(4);
    m_preflightWarnings = plainLabel(page, "preflightWarnings");
    layout->addWidget(m_preflightWarnings);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Equivalent command:"), page));
    m_preflightCommand = new CommandField(page);
    m_preflightCommand->setObjectName(QStringLiteral("preflightCommand"));
    layout->addWidget(m_preflightCommand);
    page->addReasonLine();
    page->setReasonCheck([this] { return preflightProblem(); });
    page->setOnEnter([this] { startPreflight(); });
    page->setNext([] { return int(CommitPage); });
    return page;
}

void ConvertWizard::startPreflight()
{
    const QString command = commandLine();
    m_preflightCommand->setCommand(command);
    m_freeBytes = uint64_t(std::max<qint64>(0, QStorageInfo(QFileInfo(targetPath()).absolutePath()).bytesAvailable()));
    if (m_preflight && m_preflightKey == command) {
        showPreflight();
        return;
    }
    m_preflight.reset();
    m_preflightKey = command;
    for (QLabel* value : {m_needValue, m_freeValue, m_copyValue, m_timeValue})
        value->setText(tr("…"));
    m_preflightText->setText(tr("Measuring the source and timing a sample read…"));
    m_preflightWarnings->clear();
    if (m_preflightJob) {
        disconnect(m_preflightJob, nullptr, this, nullptr);
        m_preflightJob->cancel();
    }
    const ConvertPlan current = plan();
    m_preflightJob = m_runner->run({Job::Kind::Measure, tr("Measure %1").arg(QFileInfo(current.source).fileName()),
                                    CommandLine::diskscopeImg({QStringLiteral("measure"), QStringLiteral("-U"),
                                                               QStringLiteral("-O"), current.targetFormat, current.source}),
                                    current.source, QString(), false},
                                   [current](JobChannel& channel, ProgressSink&, std::stop_token stop) {
                                       channel.setPhase(QT_TRANSLATE_NOOP("diskscope::ui::Job", "Measuring"));
                                       JobChannel::Outcome outcome = JobChannel::Outcome::success();
                                       outcome.payload = preflightConvert(current, stop);
                                       channel.setOutcome(std::move(outcome));
                                   });
    connect(m_preflightJob, &Job::finished, this, [this, job = m_preflightJob] {
        if (job != m_preflightJob)
            return;
        if (const auto* answer = std::any_cast<ConvertPreflight>(&job->payload()))
            m_preflight = *answer;
        else
            m_preflight = ConvertPreflight{job->message(), 0, 0, 0, 0, 0};
        showPreflight();
    });
    validatedPage(PreflightPage)->revalidate();
}

void ConvertWizard::showPreflight()
{
    if (!m_preflight)
        return;
    const ConvertPreflight& p = *m_preflight;
    const ConvertPlan current = plan();
    if (p.error.isEmpty()) {
        m_needValue->setText(
            tr("%1 (%2)").arg(SizeFormat::human(p.requiredBytes), SizeFormat::exact(p.requiredBytes)));
        m_freeValue->setText(SizeFormat::human(m_freeBytes));
        m_copyValue->setText(SizeFormat::human(p.bytesToCopy));
        if (p.sampleBytesPerSecond > 0 && p.bytesToCopy > 0)
            m_timeValue->setText(tr("%1 (a %2 sample read at %3/s)")
                                     .arg(roughDuration(double(p.bytesToCopy) / p.sampleBytesPerSecond),
                                          SizeFormat::human(p.sampleBytes),
                                          SizeFormat::human(uint64_t(p.sampleBytesPerSecond))));
        else
            m_timeValue->setText(tr("a moment (there is no data to copy)"));
        if (!current.isQcow2())
            m_preflightText->setText(tr("The raw file's length will be %1; only its data takes host space.")
                                         .arg(SizeFormat::human(m_facts.virtualSize)));
        else if (current.compress)
            m_preflightText->setText(tr("Compressed clusters take less: this is the most it can need."));
        else
            m_preflightText->setText(tr("As qemu-img measure computes it: data clusters and metadata."));

        QStringList warnings;
        if (!m_facts.snapshots.empty())
            warnings << plural(qulonglong(m_facts.snapshots.size()),
                               tr("The source's %1 internal snapshot is not carried over."),
                               tr("The source's %1 internal snapshots are not carried over."));
        if (QFileInfo::exists(current.target))
            warnings << tr("%1 is replaced when the conversion completes.").arg(QFileInfo(current.target).fileName());
        if (current.compress)
            warnings << tr("Compressing costs processor time: it may take longer than the estimate.");
        if (m_freeBytes >= p.requiredBytes && m_freeBytes - p.requiredBytes < m_freeBytes / 10)
            warnings << tr("The target's file system will be nearly full afterwards.");
        for (const HealthFinding& finding : m_facts.findings) {
            if (finding.severity != HealthSeverity::Info)
                warnings << tr("Source: %1").arg(EngineText::finding(finding).title);
        }
        for (QString& warning : warnings)
            warning.prepend(QStringLiteral("⚠ "));
        m_preflightWarnings->setText(warnings.join(QLatin1Char('\n')));
    } else {
        for (QLabel* value : {m_needValue, m_freeValue, m_copyValue, m_timeValue})
            value->clear();
        m_preflightText->clear();
        m_preflightWarnings->clear();
    }
    validatedPage(PreflightPage)->revalidate();
}

QString ConvertWizard::preflightProblem() const
{
    if (!m_preflight)
        return tr("Measuring the source…");
    if (!m_preflight->error.isEmpty())
        return tr("The source cannot be measured: %1").arg(DisplayText::escapeControls(m_preflight->error));
    if (m_preflight->requiredBytes > m_freeBytes)
        return tr("Not enough free space: the target needs %1 and its file system has %2 free.")
            .arg(SizeFormat::human(m_preflight->requiredBytes), SizeFormat::human(m_freeBytes));
    return {};
}

// ---- Commit ----------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildCommitPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("commitPage"));
    page->setTitle(tr("Ready to Convert"));
    page->setSubTitle(tr("Nothing has been written yet. Convert writes the new image; the source stays as it is."));
    page->setCommitPage(true);
    auto* layout = new QVBoxLayout(page);
    m_summary = plainLabel(page, "summaryText");
    layout->addWidget(m_summary);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Equivalent command:"), page));
    m_command = new CommandField(page);
    m_command->setObjectName(QStringLiteral("summaryCommand"));
    layout->addWidget(m_command);
    page->addReasonLine();
    page->setOnEnter([this] {
        m_summary->setText(summaryText());
        m_command->setCommand(commandLine());
    });
    page->setNext([] { return int(ProgressPage); });
    return page;
}

QString ConvertWizard::summaryText() const
{
    const ConvertPlan p = plan();
    QStringList lines;
    lines << tr("From: %1 (%2)").arg(DisplayText::escapeControls(p.source), p.sourceFormat);
    if (p.snapshotId)
        lines << tr("Copying: snapshot %1 (%2)").arg(*p.snapshotId, m_snapshot->currentText());
    else
        lines << tr("Copying: the current state");
    lines << tr("To: %1 (%2)").arg(DisplayText::escapeControls(p.target), p.targetFormat);
    if (p.isQcow2()) {
        lines << tr("Cluster size %1 · compatibility %2 · compression: %3")
                     .arg(SizeFormat::human(p.clusterSize), p.compat, p.compress ? p.compressionType : tr("none"));
        lines << (p.keepBacking ? tr("Backing file kept: %1 (%2)").arg(DisplayText::escapeControls(p.backingName),
                                                                         p.backingFormat)
                                : tr("Backing chain flattened"));
    }
    lines << (p.verify && !p.snapshotId ? tr("Then verified against the source.") : tr("Not verified afterwards."));
    lines << tr("The new image is written under a temporary name beside the target and gets its name only when "
                "complete.");
    return lines.join(QLatin1Char('\n'));
}

// ---- Progress --------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildProgressPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("progressPage"));
    page->setTitle(tr("Converting"));
    page->setSubTitle(tr("The image is copied in the background; you can stop at any time and nothing is left behind."));
    page->setCommitPage(true);  // the result page has no way back
    auto* layout = new QVBoxLayout(page);
    m_progressBar = new QProgressBar(page);
    m_progressBar->setObjectName(QStringLiteral("convertProgress"));
    m_progressBar->setRange(0, kBarScale);
    m_progressBar->setTextVisible(true);
    layout->addWidget(m_progressBar);
    m_progressText = plainLabel(page, "progressText");
    layout->addWidget(m_progressText);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    m_cancelButton = new QPushButton(tr("&Stop Converting"), page);
    m_cancelButton->setObjectName(QStringLiteral("stopButton"));
    row->addWidget(m_cancelButton);
    layout->addLayout(row);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_job && m_job->isRunning())
            m_job->cancel();
    });
    page->addReasonLine();
    page->setReasonCheck([this]() -> QString {
        if (m_job && m_job->isRunning())
            return tr("The result is shown when the conversion has finished.");
        return QString();
    });
    page->setOnEnter([this] { startConversion(); });
    // While the job runs there is no way forward; a failed or stopped job ends the wizard here.
    page->setNext([this] {
        return m_job && m_job->state() == Job::State::Succeeded ? int(ResultPage) : -1;
    });
    return page;
}

void ConvertWizard::startConversion()
{
    if (m_job)
        return;
    const ConvertPlan current = plan();
    const uint64_t sourceBytes = current.keepBacking ? m_facts.topAllocatedBytes : m_facts.allocatedBytes;
    m_job = m_runner->run({Job::Kind::Convert,
                           tr("Convert %1 to %2").arg(QFileInfo(current.source).fileName(),
                                                      QFileInfo(current.target).fileName()),
                           commandLine(), current.source, current.target, true},
                          [current, sourceBytes](JobChannel& channel, ProgressSink& progress, std::stop_token stop) {
                              runConvertJob(current, sourceBytes, channel, progress, stop);
                          });
    m_job->setProperty("verifies", current.verify && !current.snapshotId);
    connect(m_job, &Job::progressChanged, this, &ConvertWizard::showProgress);
    connect(m_job, &Job::finished, this, &ConvertWizard::conversionFinished);
    emit conversionStarted(m_job, current.target);
    m_progressText->setText(tr("Starting…"));
    m_cancelButton->setEnabled(true);
    validatedPage(ProgressPage)->revalidate();
}

void ConvertWizard::showProgress()
{
    if (!m_job)
        return;
    QStringList parts;
    const QString phase = m_job->phase();
    if (phase == QLatin1String("Verifying the result"))
        parts << tr("Verifying the result");
    else if (m_job->isRunning())
        parts << tr("Copying guest data");
    if (m_job->total() > 0) {
        // With verification the bar spans copy and compare; the text counts the current half.
        const uint64_t total = m_job->total();
        const bool halves = m_job->property("verifies").toBool();
        const uint64_t phaseTotal = halves ? total / 2 : total;
        const uint64_t phaseDone = halves && m_job->done() > phaseTotal ? m_job->done() - phaseTotal : m_job->done();
        parts << tr("%1 of %2").arg(SizeFormat::human(std::min(phaseDone, phaseTotal)), SizeFormat::human(phaseTotal));
        m_progressBar->setValue(int(double(m_job->done()) / double(total) * kBarScale));
    }
    if (m_job->bytesPerSecond() > 0)
        parts << tr("%1/s").arg(SizeFormat::human(uint64_t(m_job->bytesPerSecond())));
    if (const double left = m_job->secondsLeft(); left >= 0)
        parts << tr("%1 left").arg(roughDuration(left));
    m_progressText->setText(parts.join(QStringLiteral(" · ")));
}

void ConvertWizard::conversionFinished()
{
    m_cancelButton->setEnabled(false);
    if (m_closeWhenStopped) {
        QWizard::reject();
        return;
    }
    if (m_job->state() == Job::State::Succeeded) {
        if (const auto* result = std::any_cast<ConvertResult>(&m_job->payload()))
            m_result = *result;
        m_progressBar->setValue(kBarScale);
        next();
        return;
    }
    m_progressBar->setValue(0);
    m_progressText->setText(m_job->state() == Job::State::Cancelled
                                ? tr("Stopped. Nothing was written: no target and no temporary file were left.")
                                : tr("The conversion failed: %1\nNothing was left behind.").arg(m_job->message()));
    validatedPage(ProgressPage)->revalidate();
}

// ---- Result ----------------------------------------------------------------------------

ValidatedPage* ConvertWizard::buildResultPage()
{
    auto* page = new ValidatedPage;
    page->setObjectName(QStringLiteral("resultPage"));
    page->setTitle(tr("Conversion Complete"));
    page->setSubTitle(tr("The new image is in place. The source was not changed."));
    auto* layout = new QVBoxLayout(page);
    m_resultText = plainLabel(page, "resultText");
    layout->addWidget(m_resultText);
    m_verifyText = plainLabel(page, "verifyText");
    layout->addWidget(m_verifyText);
    auto* row = new QHBoxLayout;
    m_openButton = new QPushButton(tr("&Open Result"), page);
    m_openButton->setObjectName(QStringLiteral("openResultButton"));
    m_revealButton = new QPushButton(tr("Show in File &Manager"), page);
    m_revealButton->setObjectName(QStringLiteral("revealButton"));
    row->addWidget(m_openButton);
    row->addWidget(m_revealButton);
    row->addStretch(1);
    layout->addSpacing(8);
    layout->addLayout(row);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        emit openRequested(plan().target);
        accept();
    });
    connect(m_revealButton, &QPushButton::clicked, this, [this] {
        const QUrl folder = QUrl::fromLocalFile(QFileInfo(plan().target).absolutePath());
        if (urlOpener())
            urlOpener()(folder);
        else
            QDesktopServices::openUrl(folder);
    });
    page->addReasonLine();
    page->setOnEnter([this] { showResult(); });
    page->setNext([] { return -1; });
    return page;
}

void ConvertWizard::showResult()
{
    const ConvertPlan p = plan();
    QStringList lines;
    lines << tr("Written: %1").arg(DisplayText::escapeControls(p.target));
    if (m_result) {
        const ConvertResult& r = *m_result;
        lines << tr("Source on disk: %1 · result on disk: %2")
                     .arg(SizeFormat::human(r.sourceBytes), SizeFormat::human(r.targetBytes));
        if (r.targetBytes <= r.sourceBytes) {
            const qulonglong percent = r.sourceBytes ? qulonglong((r.sourceBytes - r.targetBytes) * 100 / r.sourceBytes) : 0;
            lines << tr("Saved %1 (%2 %)").arg(SizeFormat::human(r.sourceBytes - r.targetBytes)).arg(percent);
        } else {
            lines << tr("The result is %1 larger than the source.").arg(SizeFormat::human(r.targetBytes - r.sourceBytes));
        }
        if (!r.verified)
            m_verifyText->setText(tr("Not verified."));
        else if (!r.verifyError.isEmpty())
            m_verifyText->setText(tr("⚠ The verification could not run: %1").arg(r.verifyError));
        else if (r.identical)
            m_verifyText->setText(tr("✔ Verified: the result shows the same guest content as the source."));
        else
            m_verifyText->setText(tr("⚠ The result differs from the source at offset %1.").arg(r.mismatchOffset));
    }
    m_resultText->setText(lines.join(QLatin1Char('\n')));
}

void ConvertWizard::reject()
{
    if (m_job && m_job->isRunning()) {
        if (!Confirmation::ask(this, {tr("Stop Converting?"),
                                      tr("Stop converting to “%1”?").arg(QFileInfo(m_job->target()).fileName()),
                                      tr("The partly written image is removed; the source is not affected."),
                                      tr("Stop Converting")}))
            return;
        m_closeWhenStopped = true;
        m_job->cancel();
        return;
    }
    QWizard::reject();
}

}  // namespace diskscope::ui
