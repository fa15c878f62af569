// Field-by-field validation of the colour engine's request bodies (problem+json paths).
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <string_view>

#include "core/status.h"
#include "healthcode/events.h"
#include "healthcode/rules.h"
#include "http/json.h"

namespace ow::healthcode {

// Reads a health declaration: residence_region (GB/T 2260), temperature 34.0-43.0, known
// symptoms, travel [{region, from, to}] within the last 14 days (Shanghai) and not in the
// future, contact_with_case, consent (must be true). Extra allowed keys may be named.
Result<Declaration> ReadDeclaration(const boost::json::object& body, const Rules& rules,
                                    int64_t now_ms,
                                    std::initializer_list<std::string_view> extra_keys = {});

// Reads a daily check-in {temperature, symptoms}.
Result<CheckIn> ReadCheckIn(const boost::json::object& body, const Rules& rules);

// Validates a temperature and a symptom list, recording errors on f.
void CheckTemperature(http::FieldReader& f, std::optional<double> t);
std::vector<std::string> ReadSymptoms(http::FieldReader& f, const boost::json::object& body,
                                      const Rules& rules);

}  // namespace ow::healthcode
