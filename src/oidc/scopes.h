// The scopes a relying platform may ask for and the claims each one releases. The resident ID
// is never released; at most its masked form under the `masked_id` scope.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ow::oidc {

// One scope of the catalogue.
struct ScopeInfo {
  const char* name;
  const char* description;          // shown on the consent screen
  std::vector<const char*> claims;  // claims this scope releases
};

const std::vector<ScopeInfo>& ScopeCatalogue();
const ScopeInfo* FindScope(std::string_view name);

// Splits a space-separated scope string; Invalid for an empty string, an unknown or repeated
// scope. The order is kept.
Result<std::vector<std::string>> ParseScopes(std::string_view text);
std::string JoinScopes(const std::vector<std::string>& scopes);
// "sub,name": claim names for audit entries.
std::string JoinClaims(const std::vector<std::string>& claims);
bool HasScope(const std::vector<std::string>& scopes, std::string_view scope);

// Grant types a client is registered for (a client is one kind or the other).
inline constexpr char kAuthorizationCode[] = "authorization_code";
inline constexpr char kClientCredentials[] = "client_credentials";

// The scopes of system clients (OAuth client_credentials, RFC 6749 section 4.4), named as
// SMART Backend Services name them (system/<Resource>.<read|write>), plus the one place the
// client acts for ("place:<id>", e.g. a hospital).
const std::vector<const char*>& SystemScopeCatalogue();
bool IsSystemScope(std::string_view name);
// Like ParseScopes, over the system scopes.
Result<std::vector<std::string>> ParseSystemScopes(std::string_view text);
// The id of the "place:<id>" scope ("" when none).
std::string PlaceOfScopes(const std::vector<std::string>& scopes);

// The claim names a set of scopes releases (no duplicates), always starting with "sub".
std::vector<std::string> ClaimsFor(const std::vector<std::string>& scopes);
// Every claim any scope can release, plus the standard ID token claims.
std::vector<std::string> AllClaims();

}  // namespace ow::oidc
