// SPDX-License-Identifier: GPL-2.0-or-later
#include "terminal_text.h"

#include <cstdint>
#include <cstdio>

namespace diskscope::cli {
namespace {

void appendByteEscape(std::string& out, uint8_t byte)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", byte);
    out += buf;
}

// Length of the UTF-8 sequence at text[at] and its code point; 0 when it is not valid UTF-8.
size_t decodeUtf8(std::string_view text, size_t at, uint32_t& codePoint)
{
    const uint8_t lead = static_cast<uint8_t>(text[at]);
    size_t length;
    uint32_t min;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, codePoint = lead & 0x1f, min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, codePoint = lead & 0x0f, min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, codePoint = lead & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (at + length > text.size())
        return 0;
    for (size_t i = 1; i < length; ++i) {
        const uint8_t next = static_cast<uint8_t>(text[at + i]);
        if ((next & 0xc0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return length;
}

bool isHiddenControl(uint32_t codePoint)
{
    return (codePoint >= 0x80 && codePoint <= 0x9f) ||        // C1 (0x9b is a one-byte CSI)
           (codePoint >= 0x202a && codePoint <= 0x202e) ||    // bidirectional embeddings, overrides
           (codePoint >= 0x2066 && codePoint <= 0x2069);      // bidirectional isolates
}

}  // namespace

std::string terminalSafe(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        const uint8_t byte = static_cast<uint8_t>(text[at]);
        if (byte < 0x80) {
            if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f)
                appendByteEscape(out, byte);
            else
                out += static_cast<char>(byte);
            ++at;
            continue;
        }
        uint32_t codePoint = 0;
        const size_t length = decodeUtf8(text, at, codePoint);
        if (length == 0) {
            appendByteEscape(out, byte);
            ++at;
        } else if (isHiddenControl(codePoint)) {
            char buf[12];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(codePoint));
            out += buf;
            at += length;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

}  // namespace diskscope::cli
