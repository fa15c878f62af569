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

void RegisterOidcRoutes(http::Router& router, OidcService& oidc, OidcRouteOptions options = {});

}  // namespace ow::oidc
