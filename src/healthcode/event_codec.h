// Storage form of events and states: the JSON held in hc_events.data and hc_state.state.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "core/status.h"
#include "healthcode/colour_state.h"
#include "healthcode/events.h"

namespace ow::healthcode {

// The type-specific part of an event as JSON (the common columns are stored separately).
std::string EventDataJson(const Event& e);
// Rebuilds an event from its columns and data JSON.
Result<Event> EventFromStored(std::string id, std::string_view type, int64_t at_ms,
                              int64_t recorded_ms, std::string_view data);

boost::json::object DeclarationJson(const Declaration& d);

// A ColourState with millisecond times, for hc_state.state.
std::string StateToStoredJson(const ColourState& s);
Result<ColourState> StateFromStoredJson(std::string_view text);

}  // namespace ow::healthcode
