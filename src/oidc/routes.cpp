#include "oidc/routes.h"

#include "http/json.h"
#include "http/route_table.h"
#include "oidc/handlers.h"
#include "oidc/scopes.h"

namespace ow::oidc {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace handlers {

namespace {

json::array StringArray(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

json::object ClientJson(const Client& c) {
  return {{"client_id", c.client_id},
          {"name", c.name},
          {"redirect_uris", StringArray(c.redirect_uris)},
          {"scopes", StringArray(c.scopes)},
          {"grant_types", StringArray(c.grant_types)},
          {"created_by", c.created_by},
          {"created_at", FormatRfc3339(c.created_at_ms)}};
}

// Reads a JSON array of strings into `out`, recording errors under `key`.
void ReadStrings(http::FieldReader& f, std::string_view key, std::vector<std::string>* out,
                 bool required = true) {
  const json::array* a = f.Array(key, required);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    const std::string path = f.Path(key) + "[" + std::to_string(i) + "]";
    if (!(*a)[i].is_string()) {
      f.Error(path, "must be a string");
    } else if (f.CheckText(path, (*a)[i].as_string())) {
      out->emplace_back((*a)[i].as_string());
    }
  }
}

}  // namespace

std::string Issuer(const OidcRouteOptions& opts) { return opts.issuer(); }

Response OAuthError(int status, std::string_view error, std::string_view description) {
  Response r = http::JsonResponse(status, {{"error", error}, {"error_description", description}});
  r.Set("Cache-Control", "no-store");
  r.Set("Pragma", "no-cache");
  return r;
}

Result<Response> Discovery(const OidcDeps& d, Request&) {
  std::string iss = Issuer(d.options);
  json::array scopes;
  for (const auto& s : ScopeCatalogue()) scopes.emplace_back(s.name);
  json::object o{
      {"issuer", iss},
      {"authorization_endpoint", iss + "/oauth2/authorize"},
      {"token_endpoint", iss + "/oauth2/token"},
      {"userinfo_endpoint", iss + "/oauth2/userinfo"},
      {"jwks_uri", iss + "/oauth2/jwks"},
      {"response_types_supported", {"code"}},
      {"response_modes_supported", {"query"}},
      {"grant_types_supported", {"authorization_code", "client_credentials"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {"EdDSA"}},
      {"token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
      {"code_challenge_methods_supported", {"S256"}},
      {"scopes_supported", std::move(scopes)},
      {"claims_supported", StringArray(AllClaims())},
      {"authorization_response_iss_parameter_supported", true},
      {"request_parameter_supported", false},
      {"request_uri_parameter_supported", false},
  };
  Response r = http::JsonResponse(200, o);
  r.Set("Access-Control-Allow-Origin", "*");
  r.Set("Cache-Control", "public, max-age=300");
  return r;
}

Result<Response> Jwks(const OidcDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto key, d.oidc.signing_keys().Current());
  Response r = http::JsonResponse(200, {{"keys", json::array{key.PublicJwk()}}});
  r.Set("Access-Control-Allow-Origin", "*");
  r.Set("Cache-Control", "public, max-age=300");
  return r;
}

Result<Response> UserInfo(const OidcDeps& d, Request& req) {
  auto header = req.Header("Authorization");
  if (!header || !header->starts_with("Bearer ") || header->size() <= 7) {
    Response r = OAuthError(401, "invalid_token", "send the access token as a Bearer token");
    r.Set("WWW-Authenticate", "Bearer realm=\"onewindow\"");
    return r;
  }
  auto claims = d.oidc.UserInfo(header->substr(7));
  if (!claims.ok()) {
    if (claims.status().code() != Code::kUnauthenticated) return claims.status();
    Response r = OAuthError(401, "invalid_token", claims.status().message());
    r.Set("WWW-Authenticate", "Bearer realm=\"onewindow\", error=\"invalid_token\"");
    return r;
  }
  return http::JsonResponse(200, *claims);
}

Result<Response> RegisterClient(const OidcDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"name", "redirect_uris", "scopes", "grant_types"});
  ClientInput in;
  in.name = f.String("name", true, 200).value_or("");
  ReadStrings(f, "grant_types", &in.grant_types, false);
  // A client_credentials client has no redirect URI.
  const bool system = in.grant_types.size() == 1 && in.grant_types[0] == kClientCredentials;
  ReadStrings(f, "redirect_uris", &in.redirect_uris, !system);
  ReadStrings(f, "scopes", &in.scopes);
  OW_RETURN_IF_ERROR(f.status());
  OW_ASSIGN_OR_RETURN(auto reg, d.oidc.clients().Register(in, req.principal->person_id));
  json::object o = ClientJson(reg.client);
  o["client_secret"] = reg.client_secret;
  Response r = http::JsonResponse(201, o);
  r.Set("Cache-Control", "no-store");
  return r;
}

Result<Response> ListClients(const OidcDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(auto list, d.oidc.clients().List());
  json::array a;
  for (const auto& c : list) a.push_back(ClientJson(c));
  return http::JsonResponse(200, {{"clients", std::move(a)}});
}

// Public: the name of a platform that signs people in through OneWindow, so the login page can
// say who is asking (only person-facing clients; a system client has no login).
Result<Response> PublicClient(const OidcDeps& d, Request& req) {
  auto c = d.oidc.clients().Get(req.Param("client_id"));
  if (!c.ok() || c->IsSystem()) return Status::NotFound("no such platform");
  return http::JsonResponse(200, {{"client_id", c->client_id}, {"client_name", c->name}});
}

}  // namespace handlers

void RegisterOidcRoutes(http::Router& router, const OidcDeps& deps) {
  using namespace handlers;  // NOLINT: the handlers of this module
  const auto everyone = http::Public();
  const auto admin = http::Roles({Role::kAdmin});
  http::AddRoutes<OidcDeps>(
      router, deps,
      {
          {Method::kGet, "/.well-known/openid-configuration", everyone, Discovery},
          {Method::kGet, "/oauth2/jwks", everyone, Jwks},
          {Method::kGet, "/oauth2/authorize", everyone, AuthorizeGet},
          {Method::kPost, "/oauth2/authorize", http::AnyUser(), AuthorizePost},
          {Method::kPost, "/oauth2/token", everyone, Token},
          {Method::kGet, "/oauth2/userinfo", everyone, UserInfo},
          {Method::kPost, "/oauth2/userinfo", everyone, UserInfo},
          {Method::kPost, "/api/v1/admin/oidc/clients", admin, RegisterClient},
          {Method::kGet, "/api/v1/admin/oidc/clients", admin, ListClients},
          {Method::kGet, "/api/v1/oidc/clients/{client_id}", everyone, PublicClient},
      });
}

}  // namespace ow::oidc
