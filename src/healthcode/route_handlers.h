// The HTTP handlers of the colour engine, one per route (internal to the module): the table in
// routes.cpp names them. Citizens' handlers are in citizen_routes.cpp, officials' and systems'
// in official_routes.cpp.
#pragma once

#include "healthcode/routes.h"
#include "http/api.h"

namespace ow::healthcode {

using Handler = Result<http::Response> (*)(const HealthCodeDeps&, http::Request&);

// /api/v1/me/...: the caller's own declarations, corrections, check-ins, colour and appeals.
Result<http::Response> PostDeclaration(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> PostCorrection(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> ListDeclarations(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> PostCheckIn(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> MyColour(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> MyTimeline(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> PostAppeal(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> ListAppeals(const HealthCodeDeps& d, http::Request& req);

// Officials' review queue and decisions, department signals, the rules.
Result<http::Response> ReviewQueue(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> DecideReview(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> PostSignal(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> GetRules(const HealthCodeDeps& d, http::Request& req);
Result<http::Response> ReloadRules(const HealthCodeDeps& d, http::Request& req);

}  // namespace ow::healthcode
