#include "oidc/oidc_service.h"

namespace ow::oidc {

std::vector<store::Migration> OidcService::Migrations() {
  return {
      {"oidc", 1, "signing key, clients, authorization codes, access tokens",
       R"SQL(
CREATE TABLE oidc_signing_keys (
  slot TEXT PRIMARY KEY,
  kid TEXT NOT NULL,
  public_key {blob} NOT NULL,
  secret_enc {blob} NOT NULL,
  created_at {bigint} NOT NULL
);
CREATE TABLE oidc_clients (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash {blob} NOT NULL,
  redirect_uris TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at {bigint} NOT NULL
);
CREATE TABLE oidc_codes (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES oidc_clients(client_id),
  person_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  nonce TEXT NOT NULL,
  scope TEXT NOT NULL,
  auth_time {bigint} NOT NULL,
  created_at {bigint} NOT NULL,
  expires_at {bigint} NOT NULL,
  used_at {bigint}
);
CREATE INDEX oidc_codes_expires ON oidc_codes(expires_at);
CREATE TABLE oidc_access_tokens (
  id TEXT PRIMARY KEY,
  code_id TEXT NOT NULL,
  client_id TEXT NOT NULL REFERENCES oidc_clients(client_id),
  person_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  expires_at {bigint} NOT NULL,
  revoked_at {bigint}
);
CREATE INDEX oidc_access_tokens_code ON oidc_access_tokens(code_id);
CREATE INDEX oidc_access_tokens_expires ON oidc_access_tokens(expires_at)
)SQL"},
      {"oidc", 2, "client grant types (client_credentials for hospital and other systems)",
       R"SQL(
ALTER TABLE oidc_clients ADD COLUMN grant_types TEXT NOT NULL DEFAULT 'authorization_code'
)SQL"},
  };
}

}  // namespace ow::oidc
