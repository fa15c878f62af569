// HTTP routes of the exchange module that face citizens and administrators: the citizen's
// consents (有条件共享), their data-use record (数据使用记录) with JSON and CSV export, disputes
// of a use, and the administrators' dispute queue.
#pragma once

#include <string>

#include "audit/audit.h"
#include "core/clock.h"
#include "exchange/consent_store.h"
#include "exchange/data_uses.h"
#include "exchange/disputes.h"
#include "http/router.h"
#include "identity/identity_service.h"

namespace ow::exchange {

struct CitizenRoutesDeps {
  ConsentStore& consents;
  DataUseRecord& uses;
  DisputeService& disputes;
  identity::IdentityService& identity;
  std::string index_key;  // KeyRing::index_key(), for PersonIndex
  const Clock& clock;
};

void RegisterCitizenRoutes(http::Router& router, const CitizenRoutesDeps& deps);

}  // namespace ow::exchange
