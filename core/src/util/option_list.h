// SPDX-License-Identifier: GPL-2.0-or-later
// QEMU's "k=v,k=v" option strings, where ",," stands for a literal comma.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace diskscope {

// The items between single commas, with ",," turned into ','. Empty items are kept
// (",a" gives "" and "a"); callers decide what they mean.
inline std::vector<std::string> splitOptionList(std::string_view text)
{
    std::vector<std::string> items(1);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != ',') {
            items.back() += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == ',') {
            items.back() += ',';
            ++i;
        } else {
            items.emplace_back();
        }
    }
    return items;
}

// `value` in QEMU's option syntax: every comma written twice (the inverse of the split).
inline std::string escapeOptionValue(std::string_view value)
{
    std::string out;
    for (char c : value) {
        out += c;
        if (c == ',')
            out += ',';
    }
    return out;
}

}  // namespace diskscope
