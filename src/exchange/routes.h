// HTTP routes of the exchange registry: the admin API for members, keys, services and access
// rights under /api/v1/admin/exchange/ (role admin), and the public read-only catalogue
// GET /api/v1/exchange/services (who shares what with whom, on which legal basis). The /r1/
// gateway routes live apart (gateway_routes.cpp). Identifiers contain '/', so they travel in
// the body or the query string, never in the path.
#pragma once

#include "core/clock.h"
#include "exchange/registry.h"
#include "http/router.h"

namespace ow::exchange {

struct ExchangeAdminDeps {
  Registry& registry;
  const Clock& clock;
};

void RegisterExchangeAdminRoutes(http::Router& router, const ExchangeAdminDeps& deps);

}  // namespace ow::exchange
