// Internal to the oidc module: the HTTP handlers behind RegisterOidcRoutes and their helpers.
#pragma once

#include <string>
#include <string_view>

#include "http/api.h"
#include "oidc/oidc_service.h"
#include "oidc/routes.h"

namespace ow::oidc::handlers {

// The issuer URL: the configured one, or scheme://Host of the request.
std::string Issuer(const http::Request& req, const OidcRouteOptions& opts);

// An OAuth 2.0 error response {"error","error_description"} (RFC 6749 section 5.2), no-store.
http::Response OAuthError(int status, std::string_view error, std::string_view description);

http::Response Discovery(const OidcRouteOptions& opts, http::Request& req);
http::Response Jwks(OidcService& oidc, http::Request& req);
http::Response AuthorizeGet(OidcService& oidc, const OidcRouteOptions& opts, http::Request& req);
http::Response AuthorizePost(OidcService& oidc, const OidcRouteOptions& opts, http::Request& req);
http::Response Token(OidcService& oidc, const OidcRouteOptions& opts, http::Request& req);
http::Response UserInfo(OidcService& oidc, http::Request& req);
http::Response RegisterClient(OidcService& oidc, http::Request& req);
http::Response ListClients(OidcService& oidc, http::Request& req);

}  // namespace ow::oidc::handlers
