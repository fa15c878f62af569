#include "oidc/oidc_service.h"

#include "oidc/pkce.h"
#include "oidc/scopes.h"

namespace ow::oidc {

namespace {

const std::string* Param(const FormParams& p, const char* name) {
  auto it = p.find(name);
  return it == p.end() ? nullptr : &it->second;
}

}  // namespace

std::string AuthorizeCheck::ErrorRedirect(const std::string& issuer) const {
  return AppendQuery(request.redirect_uri, {{"error", error},
                                            {"error_description", error_description},
                                            {"state", request.state},
                                            {"iss", issuer}});
}

OidcService::OidcService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                         audit::AuditLog& audit, identity::IdentityService& identity,
                         OidcOptions options)
    : db_(db),
      clock_(clock),
      keys_(keys),
      audit_(audit),
      identity_(identity),
      opts_(options),
      clients_(db, clock, keys, audit),
      signing_keys_(db, clock, keys) {}

std::string OidcService::HashId(std::string_view purpose, const std::string& secret) const {
  return crypto::ToHex(crypto::KeyedHash(keys_.token_key(), std::string(purpose) + ":" + secret));
}

std::string OidcService::PairwiseSubject(const std::string& client_id,
                                         const std::string& person_id) const {
  // Length-prefixed so that no (client, person) pair can collide with another.
  std::string msg =
      "oidc-pairwise-sub:" + std::to_string(client_id.size()) + ":" + client_id + ":" + person_id;
  return crypto::Base64UrlEncode(crypto::KeyedHash(keys_.index_key(), msg));
}

Result<AuthorizeCheck> OidcService::CheckAuthorization(const FormParams& params) {
  const std::string* client_id = Param(params, "client_id");
  if (!client_id || client_id->empty()) return Status::BadRequest("client_id is required");
  auto client = clients_.Get(*client_id);
  if (!client.ok()) {
    if (client.status().code() == Code::kNotFound) return Status::BadRequest("unknown client_id");
    return client.status();
  }
  const std::string* redirect_uri = Param(params, "redirect_uri");
  if (!redirect_uri || redirect_uri->empty()) return Status::BadRequest("redirect_uri is required");
  if (!client->HasRedirectUri(*redirect_uri))
    return Status::BadRequest("redirect_uri is not registered for this client");

  AuthorizeCheck check;
  AuthorizationRequest& r = check.request;
  r.client = std::move(client).value();
  r.redirect_uri = *redirect_uri;
  auto fail = [&check](const char* error, std::string description) {
    check.error = error;
    check.error_description = std::move(description);
    return check;
  };
  if (const std::string* state = Param(params, "state")) {
    if (state->size() > 500) return fail("invalid_request", "state is longer than 500 bytes");
    r.state = *state;
  }
  if (const std::string* nonce = Param(params, "nonce")) {
    if (nonce->size() > 255) return fail("invalid_request", "nonce is longer than 255 bytes");
    r.nonce = *nonce;
  }
  const std::string* response_type = Param(params, "response_type");
  if (!response_type) return fail("invalid_request", "response_type is required");
  if (*response_type != "code")
    return fail("unsupported_response_type", "only response_type=code is supported");
  if (Param(params, "request")) return fail("request_not_supported", "request is not supported");
  if (Param(params, "request_uri"))
    return fail("request_uri_not_supported", "request_uri is not supported");

  const std::string* scope = Param(params, "scope");
  if (!scope) return fail("invalid_scope", "scope is required");
  auto scopes = ParseScopes(*scope);
  if (!scopes.ok()) return fail("invalid_scope", scopes.status().message());
  if (!HasScope(*scopes, "openid")) return fail("invalid_scope", "scope must include openid");
  for (const auto& s : *scopes)
    if (!HasScope(r.client.scopes, s))
      return fail("invalid_scope", "client is not registered for scope " + s);
  r.scopes = std::move(scopes).value();

  const std::string* method = Param(params, "code_challenge_method");
  const std::string* challenge = Param(params, "code_challenge");
  if (!challenge || !method)
    return fail("invalid_request",
                "PKCE is required: code_challenge and "
                "code_challenge_method=S256");
  if (*method != "S256") return fail("invalid_request", "only code_challenge_method=S256");
  if (!ValidCodeChallenge(*challenge))
    return fail("invalid_request", "code_challenge must be 43 base64url characters");
  r.code_challenge = *challenge;
  return check;
}

void OidcService::PurgeExpired() {
  // Best effort. Used codes are kept as long as tokens from them may live, so a late reuse
  // still revokes them.
  int64_t now = clock_.NowMillis();
  (void)db_.Exec("DELETE FROM oidc_codes WHERE expires_at < ?", {now - opts_.access_token_ttl_ms});
  (void)db_.Exec("DELETE FROM oidc_access_tokens WHERE expires_at < ?", {now});
}

Result<std::string> OidcService::IssueCode(const AuthorizationRequest& req,
                                           const std::string& person_id,
                                           const std::string& session_id) {
  PurgeExpired();
  std::string code = crypto::RandomToken(32);
  int64_t now = clock_.NowMillis();
  auto started = identity_.SessionStartedAt(session_id);
  const int64_t auth_time = started.ok() ? *started : now;
  std::string claims = JoinClaims(ClaimsFor(req.scopes));
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO oidc_codes (id, client_id, person_id, redirect_uri, "
                               "code_challenge, nonce, scope, auth_time, created_at, expires_at) "
                               "VALUES (?,?,?,?,?,?,?,?,?,?)",
                               {HashId("oidc-code", code), req.client.client_id, person_id,
                                req.redirect_uri, req.code_challenge, req.nonce,
                                JoinScopes(req.scopes), auth_time, now, now + opts_.code_ttl_ms})
                           .status());
    return audit_.Append(tx, {person_id, "oidc.consent", person_id, claims,
                              "oidc:" + req.client.client_id + " (" + req.client.name +
                                  "); scopes=" + JoinScopes(req.scopes),
                              ""});
  }));
  return code;
}

Status OidcService::RecordDenial(const AuthorizationRequest& req, const std::string& person_id) {
  return audit_.Append({person_id, "oidc.consent.deny", person_id, "",
                        "oidc:" + req.client.client_id + " (" + req.client.name + ")", ""});
}

}  // namespace ow::oidc
