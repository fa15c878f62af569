// The exchange gateway's routes: every method on /r1/... goes to Gateway::Handle. The calls
// are authenticated by their signature, not by a session, so the routes are public to the
// dispatcher.
#pragma once

#include "exchange/gateway.h"
#include "http/router.h"

namespace ow::exchange {

struct GatewayDeps {
  Gateway& gateway;
};

void RegisterGatewayRoutes(http::Router& router, const GatewayDeps& deps);

}  // namespace ow::exchange
