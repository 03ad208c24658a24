// SPDX-License-Identifier: GPL-2.0-or-later
// A small ordered JSON tree and qemu-img's pretty printer (4-space indent, "key": value).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace diskscope::cli {

// Objects keep their members in insertion order: qemu-img's key order is fixed but not
// alphabetical, and the printers insert members in that order.
class JsonValue {
public:
    enum class Kind { Null, Bool, Signed, Unsigned, String, Array, Object };

    JsonValue() = default;
    static JsonValue boolean(bool value);
    static JsonValue number(int64_t value);
    static JsonValue number(uint64_t value);
    static JsonValue string(std::string value);
    static JsonValue array();
    static JsonValue object();

    Kind kind() const { return m_kind; }
    bool isComposite() const { return m_kind == Kind::Array || m_kind == Kind::Object; }

    // Precondition: kind() == Array. Returns *this for chaining.
    JsonValue& append(JsonValue item);
    // Precondition: kind() == Object. Keys are not checked for duplicates.
    JsonValue& set(std::string key, JsonValue value);

    bool boolValue() const { return m_bool; }
    int64_t signedValue() const { return m_signed; }
    uint64_t unsignedValue() const { return m_unsigned; }
    const std::string& stringValue() const { return m_string; }
    // Array items or object member values, in order.
    const std::vector<JsonValue>& items() const { return m_items; }
    // Object member names, parallel to items(); empty for arrays.
    const std::vector<std::string>& keys() const { return m_keys; }

private:
    Kind m_kind = Kind::Null;
    bool m_bool = false;
    int64_t m_signed = 0;
    uint64_t m_unsigned = 0;
    std::string m_string;
    std::vector<JsonValue> m_items;
    std::vector<std::string> m_keys;
};

// A JSON string literal with qemu's escaping: \" \\ \b \f \n \r \t, other control
// characters and everything outside ASCII as \uXXXX (upper-case hex, surrogate pairs
// above U+FFFF), invalid UTF-8 as \uFFFD. '/' is not escaped.
std::string jsonQuote(std::string_view text);

// qemu's pretty form: members one per line, nested values indented by 4 more spaces,
// an empty array as "[", newline, closing bracket at the array's own indentation.
// No trailing newline: callers add it, as qemu-img does after the top-level value.
std::string formatPrettyJson(const JsonValue& value);

// A scalar as text for qemu-img's human dumps ("true", "65536", strings unquoted).
std::string scalarText(const JsonValue& value);

}  // namespace diskscope::cli
