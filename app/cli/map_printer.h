// SPDX-License-Identifier: GPL-2.0-or-later
// qemu-img map's output: JSON lines and the human "Offset Length Mapped to File" table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diskscope/ops/map.h"

namespace diskscope::cli {

// One JSON line of map: `{ "start": 0, ..., "data": true, "offset": 327680}` (no
// "compressed" key: that is a later qemu-img's addition).
std::string formatMapJsonEntry(const MapEntry& entry);
// All entries: the first prefixed "[", the others ",\n", then "]\n".
std::string formatMapJson(const std::vector<MapEntry>& entries);

// The human table's column header line, with its newline.
std::string mapHumanHeader();
// One table row "%#-16x%#-16x%#-16x%s\n": start, length, host offset, file.
std::string formatMapHumanRow(const MapEntry& entry);

struct MapHumanOutput {
    std::string text;                  // header and rows printed before any error
    std::optional<std::string> error;  // set when an extent cannot be shown
};
// The human table for entries merged with MapStyle::Human: rows only for extents that
// hold data and do not read as zero. A data extent without a host offset (compressed)
// stops the table with qemu-img's error, after the rows before it.
MapHumanOutput formatMapHuman(const std::vector<MapEntry>& entries);

}  // namespace diskscope::cli
