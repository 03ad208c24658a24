// SPDX-License-Identifier: GPL-2.0-or-later
// Formatting of map extents exactly as qemu-img 7.2 prints them.
#include "map_printer.h"

#include <cinttypes>
#include <cstdio>

namespace diskscope::cli {
namespace {

const char* boolText(bool value) { return value ? "true" : "false"; }

// printf's "%#-16" PRIx64: 0x-prefixed lower-case hex, except zero which is plain "0".
std::string hexColumn(uint64_t value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%#-16" PRIx64, value);
    return text;
}

}  // namespace

std::string formatMapJsonEntry(const MapEntry& entry)
{
    char text[256];
    std::snprintf(text, sizeof text,
                  "{ \"start\": %" PRIu64 ", \"length\": %" PRIu64 ", \"depth\": %u, \"present\": %s, \"zero\": %s, "
                  "\"data\": %s",
                  entry.start, entry.length, entry.depth, boolText(entry.present), boolText(entry.zero),
                  boolText(entry.data));
    std::string line = text;
    if (entry.hasOffset)
        line += ", \"offset\": " + std::to_string(entry.offset);
    line += '}';
    return line;
}

std::string formatMapJson(const std::vector<MapEntry>& entries)
{
    std::string out = "[";
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0)
            out += ",\n";
        out += formatMapJsonEntry(entries[i]);
    }
    out += "]\n";
    return out;
}

std::string mapHumanHeader()
{
    char text[80];
    std::snprintf(text, sizeof text, "%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File");
    return text;
}

std::string formatMapHumanRow(const MapEntry& entry)
{
    return hexColumn(entry.start) + hexColumn(entry.length) + hexColumn(entry.offset) + entry.filename + '\n';
}

MapHumanOutput formatMapHuman(const std::vector<MapEntry>& entries)
{
    MapHumanOutput output;
    output.text = mapHumanHeader();
    for (const MapEntry& entry : entries) {
        // Without a host offset there is nothing to put in "Mapped to"; qemu-img gives up.
        if (entry.data && !entry.hasOffset) {
            output.error = "File contains external, encrypted or compressed clusters.";
            break;
        }
        if (entry.data && !entry.zero)
            output.text += formatMapHumanRow(entry);
    }
    return output;
}

}  // namespace diskscope::cli
