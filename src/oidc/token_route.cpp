// The token endpoint (RFC 6749 section 3.2; authorization_code and client_credentials grants):
// form-encoded request, client_secret_basic or client_secret_post authentication, OAuth JSON
// errors.
#include <cctype>

#include "http/json.h"
#include "oidc/handlers.h"
#include "oidc/scopes.h"

namespace ow::oidc::handlers {

using http::Request;
using http::Response;

namespace {

// The client credentials of a token request, from exactly one method.
struct ClientCredentials {
  std::string id;
  std::string secret;
  bool basic = false;
};

bool IsFormContentType(std::string_view type) {
  std::string_view media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower;
  for (char c : media) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/x-www-form-urlencoded";
}

bool StartsWithBasic(std::string_view h) {
  if (h.size() < 6) return false;
  std::string scheme;
  for (char c : h.substr(0, 6))
    scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme == "basic ";
}

// Reads client credentials; BadRequest when more than one method is used or Basic is
// malformed, Unauthenticated when none are presented.
Result<ClientCredentials> ReadCredentials(const Request& req, const FormParams& form) {
  auto header = req.Header("Authorization");
  auto id_param = form.find("client_id");
  auto secret_param = form.find("client_secret");
  ClientCredentials c;
  if (header) {
    if (!StartsWithBasic(*header))
      return Status::Unauthenticated("use HTTP Basic or client_secret_post");
    if (secret_param != form.end())
      return Status::BadRequest("use only one client authentication method");
    OW_ASSIGN_OR_RETURN(std::string decoded, crypto::Base64Decode(header->substr(6)));
    size_t colon = decoded.find(':');
    if (colon == std::string::npos) return Status::BadRequest("malformed Basic credentials");
    OW_ASSIGN_OR_RETURN(c.id, FormDecode(decoded.substr(0, colon)));
    OW_ASSIGN_OR_RETURN(c.secret, FormDecode(decoded.substr(colon + 1)));
    if (id_param != form.end() && id_param->second != c.id)
      return Status::BadRequest("client_id does not match the Basic credentials");
    c.basic = true;
    return c;
  }
  if (id_param == form.end() || secret_param == form.end())
    return Status::Unauthenticated("client authentication is required");
  c.id = id_param->second;
  c.secret = secret_param->second;
  return c;
}

Response InvalidClient(std::string_view description) {
  Response r = OAuthError(401, "invalid_client", description);
  r.Set("WWW-Authenticate", "Basic realm=\"onewindow\"");
  return r;
}

const std::string* Field(const FormParams& form, const char* name) {
  auto it = form.find(name);
  return it == form.end() || it->second.empty() ? nullptr : &it->second;
}

}  // namespace

Result<Response> Token(const OidcDeps& d, Request& req) {
  if (!IsFormContentType(req.Header("Content-Type").value_or("")))
    return OAuthError(400, "invalid_request",
                      "Content-Type must be application/x-www-form-urlencoded");
  auto form = ParseForm(req.body);
  if (!form.ok()) return OAuthError(400, "invalid_request", form.status().message());
  auto creds = ReadCredentials(req, *form);
  if (!creds.ok()) {
    if (creds.status().code() == Code::kUnauthenticated)
      return InvalidClient(creds.status().message());
    return OAuthError(400, "invalid_request", creds.status().message());
  }
  auto client = d.oidc.clients().Authenticate(creds->id, creds->secret);
  if (!client.ok()) {
    if (client.status().code() == Code::kUnauthenticated)
      return InvalidClient(client.status().message());
    return OAuthError(503, "temporarily_unavailable", "try again later");
  }
  const std::string* grant_type = Field(*form, "grant_type");
  if (!grant_type) return OAuthError(400, "invalid_request", "grant_type is required");
  if (*grant_type == kClientCredentials) {
    // RFC 6749 section 4.4: the client's own token (no person, no ID token, no refresh).
    const std::string* scope = Field(*form, "scope");
    auto grant = d.oidc.ClientCredentialsToken(*client, scope ? *scope : "");
    if (!grant.ok()) {
      switch (grant.status().code()) {
        case Code::kForbidden:
          return OAuthError(400, "unauthorized_client", grant.status().message());
        case Code::kInvalid:
          return OAuthError(400, "invalid_scope", grant.status().message());
        case Code::kUnavailable:
        case Code::kAborted:
          return OAuthError(503, "temporarily_unavailable", "try again later");
        default:
          return OAuthError(500, "server_error", "the token could not be issued");
      }
    }
    Response r = http::JsonResponse(200, {{"access_token", grant->access_token},
                                          {"token_type", "Bearer"},
                                          {"expires_in", grant->expires_in_s},
                                          {"scope", grant->scope}});
    r.Set("Cache-Control", "no-store");
    r.Set("Pragma", "no-cache");
    return r;
  }
  if (*grant_type != kAuthorizationCode)
    return OAuthError(400, "unsupported_grant_type",
                      "authorization_code and client_credentials are supported");
  if (client->IsSystem())
    return OAuthError(400, "unauthorized_client",
                      "the client is registered for the client_credentials grant");
  const std::string* code = Field(*form, "code");
  const std::string* redirect_uri = Field(*form, "redirect_uri");
  if (!code || !redirect_uri)
    return OAuthError(400, "invalid_request", "code and redirect_uri are required");
  const std::string* verifier = Field(*form, "code_verifier");
  auto grant = d.oidc.ExchangeCode(*client, *code, *redirect_uri, verifier ? *verifier : "",
                                   Issuer(d.options));
  if (!grant.ok()) {
    switch (grant.status().code()) {
      case Code::kInvalid:
        return OAuthError(400, "invalid_grant", grant.status().message());
      case Code::kBadRequest:
        return OAuthError(400, "invalid_request", grant.status().message());
      case Code::kUnavailable:
      case Code::kAborted:
        return OAuthError(503, "temporarily_unavailable", "try again later");
      default:
        return OAuthError(500, "server_error", "the token could not be issued");
    }
  }
  Response r = http::JsonResponse(200, {{"access_token", grant->access_token},
                                        {"token_type", "Bearer"},
                                        {"expires_in", grant->expires_in_s},
                                        {"id_token", grant->id_token},
                                        {"scope", grant->scope}});
  r.Set("Cache-Control", "no-store");
  r.Set("Pragma", "no-cache");
  return r;
}

}  // namespace ow::oidc::handlers
