// GET /api/v1/texts: the one table of the words the platform shows about codes — the gate's
// verdicts (online and offline), what each colour asks of a person (the rules' hints) and the
// colour names — so the code page, the inbox and the gate never word the same thing twice.
// The web app caches it for offline use; it is public and carries an ETag.
#pragma once

#include "healthcode/health_service.h"
#include "http/router.h"

namespace ow::app {

struct TextsDeps {
  healthcode::HealthCodeService& health_codes;  // the rules in force (hints)
};

void RegisterTextsRoutes(http::Router& router, const TextsDeps& deps);

}  // namespace ow::app
