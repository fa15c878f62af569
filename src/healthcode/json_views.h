// JSON shapes of the colour engine's API (GET /api/v1/me/colour and friends).
#pragma once

#include <boost/json.hpp>

#include "healthcode/colour_state.h"
#include "healthcode/health_service.h"

namespace ow::healthcode {

// {"colour","reasons":[{code,zh,en}],"streak","streak_required","green_from",
//  "quarantine_until","rules_version","under_review","changed_at","version"}
boost::json::object ColourJson(const ColourState& s);
boost::json::object TimelineEntryJson(const TimelineEntry& e);
boost::json::object DeclarationRecordJson(const DeclarationRecord& d);
boost::json::object AppealJson(const AppealRecord& a);
boost::json::object ReviewItemJson(const ReviewItem& r);

}  // namespace ow::healthcode
