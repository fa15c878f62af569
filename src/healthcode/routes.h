// HTTP routes of the colour engine: the citizen's declarations, corrections, check-ins,
// colour, timeline and appeals; officials' review queue; department signals; the rules.
#pragma once

#include "healthcode/health_service.h"
#include "http/router.h"
#include "identity/identity_service.h"

namespace ow::healthcode {

struct HealthCodeDeps {
  HealthCodeService& health_codes;
  identity::IdentityService& identity;
};

void RegisterHealthCodeRoutes(http::Router& router, const HealthCodeDeps& deps);

}  // namespace ow::healthcode
