// Route tables: how every module registers its HTTP routes. A module lists its routes as a short
// table of (method, path, who may call, named handler) over one struct of its dependencies:
//
//   void RegisterPlaceRoutes(http::Router& router, const PlaceDeps& deps) {
//     http::AddRoutes(router, deps, {
//         {Method::kGet, "/api/v1/places", kViewers, ListPlaces},
//         {Method::kPost, "/api/v1/scans", kScanners, Scan},  // asynchronous
//     });
//   }
//
// A handler returns Result<Response>: a non-ok Status becomes the RFC 9457 problem for the
// request's path, so handlers use OW_ASSIGN_OR_RETURN / OW_RETURN_IF_ERROR instead of building
// problems by hand. An asynchronous handler (a group-committed write) returns a Status: non-ok
// means "answer this problem now" (it must not have kept `respond`); ok means it has taken
// `respond` and calls it exactly once, from any thread.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "http/router.h"

namespace ow::http {

template <class Deps>
struct Route {
  using Sync = Result<Response> (*)(const Deps&, Request&);
  using Async = Status (*)(const Deps&, Request&, Respond&);

  Route(Method m, std::string_view p, Access a, Sync h)
      : method(m), pattern(p), access(std::move(a)), sync(h) {}
  Route(Method m, std::string_view p, Access a, Async h)
      : method(m), pattern(p), access(std::move(a)), async(h) {}

  Method method;
  std::string pattern;
  Access access;
  Sync sync = nullptr;
  Async async = nullptr;
};

// The response for a handler's result: the response itself, or the problem for its status.
Response ResponseOf(Result<Response> result, const Request& req);

// Registers each route of `routes`; every handler sees the same copy of `deps` (a struct of
// references and settings, kept alive by the router's handlers).
template <class Deps>
void AddRoutes(Router& router, Deps deps, std::initializer_list<Route<Deps>> routes) {
  auto shared = std::make_shared<const Deps>(std::move(deps));
  for (const Route<Deps>& r : routes) {
    if (r.sync) {
      router.Add(r.method, r.pattern, r.access,
                 [shared, h = r.sync](Request& req) { return ResponseOf(h(*shared, req), req); });
    } else {
      router.AddAsync(r.method, r.pattern, r.access,
                      [shared, h = r.async](Request& req, Respond respond) {
                        Status s = h(*shared, req, respond);
                        if (!s.ok()) respond(Problem(s, req.path));
                      });
    }
  }
}

}  // namespace ow::http
