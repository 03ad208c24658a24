// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/SizeEntry.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>
#include <limits>

#include "util/SizeFormat.h"

namespace diskscope::ui {
namespace {

// The unit box's entries, as powers of 1024.
constexpr int kUnitShift[] = {0, 10, 20, 30, 40};
// qemu-img takes sizes up to INT64_MAX.
constexpr uint64_t kLargest = uint64_t(std::numeric_limits<int64_t>::max());

}  // namespace

SizeEntry::SizeEntry(QWidget* parent) : QWidget(parent)
{
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_number = new QLineEdit(this);
    m_number->setObjectName(QStringLiteral("sizeNumber"));
    m_number->setAccessibleName(tr("Size"));
    m_number->setMaximumWidth(140);
    m_unit = new QComboBox(this);
    m_unit->setObjectName(QStringLiteral("sizeUnit"));
    m_unit->addItems({tr("bytes"), tr("KiB"), tr("MiB"), tr("GiB"), tr("TiB")});
    m_unit->setCurrentIndex(3);
    m_unit->setAccessibleName(tr("Size unit"));
    m_exact = new QLabel(this);
    m_exact->setObjectName(QStringLiteral("sizeExact"));
    m_exact->setTextFormat(Qt::PlainText);
    m_exact->setForegroundRole(QPalette::PlaceholderText);
    row->addWidget(m_number);
    row->addWidget(m_unit);
    row->addSpacing(8);
    row->addWidget(m_exact, 1);
    connect(m_number, &QLineEdit::textChanged, this, &SizeEntry::update);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &SizeEntry::update);
    update();
}

std::optional<uint64_t> SizeEntry::bytes() const
{
    const QString text = m_number->text().trimmed();
    // Digits with an optional fraction in either the C or the user's decimal separator.
    static const QRegularExpression number(QStringLiteral("^\\d{1,20}([.,]\\d{1,12})?$"));
    if (!number.match(text).hasMatch())
        return std::nullopt;
    QString plain = text;
    plain.replace(QLatin1Char(','), QLatin1Char('.'));
    const int dot = plain.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? plain : plain.left(dot);
    const QString fraction = dot < 0 ? QString() : plain.mid(dot + 1);
    bool ok = false;
    const qulonglong integer = whole.toULongLong(&ok);
    if (!ok)
        return std::nullopt;
    const int shift = kUnitShift[std::max(0, m_unit->currentIndex())];
    if (integer > (kLargest >> shift))
        return std::nullopt;
    uint64_t result = uint64_t(integer) << shift;
    if (!fraction.isEmpty()) {
        // Fractions of a unit are exact enough in long double and end on a whole byte.
        const long double part = (QStringLiteral("0.") + fraction).toDouble() * std::ldexp(1.0L, shift);
        const long double rounded = std::floor(part + 0.5L);
        if (shift == 0 && rounded != part)
            return std::nullopt;
        result += uint64_t(rounded);
        if (result > kLargest)
            return std::nullopt;
    }
    return result;
}

QString SizeEntry::problem() const
{
    const QString text = m_number->text().trimmed();
    if (text.isEmpty())
        return tr("Enter a size.");
    if (bytes())
        return {};
    static const QRegularExpression number(QStringLiteral("^\\d+([.,]\\d+)?$"));
    if (!number.match(text).hasMatch())
        return tr("“%1” is not a number.").arg(text);
    if (m_unit->currentIndex() == 0 && text.contains(QRegularExpression(QStringLiteral("[.,]"))))
        return tr("A size in bytes must be a whole number.");
    return tr("The size is larger than 8 EiB, the largest a disk image can have.");
}

void SizeEntry::setBytes(uint64_t value)
{
    int unit = 4;
    while (unit > 0 && (value & ((uint64_t(1) << kUnitShift[unit]) - 1)) != 0)
        --unit;
    setText(QString::number(value >> kUnitShift[unit]), unit);
}

void SizeEntry::setText(const QString& number, int unitIndex)
{
    const QSignalBlocker block(m_unit);
    m_unit->setCurrentIndex(unitIndex);
    m_number->setText(number);
    update();
}

void SizeEntry::update()
{
    const auto value = bytes();
    m_exact->setText(value ? tr("= %1").arg(SizeFormat::exact(*value)) : QString());
    emit changed();
}

}  // namespace diskscope::ui
