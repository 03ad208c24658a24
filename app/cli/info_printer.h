// SPDX-License-Identifier: GPL-2.0-or-later
// qemu-img info's two output forms (JSON and human) for plain ImageInfo values.
#pragma once

#include <string>
#include <vector>

#include "diskscope/image_info.h"
#include "json_writer.h"

namespace diskscope::cli {

// One image as qemu-img 7.2's JSON object, keys in its observed order and with its
// presence rules (architecture.md §3.2).
JsonValue imageInfoToJson(const ImageInfo& info);
// The "format-specific" member: {"type": "qcow2", "data": {...}}. Null for raw.
JsonValue formatSpecificToJson(const ImageInfo& info);

// `info --output=json`: one object, or with --backing-chain an array of them, top first.
// Ends with a newline.
std::string formatInfoJson(const std::vector<ImageInfo>& chain, bool backingChain);

// `info` human form of one image, each line ending in '\n'.
std::string formatInfoHuman(const ImageInfo& info);
// Several images (--backing-chain): the blocks separated by one blank line.
std::string formatInfoHumanChain(const std::vector<ImageInfo>& chain);

// qemu-img's human dump of a JSON tree: "key: value" lines, '-' in keys shown as ' ',
// nested objects and arrays below "key:" indented 4 more, array items as "[i]".
std::string formatHumanTree(const JsonValue& object, int indentLevel);

}  // namespace diskscope::cli
