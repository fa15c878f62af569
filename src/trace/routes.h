// HTTP routes of the tracing module: case reports and contacts, risk areas (public list and
// Atom feed).
#pragma once

#include "checkpoint/places.h"
#include "core/clock.h"
#include "http/router.h"
#include "identity/identity_service.h"
#include "trace/cases.h"
#include "trace/risk_areas.h"

namespace ow::trace {

struct TraceDeps {
  CaseService& cases;
  RiskAreaService& areas;
  checkpoint::PlaceService& places;
  identity::IdentityService& identity;
  const Clock& clock;
};

void RegisterTraceRoutes(http::Router& router, const TraceDeps& deps);

}  // namespace ow::trace
