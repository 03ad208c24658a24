// SPDX-License-Identifier: GPL-2.0-or-later
#include "diskscope/trust_policy.h"

#include <atomic>

namespace diskscope {
namespace {

std::atomic<bool> g_externalBackingAllowed{false};

}  // namespace

void setExternalBackingAllowedByDefault(bool allowed) { g_externalBackingAllowed.store(allowed); }
bool externalBackingAllowedByDefault() { return g_externalBackingAllowed.load(); }

}  // namespace diskscope
