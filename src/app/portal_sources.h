// The public portal's sources from other modules (risk areas from tracing, the colour rules in
// plain words from the colour engine, fever clinics from the hospital directory), given to the
// notices module as callbacks so it reads none of their tables.
#pragma once

#include "checkpoint/places.h"
#include "healthcode/health_service.h"
#include "hospital/directory.h"
#include "notices/portal.h"
#include "trace/risk_areas.h"

namespace ow::app {

notices::PortalSources MakePortalSources(trace::RiskAreaService& areas,
                                         checkpoint::PlaceService& places,
                                         hospital::HospitalDirectory& hospitals,
                                         healthcode::HealthCodeService& colours);

// The colour rules in plain words (a reason template with the day and the check-in count left
// out: "因某日确诊，需集中隔离14天").
notices::PlainRules PlainRulesOf(const healthcode::Rules& rules);

}  // namespace ow::app
