// Internal to the oidc module: the HTTP handlers behind RegisterOidcRoutes and their helpers.
#pragma once

#include <string>
#include <string_view>

#include "http/api.h"
#include "oidc/oidc_service.h"
#include "oidc/routes.h"

namespace ow::oidc::handlers {

// The issuer URL: the configured one (never the request's Host).
std::string Issuer(const OidcRouteOptions& opts);

// An OAuth 2.0 error response {"error","error_description"} (RFC 6749 section 5.2), no-store.
http::Response OAuthError(int status, std::string_view error, std::string_view description);

Result<http::Response> Discovery(const OidcDeps& d, http::Request& req);
Result<http::Response> Jwks(const OidcDeps& d, http::Request& req);
Result<http::Response> AuthorizeGet(const OidcDeps& d, http::Request& req);
Result<http::Response> AuthorizePost(const OidcDeps& d, http::Request& req);
Result<http::Response> Token(const OidcDeps& d, http::Request& req);
Result<http::Response> UserInfo(const OidcDeps& d, http::Request& req);
Result<http::Response> RegisterClient(const OidcDeps& d, http::Request& req);
Result<http::Response> ListClients(const OidcDeps& d, http::Request& req);

}  // namespace ow::oidc::handlers
