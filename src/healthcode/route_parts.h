// The parts of RegisterHealthCodeRoutes, one per audience (internal to the module).
#pragma once

#include "healthcode/health_service.h"
#include "http/router.h"
#include "identity/identity_service.h"

namespace ow::healthcode {

// /api/v1/me/{declarations,corrections,checkins,colour,colour/timeline,appeals}
void RegisterCitizenRoutes(http::Router& router, HealthCodeService& svc);
// /api/v1/reviews, /api/v1/signals, /api/v1/rules, /api/v1/admin/rules/reload
void RegisterOfficialRoutes(http::Router& router, HealthCodeService& svc,
                            identity::IdentityService& identity);

}  // namespace ow::healthcode
