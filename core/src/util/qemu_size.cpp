// SPDX-License-Identifier: GPL-2.0-or-later
// qemu-img compatible size parsing: accepted spellings and rounding (moved here from app/cli so
// the engine's create options parse sizes the same way).
#include "diskscope/qemu_size.h"

#include <bit>
#include <cctype>
#include <charconv>
#include <limits>
#include <string>

namespace diskscope {
namespace {

constexpr uint64_t kMaxSize = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// Multiplier for a suffix letter, 0 when `c` is not a suffix.
uint64_t suffixMultiplier(char c)
{
    switch (std::tolower(static_cast<unsigned char>(c))) {
    case 'b': return 1;
    case 'k': return uint64_t{1} << 10;
    case 'm': return uint64_t{1} << 20;
    case 'g': return uint64_t{1} << 30;
    case 't': return uint64_t{1} << 40;
    case 'p': return uint64_t{1} << 50;
    case 'e': return uint64_t{1} << 60;
    default: return 0;
    }
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The fraction as a 64-bit binary fixed-point number (fraction * 2^64), which is how
// qemu-img 7.2 behaves observably: fractions below 2^-64 count as zero ("0.00000000000000000005"
// is accepted without a suffix), and a fraction whose double rounds up to 1.0
// ("0.99999999999999999k") contributes nothing at all.
uint64_t fractionFixedPoint(std::string_view digits)
{
    std::string decimal = "0.";
    decimal.append(digits);
    double fraction = 0.0;
    std::from_chars(decimal.data(), decimal.data() + decimal.size(), fraction);
    if (fraction >= 1.0)
        return 0;
    // Exact: scaling a double by a power of two only changes its exponent.
    return static_cast<uint64_t>(fraction * 18446744073709551616.0);
}

}  // namespace

ParsedSize parseQemuSize(std::string_view text)
{
    ParsedSize result;
    size_t pos = 0;
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
        ++pos;
    if (pos < text.size() && text[pos] == '+')
        ++pos;  // a '-' is never accepted, not even "-0"

    const size_t digitsStart = pos;
    while (pos < text.size() && isDigit(text[pos]))
        ++pos;
    if (pos == digitsStart)
        return result;  // no integral digits: "", ".5k", "k", "inf"

    bool overflow = false;
    uint64_t integral = 0;
    bool hex = false;
    const std::string_view decimalDigits = text.substr(digitsStart, pos - digitsStart);
    if (decimalDigits == "0" && pos < text.size() && (text[pos] == 'x' || text[pos] == 'X')) {
        const size_t hexStart = ++pos;
        while (pos < text.size() && isHexDigit(text[pos]))
            ++pos;
        if (pos == hexStart)
            return result;  // "0x"
        auto [end, ec] = std::from_chars(text.data() + hexStart, text.data() + pos, integral, 16);
        (void)end;
        overflow = ec == std::errc::result_out_of_range;
        hex = true;
        if (pos < text.size() && text[pos] == '.')
            return result;  // hex numbers take no fraction
    } else {
        // Decimal even with leading zeros: "00012" is twelve, "08" is eight.
        auto [end, ec] = std::from_chars(decimalDigits.data(), decimalDigits.data() + decimalDigits.size(),
                                         integral, 10);
        (void)end;
        overflow = ec == std::errc::result_out_of_range;
    }

    if (overflow) {
        // qemu-img stops at an integral part beyond 64 bits, whatever follows it.
        result.outcome = ParsedSize::Outcome::OutOfRange;
        return result;
    }

    uint64_t fraction = 0;  // fixed point, see fractionFixedPoint
    if (!hex && pos < text.size() && text[pos] == '.') {
        const size_t fractionStart = ++pos;  // "1." and "1.k" are fine without digits
        while (pos < text.size() && isDigit(text[pos]))
            ++pos;
        fraction = fractionFixedPoint(text.substr(fractionStart, pos - fractionStart));
    }

    uint64_t multiplier = 1;
    if (pos < text.size()) {
        multiplier = suffixMultiplier(text[pos]);
        if (multiplier == 0)
            return result;
        ++pos;
        result.hexWithSuffix = hex;
    }
    if (pos != text.size())
        return result;  // trailing characters: "1kb", "1 ", "1k5"
    if (multiplier == 1 && fraction != 0)
        return result;  // fractional bytes: "1.5", "0.5b"

    // The fraction's bytes: fraction * multiplier / 2^64 to the nearest byte, halves up
    // (1.00048828125k is 1025). Multipliers are 2^bits, so this is a rounded shift.
    const int multiplierBits = std::countr_zero(multiplier);
    uint64_t fractionBytes = 0;
    if (multiplierBits > 0) {
        const int shift = 64 - multiplierBits;
        fractionBytes = (fraction >> shift) + ((fraction >> (shift - 1)) & 1);
    }
    if (integral > (kMaxSize - fractionBytes) / multiplier) {
        result.outcome = ParsedSize::Outcome::OutOfRange;
        return result;
    }
    const uint64_t total = integral * multiplier + fractionBytes;
    result.outcome = ParsedSize::Outcome::Ok;
    result.bytes = total;
    return result;
}

}  // namespace diskscope
