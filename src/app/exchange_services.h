// The services OneWindow itself provides through the data exchange, composed from the colour
// engine, identity and tracing: department events pushed to the colour engine
// (CN-ZJ/GOV/330000-OW/healthcode/events) and a person's current colour for hospitals
// (.../healthcode/colour). The rules live in the modules (healthcode/department_events.h, the
// risk areas); this file only joins them behind exchange::LocalService.
#pragma once

#include "exchange/gateway.h"
#include "healthcode/health_service.h"
#include "identity/identity_service.h"
#include "trace/risk_areas.h"

namespace ow::app {

inline constexpr char kHealthcodeEventsService[] = "CN-ZJ/GOV/330000-OW/healthcode/events";
inline constexpr char kHealthcodeColourService[] = "CN-ZJ/GOV/330000-OW/healthcode/colour";

// POST .../healthcode/events: a department's event becomes a colour signal of the person
// (X-Road-UserId), applied in the gateway's transaction. A rail trip gives the risk area's
// signal when it left from an active risk area's region inside its window, else none.
class DepartmentEventsService : public exchange::LocalService {
 public:
  DepartmentEventsService(identity::IdentityService& identity,
                          healthcode::HealthCodeService& colours, trace::RiskAreaService& areas)
      : identity_(identity), colours_(colours), areas_(areas) {}
  Result<exchange::ApplyFn> Prepare(const exchange::LocalCall& call) override;

 private:
  identity::IdentityService& identity_;
  healthcode::HealthCodeService& colours_;
  trace::RiskAreaService& areas_;
};

// GET .../healthcode/colour: the person's live colour and since when, nothing else.
class ColourLookupService : public exchange::LocalService {
 public:
  ColourLookupService(identity::IdentityService& identity, healthcode::HealthCodeService& colours)
      : identity_(identity), colours_(colours) {}
  Result<exchange::ApplyFn> Prepare(const exchange::LocalCall& call) override;

 private:
  identity::IdentityService& identity_;
  healthcode::HealthCodeService& colours_;
};

}  // namespace ow::app
