#include "oidc/routes.h"

#include "http/json.h"
#include "oidc/handlers.h"
#include "oidc/scopes.h"

namespace ow::oidc {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace handlers {

namespace {

bool ValidHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']'))
      return false;
  return true;
}

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
          {"created_by", c.created_by},
          {"created_at", FormatRfc3339(c.created_at_ms)}};
}

// Reads a JSON array of strings into `out`, recording errors under `key`.
void ReadStrings(http::FieldReader& f, std::string_view key, std::vector<std::string>* out) {
  const json::array* a = f.Array(key, true);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_string()) {
      f.Error(f.Path(key) + "[" + std::to_string(i) + "]", "must be a string");
    } else {
      out->emplace_back((*a)[i].as_string());
    }
  }
}

}  // namespace

std::string Issuer(const Request& req, const OidcRouteOptions& opts) {
  if (!opts.issuer.empty()) return opts.issuer;
  std::string host = req.Header("Host").value_or("");
  if (!ValidHost(host)) host = "localhost";
  return std::string(opts.https ? "https://" : "http://") + host;
}

Response OAuthError(int status, std::string_view error, std::string_view description) {
  Response r = http::JsonResponse(status, {{"error", error}, {"error_description", description}});
  r.Set("Cache-Control", "no-store");
  r.Set("Pragma", "no-cache");
  return r;
}

Response Discovery(const OidcRouteOptions& opts, Request& req) {
  std::string iss = Issuer(req, opts);
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
      {"grant_types_supported", {"authorization_code"}},
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

Response Jwks(OidcService& oidc, Request& req) {
  auto key = oidc.signing_keys().Current();
  if (!key.ok()) return http::Problem(key.status(), req.path);
  Response r = http::JsonResponse(200, {{"keys", json::array{key->PublicJwk()}}});
  r.Set("Access-Control-Allow-Origin", "*");
  r.Set("Cache-Control", "public, max-age=300");
  return r;
}

Response UserInfo(OidcService& oidc, Request& req) {
  auto header = req.Header("Authorization");
  if (!header || !header->starts_with("Bearer ") || header->size() <= 7) {
    Response r = OAuthError(401, "invalid_token", "send the access token as a Bearer token");
    r.Set("WWW-Authenticate", "Bearer realm=\"onewindow\"");
    return r;
  }
  auto claims = oidc.UserInfo(header->substr(7));
  if (!claims.ok()) {
    if (claims.status().code() != Code::kUnauthenticated)
      return http::Problem(claims.status(), req.path);
    Response r = OAuthError(401, "invalid_token", claims.status().message());
    r.Set("WWW-Authenticate", "Bearer realm=\"onewindow\", error=\"invalid_token\"");
    return r;
  }
  return http::JsonResponse(200, *claims);
}

Response RegisterClient(OidcService& oidc, Request& req) {
  auto body = http::ParseObject(req);
  if (!body.ok()) return http::Problem(body.status(), req.path);
  http::FieldReader f(*body);
  f.RejectUnknown({"name", "redirect_uris", "scopes"});
  ClientInput in;
  in.name = f.String("name", true, 200).value_or("");
  ReadStrings(f, "redirect_uris", &in.redirect_uris);
  ReadStrings(f, "scopes", &in.scopes);
  if (!f.ok()) return http::Problem(f.status(), req.path);
  auto reg = oidc.clients().Register(in, req.principal->person_id);
  if (!reg.ok()) return http::Problem(reg.status(), req.path);
  json::object o = ClientJson(reg->client);
  o["client_secret"] = reg->client_secret;
  Response r = http::JsonResponse(201, o);
  r.Set("Cache-Control", "no-store");
  return r;
}

Response ListClients(OidcService& oidc, Request& req) {
  auto list = oidc.clients().List();
  if (!list.ok()) return http::Problem(list.status(), req.path);
  json::array a;
  for (const auto& c : *list) a.push_back(ClientJson(c));
  return http::JsonResponse(200, {{"clients", std::move(a)}});
}

}  // namespace handlers

void RegisterOidcRoutes(http::Router& router, OidcService& oidc, OidcRouteOptions options) {
  using namespace handlers;  // NOLINT: the handlers of this module
  router.Add(Method::kGet, "/.well-known/openid-configuration", http::Public(),
             [options](Request& r) { return Discovery(options, r); });
  router.Add(Method::kGet, "/oauth2/jwks", http::Public(),
             [&oidc](Request& r) { return Jwks(oidc, r); });
  router.Add(Method::kGet, "/oauth2/authorize", http::Public(),
             [&oidc, options](Request& r) { return AuthorizeGet(oidc, options, r); });
  router.Add(Method::kPost, "/oauth2/authorize", http::AnyUser(),
             [&oidc, options](Request& r) { return AuthorizePost(oidc, options, r); });
  router.Add(Method::kPost, "/oauth2/token", http::Public(),
             [&oidc, options](Request& r) { return Token(oidc, options, r); });
  router.Add(Method::kGet, "/oauth2/userinfo", http::Public(),
             [&oidc](Request& r) { return UserInfo(oidc, r); });
  router.Add(Method::kPost, "/oauth2/userinfo", http::Public(),
             [&oidc](Request& r) { return UserInfo(oidc, r); });
  auto admin = http::Roles({Role::kAdmin});
  router.Add(Method::kPost, "/api/v1/admin/oidc/clients", admin,
             [&oidc](Request& r) { return RegisterClient(oidc, r); });
  router.Add(Method::kGet, "/api/v1/admin/oidc/clients", admin,
             [&oidc](Request& r) { return ListClients(oidc, r); });
}

}  // namespace ow::oidc
