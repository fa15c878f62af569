// HTTP routes of the OpenID Connect provider: discovery, JWKS, authorization (consent),
// token and userinfo endpoints, and client registration for administrators.
#pragma once

#include <string>

#include "http/router.h"
#include "oidc/oidc_service.h"

namespace ow::oidc {

struct OidcRouteOptions {
  std::string issuer;  // fixed issuer URL; "" = scheme://Host of each request
  bool https = false;  // scheme when the issuer comes from the Host header
};

struct OidcDeps {
  OidcService& oidc;
  OidcRouteOptions options;
};

void RegisterOidcRoutes(http::Router& router, const OidcDeps& deps);

}  // namespace ow::oidc
