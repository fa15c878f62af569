// Route table of the exchange gateway (see gateway_routes.h).
#include "exchange/gateway_routes.h"

#include "http/route_table.h"

namespace ow::exchange {

namespace {

using http::Method;

Result<http::Response> Call(const GatewayDeps& d, http::Request& req) {
  return d.gateway.Handle(req);
}

}  // namespace

void RegisterGatewayRoutes(http::Router& router, const GatewayDeps& deps) {
  const http::Access signed_calls = http::Public();
  http::AddRoutes<GatewayDeps>(router, deps,
                               {
                                   {Method::kGet, "/r1/{*rest}", signed_calls, Call},
                                   {Method::kPost, "/r1/{*rest}", signed_calls, Call},
                                   {Method::kPut, "/r1/{*rest}", signed_calls, Call},
                                   {Method::kDelete, "/r1/{*rest}", signed_calls, Call},
                               });
}

}  // namespace ow::exchange
