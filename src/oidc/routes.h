// HTTP routes of the OpenID Connect provider: discovery, JWKS, authorization (consent),
// token and userinfo endpoints, and client registration for administrators.
#pragma once

#include <functional>
#include <string>

#include "http/router.h"
#include "oidc/oidc_service.h"

namespace ow::oidc {

struct OidcRouteOptions {
  // The issuer URL from configuration (`serve --public-url`), read for each request; never
  // derived from the request (its Host header is the client's to choose).
  std::function<std::string()> issuer;
};

struct OidcDeps {
  OidcService& oidc;
  OidcRouteOptions options;
};

void RegisterOidcRoutes(http::Router& router, const OidcDeps& deps);

}  // namespace ow::oidc
