// OidcService: OneWindow as an OpenID Connect provider (authorization code flow with S256
// PKCE). Relying platforms get an ID token signed with EdDSA whose `sub` is pairwise (a keyed
// hash of client and person, so two platforms cannot correlate a person) and only the claims
// of the scopes they asked for and were registered for. Codes and access tokens are random,
// stored as keyed hashes, short-lived; a code is single use and its reuse revokes the tokens
// issued from it. Consents and every release of personal data are audited.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "identity/identity_service.h"
#include "oidc/clients.h"
#include "oidc/form.h"
#include "oidc/signing_key.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::oidc {

struct OidcOptions {
  int64_t code_ttl_ms = 60 * 1000;
  int64_t access_token_ttl_ms = 10 * 60 * 1000;
  int64_t id_token_ttl_ms = 10 * 60 * 1000;
};

// A validated authorization request.
struct AuthorizationRequest {
  Client client;
  std::string redirect_uri;
  std::vector<std::string> scopes;
  std::string state;
  std::string nonce;
  std::string code_challenge;  // S256
};

// The outcome of checking an authorization request whose client and redirect URI are valid:
// either valid, or an OAuth error to send back to the redirect URI.
struct AuthorizeCheck {
  AuthorizationRequest request;
  std::string error;  // "" when valid; else invalid_request, invalid_scope, ...
  std::string error_description;

  bool ok() const { return error.empty(); }
  // redirect_uri?error=...&error_description=...&state=...&iss=... (RFC 9207 iss).
  std::string ErrorRedirect(const std::string& issuer) const;
};

// What the token endpoint returns.
struct TokenGrant {
  std::string access_token;
  std::string id_token;
  std::string scope;
  int64_t expires_in_s = 0;
};

class OidcService {
 public:
  OidcService(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
              audit::AuditLog& audit, identity::IdentityService& identity,
              OidcOptions options = {});

  ClientRegistry& clients() { return clients_; }
  SigningKeyStore& signing_keys() { return signing_keys_; }
  const OidcOptions& options() const { return opts_; }

  // Checks authorization request parameters. A missing or unknown client_id, or a
  // redirect_uri that is not exactly one registered for the client, is a BadRequest (never
  // redirect); any other problem is reported in the AuthorizeCheck.
  Result<AuthorizeCheck> CheckAuthorization(const FormParams& params);

  // After the person approved: stores a single-use code bound to the request and the person
  // and audits the consent ("oidc.consent"). Returns the code.
  // `session_id` is the session the person approved with; its start is the ID token's
  // auth_time (when the person authenticated), not the moment of consent.
  Result<std::string> IssueCode(const AuthorizationRequest& req, const std::string& person_id,
                                const std::string& session_id);
  // Audits a refused consent.
  Status RecordDenial(const AuthorizationRequest& req, const std::string& person_id);

  // Token endpoint, authorization_code grant, for an already authenticated client. Errors map
  // to OAuth: Invalid -> invalid_grant, BadRequest -> invalid_request, others are server
  // errors. Each issuance is audited as a personal-data read by the client ("pii.read").
  Result<TokenGrant> ExchangeCode(const Client& client, const std::string& code,
                                  const std::string& redirect_uri, const std::string& verifier,
                                  const std::string& issuer);

  // The claims for a valid access token (Unauthenticated when unknown, expired or revoked);
  // audited as "pii.read" by the client.
  Result<boost::json::object> UserInfo(const std::string& access_token);

  // The pairwise subject of a person for a client.
  std::string PairwiseSubject(const std::string& client_id, const std::string& person_id) const;

  // Token endpoint, client_credentials grant (RFC 6749 section 4.4), for an already
  // authenticated client: an access token for the client itself (no person, no ID token) with
  // the requested scopes ("" = all it is registered for; the client's place:<id> is always
  // granted). Forbidden when the client is not registered for this grant (unauthorized_client),
  // Invalid for a scope it may not have (invalid_scope). Audited ("oidc.token.client").
  Result<TokenGrant> ClientCredentialsToken(const Client& client, const std::string& scope);

  // What a client_credentials access token grants (Unauthenticated when unknown, expired,
  // revoked, or a person's token).
  struct SystemAccess {
    std::string client_id;
    std::string client_name;
    std::vector<std::string> scopes;
  };
  Result<SystemAccess> SystemAccessOf(const std::string& access_token);

  // Module "oidc", versions 1-2.
  static std::vector<store::Migration> Migrations();

 private:
  std::string HashId(std::string_view purpose, const std::string& secret) const;
  // sub plus the claims of the scopes (never the resident ID).
  Result<boost::json::object> Claims(const std::string& client_id, const std::string& person_id,
                                     const std::vector<std::string>& scopes);
  void PurgeExpired();

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditLog& audit_;
  identity::IdentityService& identity_;
  OidcOptions opts_;
  ClientRegistry clients_;
  SigningKeyStore signing_keys_;
};

}  // namespace ow::oidc
