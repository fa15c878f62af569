// The token and userinfo parts of OidcService: code exchange, ID tokens, claims.
#include "oidc/jws.h"
#include "oidc/oidc_service.h"
#include "oidc/pkce.h"
#include "oidc/scopes.h"

namespace ow::oidc {

namespace json = boost::json;

namespace {

// What a code row grants, read inside the exchange transaction.
struct CodeGrant {
  std::string person_id;
  std::string nonce;
  std::string scope;
  int64_t auth_time_ms = 0;
};

}  // namespace

Result<json::object> OidcService::Claims(const std::string& client_id, const std::string& person_id,
                                         const std::vector<std::string>& scopes) {
  json::object c{{"sub", PairwiseSubject(client_id, person_id)}};
  bool real_name = HasScope(scopes, "real_name");
  bool profile = HasScope(scopes, "profile");
  bool masked_id = HasScope(scopes, "masked_id");
  if (real_name) {
    OW_ASSIGN_OR_RETURN(identity::Profile p, identity_.GetOwnProfile(person_id));
    c["name"] = p.name;
    c["real_name_verified"] = true;
  }
  if ((profile && !real_name) || masked_id) {
    OW_ASSIGN_OR_RETURN(identity::PersonSummary s, identity_.GetSummary(person_id));
    if (profile && !real_name) c["name"] = s.masked_name;
    if (masked_id) c["masked_id"] = s.masked_id;
  }
  return c;
}

Result<TokenGrant> OidcService::ExchangeCode(const Client& client, const std::string& code,
                                             const std::string& redirect_uri,
                                             const std::string& verifier,
                                             const std::string& issuer) {
  if (code.empty() || code.size() > 200) return Status::Invalid("unknown authorization code");
  OW_ASSIGN_OR_RETURN(SigningKey key, signing_keys_.Current());
  std::string code_id = HashId("oidc-code", code);
  std::string access_token = crypto::RandomToken(32);
  int64_t now = clock_.NowMillis();
  CodeGrant g;
  Status outcome;  // a refusal to report after the transaction commits (it may revoke tokens)
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    outcome = Status::Ok();
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT client_id, person_id, redirect_uri, "
                                            "code_challenge, nonce, scope, auth_time, "
                                            "expires_at, used_at FROM oidc_codes WHERE id = ?",
                                            {code_id}));
    if (rows.empty() || rows[0].Text(0) != client.client_id) {
      outcome = Status::Invalid("unknown authorization code");
      return Status::Ok();
    }
    const store::Row& r = rows[0];
    g = {r.Text(1), r.Text(4), r.Text(5), r.Int(6)};
    if (!r.IsNull(8)) {
      // A replayed code: someone else may hold it; revoke what was issued from it.
      OW_RETURN_IF_ERROR(tx.Exec("UPDATE oidc_access_tokens SET revoked_at = ? "
                                 "WHERE code_id = ? AND revoked_at IS NULL",
                                 {now, code_id})
                             .status());
      OW_RETURN_IF_ERROR(audit_.Append(
          tx, {client.client_id, "oidc.code.reuse", g.person_id, "",
               "authorization code presented again; tokens issued from it revoked", ""}));
      outcome = Status::Invalid("authorization code was already used");
      return Status::Ok();
    }
    OW_ASSIGN_OR_RETURN(int64_t marked, tx.Exec("UPDATE oidc_codes SET used_at = ? "
                                                "WHERE id = ? AND used_at IS NULL",
                                                {now, code_id}));
    if (marked != 1) {
      outcome = Status::Invalid("authorization code was already used");
    } else if (r.Int(7) <= now) {
      outcome = Status::Invalid("authorization code has expired");
    } else if (r.Text(2) != redirect_uri) {
      outcome = Status::Invalid("redirect_uri does not match the authorization request");
    } else if (!VerifyPkce(verifier, r.Text(3))) {
      outcome = Status::Invalid("code_verifier does not match the code_challenge");
    }
    if (!outcome.ok()) return Status::Ok();  // the code stays consumed
    OW_ASSIGN_OR_RETURN(auto scopes, ParseScopes(g.scope));
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO oidc_access_tokens (id, code_id, client_id, "
                               "person_id, scope, created_at, expires_at) "
                               "VALUES (?,?,?,?,?,?,?)",
                               {HashId("oidc-access", access_token), code_id, client.client_id,
                                g.person_id, g.scope, now, now + opts_.access_token_ttl_ms})
                           .status());
    return audit_.Append(tx, {client.client_id, "pii.read", g.person_id,
                              JoinClaims(ClaimsFor(scopes)), "oidc:" + client.client_id, ""});
  }));
  OW_RETURN_IF_ERROR(outcome);

  OW_ASSIGN_OR_RETURN(auto scopes, ParseScopes(g.scope));
  OW_ASSIGN_OR_RETURN(json::object id, Claims(client.client_id, g.person_id, scopes));
  int64_t iat = now / 1000;
  id["iss"] = issuer;
  id["aud"] = client.client_id;
  id["iat"] = iat;
  id["exp"] = iat + opts_.id_token_ttl_ms / 1000;
  id["auth_time"] = g.auth_time_ms / 1000;
  if (!g.nonce.empty()) id["nonce"] = g.nonce;

  TokenGrant out;
  out.access_token = std::move(access_token);
  out.id_token = SignJwt(key, id);
  out.scope = g.scope;
  out.expires_in_s = opts_.access_token_ttl_ms / 1000;
  return out;
}

Result<json::object> OidcService::UserInfo(const std::string& access_token) {
  static const Status kBad = Status::Unauthenticated("access token is unknown, expired or revoked");
  if (access_token.empty() || access_token.size() > 200) return kBad;
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT client_id, person_id, scope, expires_at, "
                                           "revoked_at FROM oidc_access_tokens WHERE id = ?",
                                           {HashId("oidc-access", access_token)}));
  if (rows.empty() || !rows[0].IsNull(4) || rows[0].Int(3) <= clock_.NowMillis()) return kBad;
  if (rows[0].Text(1).empty()) return kBad;  // a system client's token: no person to describe
  std::string client_id = rows[0].Text(0);
  std::string person_id = rows[0].Text(1);
  OW_ASSIGN_OR_RETURN(auto scopes, ParseScopes(rows[0].Text(2)));
  OW_ASSIGN_OR_RETURN(json::object claims, Claims(client_id, person_id, scopes));
  OW_RETURN_IF_ERROR(audit_.Append(
      {client_id, "pii.read", person_id, JoinClaims(ClaimsFor(scopes)), "oidc:" + client_id, ""}));
  return claims;
}

Result<TokenGrant> OidcService::ClientCredentialsToken(const Client& client,
                                                       const std::string& scope) {
  if (!client.IsSystem())
    return Status::Forbidden("the client is not registered for the client_credentials grant");
  std::vector<std::string> granted = client.scopes;
  if (!scope.empty()) {
    OW_ASSIGN_OR_RETURN(std::vector<std::string> asked, ParseSystemScopes(scope));
    for (const auto& s : asked)
      if (!HasScope(client.scopes, s))
        return Status::Invalid("scope '" + s + "' is not registered for this client");
    const std::string place = "place:" + PlaceOfScopes(client.scopes);
    if (!HasScope(asked, place)) asked.push_back(place);
    granted = std::move(asked);
  }
  const std::string access_token = crypto::RandomToken(32);
  const int64_t now = clock_.NowMillis();
  const std::string joined = JoinScopes(granted);
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO oidc_access_tokens (id, code_id, client_id, "
                               "person_id, scope, created_at, expires_at) "
                               "VALUES (?,'',?,'',?,?,?)",
                               {HashId("oidc-access", access_token), client.client_id, joined, now,
                                now + opts_.access_token_ttl_ms})
                           .status());
    return audit_.Append(tx, {client.client_id, "oidc.token.client", client.client_id, "",
                              "client_credentials; scope=" + joined, ""});
  }));
  TokenGrant out;
  out.access_token = access_token;
  out.scope = joined;
  out.expires_in_s = opts_.access_token_ttl_ms / 1000;
  return out;
}

Result<OidcService::SystemAccess> OidcService::SystemAccessOf(const std::string& access_token) {
  static const Status kBad = Status::Unauthenticated("access token is unknown, expired or revoked");
  if (access_token.empty() || access_token.size() > 200) return kBad;
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT t.client_id, t.person_id, t.scope, "
                                           "t.expires_at, t.revoked_at, c.name, c.grant_types "
                                           "FROM oidc_access_tokens t JOIN oidc_clients c "
                                           "ON c.client_id = t.client_id WHERE t.id = ?",
                                           {HashId("oidc-access", access_token)}));
  if (rows.empty() || !rows[0].IsNull(4) || rows[0].Int(3) <= clock_.NowMillis() ||
      !rows[0].Text(1).empty() || rows[0].Text(6) != kClientCredentials)
    return kBad;
  SystemAccess a;
  a.client_id = rows[0].Text(0);
  a.client_name = rows[0].Text(5);
  OW_ASSIGN_OR_RETURN(a.scopes, ParseSystemScopes(rows[0].Text(2)));
  return a;
}

}  // namespace ow::oidc
