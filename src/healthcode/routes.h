// HTTP routes of the colour engine: the citizen's declarations, corrections, check-ins,
// colour, timeline and appeals; officials' review queue; department signals; the rules.
#pragma once

#include "healthcode/health_service.h"
#include "http/router.h"
#include "identity/identity_service.h"

namespace ow::healthcode {

void RegisterHealthCodeRoutes(http::Router& router, HealthCodeService& service,
                              identity::IdentityService& identity);

}  // namespace ow::healthcode
