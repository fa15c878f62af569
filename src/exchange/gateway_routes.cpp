// Routes of the exchange gateway (see gateway_routes.h).
#include "exchange/gateway_routes.h"

#include "http/route_table.h"

namespace ow::exchange {

namespace {

using http::Method;

constexpr char kCatchAll[] = "/r1/{*rest}";
constexpr Method kCatchAllMethods[] = {Method::kGet, Method::kPost, Method::kPut, Method::kDelete,
                                       Method::kPatch};

}  // namespace

void RegisterGatewayRoutes(http::Router& router, const GatewayDeps& deps,
                           const std::vector<GatewayRoute>& services) {
  Gateway* gateway = &deps.gateway;
  // Asynchronous: a call is answered after the group commit that holds it.
  auto call = [gateway](http::Request& req, http::Respond respond) {
    gateway->HandleAsync(req, std::move(respond));
  };
  for (const GatewayRoute& route : services) {
    // The router matches decoded paths; OneWindow's own service ids need no encoding.
    const std::string pattern = "/r1/" + route.service.ToString();
    for (Method m : route.methods) router.AddAsync(m, pattern, http::Public(), call);
  }
  for (Method m : kCatchAllMethods) {
    router.AddAsync(m, kCatchAll, http::Public(), call);
    router.Hide(m, kCatchAll);
  }
}

}  // namespace ow::exchange
