// SPDX-License-Identifier: GPL-2.0-or-later
// JSON tree building and qemu-style pretty printing with qemu's string escaping.
#include "json_writer.h"

#include <cstdio>

namespace diskscope::cli {

JsonValue JsonValue::boolean(bool value)
{
    JsonValue v;
    v.m_kind = Kind::Bool;
    v.m_bool = value;
    return v;
}

JsonValue JsonValue::number(int64_t value)
{
    JsonValue v;
    v.m_kind = Kind::Signed;
    v.m_signed = value;
    return v;
}

JsonValue JsonValue::number(uint64_t value)
{
    JsonValue v;
    v.m_kind = Kind::Unsigned;
    v.m_unsigned = value;
    return v;
}

JsonValue JsonValue::string(std::string value)
{
    JsonValue v;
    v.m_kind = Kind::String;
    v.m_string = std::move(value);
    return v;
}

JsonValue JsonValue::array()
{
    JsonValue v;
    v.m_kind = Kind::Array;
    return v;
}

JsonValue JsonValue::object()
{
    JsonValue v;
    v.m_kind = Kind::Object;
    return v;
}

JsonValue& JsonValue::append(JsonValue item)
{
    m_items.push_back(std::move(item));
    return *this;
}

JsonValue& JsonValue::set(std::string key, JsonValue value)
{
    m_keys.push_back(std::move(key));
    m_items.push_back(std::move(value));
    return *this;
}

namespace {

constexpr uint32_t kReplacementCharacter = 0xFFFD;

// Decodes one UTF-8 sequence at text[pos], advancing pos; malformed input (bad lead or
// continuation bytes, overlong forms, surrogates, beyond U+10FFFF) gives U+FFFD.
uint32_t decodeUtf8(std::string_view text, size_t& pos)
{
    const auto lead = static_cast<unsigned char>(text[pos++]);
    if (lead < 0x80)
        return lead;
    int continuation = 0;
    uint32_t codePoint = 0;
    uint32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        continuation = 1, codePoint = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        continuation = 2, codePoint = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        continuation = 3, codePoint = lead & 0x07, minimum = 0x10000;
    } else {
        return kReplacementCharacter;
    }
    for (int i = 0; i < continuation; ++i) {
        if (pos >= text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80)
            return kReplacementCharacter;
        codePoint = (codePoint << 6) | (static_cast<unsigned char>(text[pos++]) & 0x3F);
    }
    if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        return kReplacementCharacter;
    return codePoint;
}

void appendUnicodeEscape(std::string& out, uint32_t unit)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(unit));
    out += buffer;
}

void appendIndent(std::string& out, int level) { out.append(static_cast<size_t>(level) * 4, ' '); }

void appendPretty(std::string& out, const JsonValue& value, int level)
{
    switch (value.kind()) {
    case JsonValue::Kind::Array:
    case JsonValue::Kind::Object: {
        const bool isObject = value.kind() == JsonValue::Kind::Object;
        out += isObject ? '{' : '[';
        const auto& items = value.items();
        for (size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                out += ',';
            out += '\n';
            appendIndent(out, level + 1);
            if (isObject) {
                out += jsonQuote(value.keys()[i]);
                out += ": ";
            }
            appendPretty(out, items[i], level + 1);
        }
        out += '\n';
        appendIndent(out, level);
        out += isObject ? '}' : ']';
        break;
    }
    case JsonValue::Kind::String:
        out += jsonQuote(value.stringValue());
        break;
    default:
        out += scalarText(value);
        break;
    }
}

}  // namespace

std::string jsonQuote(std::string_view text)
{
    std::string out = "\"";
    size_t pos = 0;
    while (pos < text.size()) {
        const uint32_t codePoint = decodeUtf8(text, pos);
        switch (codePoint) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (codePoint >= 0x20 && codePoint < 0x7F) {
                out += static_cast<char>(codePoint);
            } else if (codePoint > 0xFFFF) {
                const uint32_t offset = codePoint - 0x10000;
                appendUnicodeEscape(out, 0xD800 | (offset >> 10));
                appendUnicodeEscape(out, 0xDC00 | (offset & 0x3FF));
            } else {
                appendUnicodeEscape(out, codePoint);  // control characters, DEL, non-ASCII
            }
            break;
        }
    }
    out += '"';
    return out;
}

std::string formatPrettyJson(const JsonValue& value)
{
    std::string out;
    appendPretty(out, value, 0);
    return out;
}

std::string scalarText(const JsonValue& value)
{
    switch (value.kind()) {
    case JsonValue::Kind::Null: return "null";
    case JsonValue::Kind::Bool: return value.boolValue() ? "true" : "false";
    case JsonValue::Kind::Signed: return std::to_string(value.signedValue());
    case JsonValue::Kind::Unsigned: return std::to_string(value.unsignedValue());
    case JsonValue::Kind::String: return value.stringValue();
    case JsonValue::Kind::Array:
    case JsonValue::Kind::Object: break;
    }
    return {};
}

}  // namespace diskscope::cli
