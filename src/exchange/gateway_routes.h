// The exchange gateway's routes. Each local service has its own documented route
// (`/r1/<service id>`, its methods); every other /r1/ target reaches the gateway through a
// catch-all kept out of the API description, so that an unknown service or a malformed target
// is answered as X-Road answers it (X-Road-Error, {type, message, detail}). The calls are
// authenticated by their signature, not by a session: the routes are public to the dispatcher.
#pragma once

#include <string>
#include <vector>

#include "exchange/gateway.h"
#include "http/router.h"

namespace ow::exchange {

struct GatewayDeps {
  Gateway& gateway;
};

// A local service's route: its id and the methods it answers.
struct GatewayRoute {
  ServiceId service;
  std::vector<http::Method> methods;
};

void RegisterGatewayRoutes(http::Router& router, const GatewayDeps& deps,
                           const std::vector<GatewayRoute>& services);

}  // namespace ow::exchange
