// SPDX-License-Identifier: GPL-2.0-or-later
// Health findings and engine errors in the user's language. Every HealthIssue and ErrorCode
// has its wording here (tst_engine_text walks them all); the values the sentences quote come
// from the finding's fields, never from parsing the engine's English.
#include "util/EngineText.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>
#include <cerrno>
#include <cstring>

#include "util/DisplayText.h"
#include "util/Plural.h"

namespace diskscope::ui {
namespace {

// "3, 5 and 7" in the user's language.
QString bitList(uint64_t bits)
{
    QStringList list;
    for (unsigned bit = 0; bit < 64; ++bit) {
        if (bits >> bit & 1)
            list << QLocale().toString(bit);
    }
    return QLocale().createSeparatedList(list);
}

QString fileNameOf(const std::string& path)
{
    return DisplayText::escapeControls(QFileInfo(QFile::decodeName(QByteArray::fromStdString(path))).fileName());
}

}  // namespace

EngineText::Finding EngineText::finding(const HealthFinding& f)
{
    const QString name = DisplayText::fromImage(f.subject);
    switch (f.issue) {
    case HealthIssue::Corrupt:
        return {tr("Marked corrupt"),
                tr("QEMU found an inconsistency in the metadata and refuses to write to this image until it is "
                   "repaired (diskscope-img check -r all)."),
                {}};
    case HealthIssue::Dirty:
        return {tr("Not closed cleanly (dirty)"),
                tr("The image was in use with lazy refcounts when it was last closed; its refcounts may be out of "
                   "date. The next read-write open repairs them, as check -r all does."),
                {}};
    case HealthIssue::LazyRefcounts:
        return {tr("Lazy refcounts"),
                tr("Refcounts are written late for speed; after a crash they must be repaired before the image is "
                   "written again."),
                {}};
    case HealthIssue::UnknownIncompatibleFeatures:
        return {tr("Unknown incompatible feature bits: %1").arg(bitList(f.bits)),
                tr("The image uses a format feature this program does not know; it must not be opened."), {}};
    case HealthIssue::UnknownCompatibleFeatures:
        return {tr("Unknown compatible feature bits: %1").arg(bitList(f.bits)),
                tr("A newer program recorded a feature that readers may safely ignore."), {}};
    case HealthIssue::UnknownAutoclearFeatures:
        return {tr("Unknown autoclear feature bits: %1").arg(bitList(f.bits)),
                tr("A newer program recorded extra data; the first write by an older program clears these bits and "
                   "the data they describe becomes stale."),
                {}};
    case HealthIssue::ExternalDataFile: {
        QString detail = tr("Guest data lives in \"%1\", not in this file: copy and move both together.").arg(name);
        if (f.rawDataFile)
            detail += QLatin1Char(' ') + tr("The data file is raw: it always holds the complete guest disk.");
        return {tr("External data file"), detail, {}};
    }
    case HealthIssue::DataFileNotFollowed:
        return {tr("External data file outside the image's directory not opened"),
                tr("The guest data of this image lives in \"%1\", outside the directory of the image that names it. "
                   "Names stored in an image are followed there only with your consent, so an image from elsewhere "
                   "cannot make Diskscope read or write arbitrary files.")
                    .arg(name),
                {}};
    case HealthIssue::BackingFormatNotRecorded:
        return {tr("Backing file format not recorded"),
                tr("The format of \"%1\" is guessed each time the chain opens; libvirt refuses such images and a raw "
                   "backing file could be mistaken for another format. Record it with rebase -u -F.")
                    .arg(name),
                {}};
    case HealthIssue::AbsoluteBackingName:
        return {tr("Absolute backing file name"),
                tr("\"%1\" is stored with its full path: the chain breaks when the files are moved or copied to "
                   "another machine together.")
                    .arg(name),
                {}};
    case HealthIssue::ParentBackingName:
        return {tr("Backing file name leaves the image's directory"),
                tr("\"%1\" contains \"..\": the backing file lies outside the image's directory and is easily left "
                   "behind when the image is copied.")
                    .arg(name),
                {}};
    case HealthIssue::BackingNotFollowed:
        return {tr("Backing file outside the image's directory not opened"),
                tr("\"%1\" lies outside the directory of the image that names it. Names stored in an image are "
                   "followed there only with your consent, so an image from elsewhere cannot make Diskscope read "
                   "arbitrary files.")
                    .arg(name),
                {}};
    case HealthIssue::BackingMissing:
        return {tr("Backing file missing"),
                tr("\"%1\" does not exist: the guest disk cannot be read. Put the file back, or point the image at "
                   "its new place with rebase -u.")
                    .arg(name),
                {}};
    case HealthIssue::BackingUnreadable:
        return {tr("Backing file cannot be opened"),
                f.cause ? error(*f.cause) : tr("\"%1\" cannot be opened: the guest disk cannot be read.").arg(name),
                f.cause ? errorDetail(*f.cause) : DisplayText::fromImage(f.detail)};
    case HealthIssue::DataBeyondEndOfFile:
        return {plural(f.count, tr("%1 reference past the end of the file"), tr("%1 references past the end of the file")),
                tr("Tables point at clusters beyond the end of the file (it was truncated or copied incompletely). "
                   "QEMU reads them as zeros, so guest data is missing there."),
                {}};
    case HealthIssue::Corruptions:
        return {tr("Corruptions found by check: %1").arg(QLocale().toString(qulonglong(f.count))),
                tr("Refcounts or table entries are inconsistent; writing to the image may damage data. Repair a copy "
                   "first with check -r all."),
                {}};
    case HealthIssue::Leaks:
        return {tr("Leaked clusters: %1").arg(QLocale().toString(qulonglong(f.count))),
                tr("Clusters are marked used but nothing refers to them: wasted space, no risk to data. check -r "
                   "leaks frees them."),
                {}};
    case HealthIssue::CheckFailed:
        return {tr("Check could not complete"),
                tr("The check stopped at an error, so leaks and corruptions after it are not known."),
                DisplayText::fromImage(f.detail)};
    }
    // Not reached for a known issue; keeps an unexpected value visible rather than blank.
    return {DisplayText::fromImage(f.title), DisplayText::fromImage(f.detail), {}};
}

QString EngineText::systemError(int err)
{
    switch (err) {
    case ENOENT:
        return tr("No such file or directory");
    case ENOTDIR:
        return tr("A part of the path is not a directory");
    case EACCES:
        return tr("Permission denied");
    case EPERM:
        return tr("Operation not permitted");
    case EISDIR:
        return tr("It is a directory");
    case EROFS:
        return tr("The file system is read-only");
    case ENOSPC:
        return tr("No space left on the device");
    case EDQUOT:
        return tr("Disk quota exceeded");
    case EFBIG:
        return tr("File too large");
    case EIO:
        return tr("Input/output error");
    case EBUSY:
        return tr("Device or resource busy");
    case EAGAIN:
        return tr("Resource temporarily unavailable");
    case EEXIST:
        return tr("The file already exists");
    case ENAMETOOLONG:
        return tr("File name too long");
    case ELOOP:
        return tr("Too many levels of symbolic links");
    case EMFILE:
    case ENFILE:
        return tr("Too many open files");
    case ENOMEM:
        return tr("Out of memory");
    case EINVAL:
        return tr("Invalid argument");
    case ENXIO:
        return tr("No such device or address");
    case EOPNOTSUPP:
        return tr("Operation not supported");
    }
    // Rare values: the number in the user's language, the system's own English as well.
    return tr("System error %1 (%2)").arg(err).arg(QString::fromLocal8Bit(std::strerror(err)));
}

QString EngineText::error(const Error& e)
{
    const QString file = fileNameOf(e.path);
    const bool named = !file.isEmpty();
    if (e.sysErrno != 0) {
        const QString why = systemError(e.sysErrno);
        switch (e.sysErrno) {
        case ENOENT:
        case ENOTDIR:
            return named ? tr("Cannot open %1: %2").arg(file, why) : tr("A file cannot be opened: %1").arg(why);
        case ENOSPC:
        case EDQUOT:
        case EFBIG:
            return named ? tr("Cannot write %1: %2").arg(file, why) : tr("A file cannot be written: %1").arg(why);
        default:
            return named ? tr("Cannot access %1: %2").arg(file, why) : tr("A file cannot be accessed: %1").arg(why);
        }
    }
    switch (e.code) {
    case ErrorCode::NotFound:
        return named ? tr("What was asked for does not exist in %1.").arg(file) : tr("What was asked for does not exist.");
    case ErrorCode::InvalidArgument:
        return named ? tr("This is not possible for %1.").arg(file) : tr("This is not possible with these settings.");
    case ErrorCode::Corrupt:
        return named ? tr("%1 is damaged or not a valid image.").arg(file) : tr("The image is damaged or not valid.");
    case ErrorCode::Unsupported:
        return named ? tr("Diskscope does not support this for %1.").arg(file)
                     : tr("Diskscope does not support this.");
    case ErrorCode::IoError:
        return named ? tr("Reading or writing %1 failed.").arg(file) : tr("Reading or writing a file failed.");
    case ErrorCode::NoSpace:
        return named ? tr("There is not enough space for %1.").arg(file) : tr("There is not enough space.");
    case ErrorCode::Locked:
        return named ? tr("%1 is in use by another program.").arg(file) : tr("The image is in use by another program.");
    case ErrorCode::Cancelled:
        return tr("Cancelled.");
    case ErrorCode::Untrusted:
        return named ? tr("%1 lies outside the image's directory and is not opened without your consent.").arg(file)
                     : tr("A name stored in the image leads outside its directory and is not followed without your "
                          "consent.");
    }
    return errorDetail(e);
}

QString EngineText::errorDetail(const Error& e)
{
    return DisplayText::fromImage(describe(e));
}

}  // namespace diskscope::ui
