// SPDX-License-Identifier: GPL-2.0-or-later
// Temporary: operations not written yet. Replaced piece by piece by the real implementations.
#include "diskscope/chain.h"
#include "diskscope/open.h"
#include "diskscope/ops/compare.h"
#include "diskscope/ops/convert.h"
#include "diskscope/ops/info.h"
#include "diskscope/ops/map.h"

namespace diskscope {
namespace {
Error pending() { return makeError(ErrorCode::Unsupported, "not implemented yet"); }
}  // namespace

Result<std::vector<ImageInfo>> info(const InfoOptions&) { return pending(); }
Result<std::vector<MapEntry>> mapChain(Chain&, const MapOptions&) { return pending(); }
Status convert(const ConvertOptions&, ProgressSink&, std::stop_token) { return pending(); }
Result<CompareReport> compare(const CompareOptions&, ProgressSink&, std::stop_token, CompareStage*)
{
    return pending();
}
Result<std::unique_ptr<Chain>> Chain::open(const std::string&, const OpenOptions&) { return pending(); }
std::unique_ptr<Chain> Chain::fromImage(std::unique_ptr<Image> image, std::string name)
{
    auto chain = std::unique_ptr<Chain>(new Chain());
    chain->m_layers.push_back({std::move(image), std::move(name)});
    return chain;
}
Chain::~Chain() = default;
Result<ChainStatus> Chain::blockStatus(uint64_t, uint64_t) { return pending(); }
Result<BlockStatus> Chain::layerStatus(size_t, uint64_t, uint64_t) { return pending(); }
std::string resolveBackingName(const std::string&, const std::string& name) { return name; }
}  // namespace diskscope
