// The public risk-area list as an Atom feed (RFC 4287), so other platforms and notice boards
// can follow it.
#pragma once

#include <string>
#include <vector>

#include "trace/risk_areas.h"

namespace ow::trace {

// `self` is the feed's own URL path; `now_ms` dates an empty feed.
std::string RiskAreaAtom(const std::vector<RiskArea>& areas, const std::string& self,
                         int64_t now_ms);

}  // namespace ow::trace
