// Department events: what departments push to the colour engine through the data exchange
// (docs/exchange.md, "Directions"): a fever-clinic visit, a fever-medicine purchase, a test
// result, a rail trip. The body is {"type", "occurred_at", "detail": {...}}; this file reads it
// strictly and says which colour signal it gives. A rail trip gives a signal only when it left
// from an active risk area, which the caller decides (risk areas belong to tracing).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "healthcode/colour_state.h"

namespace ow::healthcode {

struct DepartmentEvent {
  std::string type;  // fever_clinic_visit | fever_drug_purchase | test_result | rail_trip
  int64_t occurred_at_ms = 0;
  std::string test_result;  // test_result: "positive" | "negative"
  std::string from_region;  // rail_trip: GB/T 2260 code of the departure station
  std::string train;        // rail_trip: e.g. "G7311" (optional)
  std::string place;        // fever_clinic_visit: the clinic; fever_drug_purchase: the pharmacy
};

// Reads an event body; Invalid with JSON paths (and codes) for every bad field.
Result<DepartmentEvent> ReadDepartmentEvent(const boost::json::object& body);

// The signal kind the event gives on its own; nullopt for a rail trip (see above).
std::optional<SignalKind> SignalKindOf(const DepartmentEvent& e);

// Text for officials (never shown to other citizens): what happened, without the person.
std::string DescribeEvent(const DepartmentEvent& e);

}  // namespace ow::healthcode
