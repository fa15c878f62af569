// ClientRegistry: the relying platforms (OIDC clients) registered by administrators, each
// with exact redirect URIs, the scopes it may request, and a secret stored only as a keyed
// hash (the secret is shown once, at registration).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "store/database.h"

namespace ow::oidc {

// A registered client, without its secret.
struct Client {
  std::string client_id;
  std::string name;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> scopes;
  std::vector<std::string> grant_types;  // authorization_code, or client_credentials
  std::string created_by;
  int64_t created_at_ms = 0;

  bool HasRedirectUri(const std::string& uri) const;  // exact string match
  // A system client (client_credentials grant: no person, system/* scopes and one place).
  bool IsSystem() const;
};

// Registration input from an administrator.
struct ClientInput {
  std::string name;
  std::vector<std::string> redirect_uris;  // none for a client_credentials client
  std::vector<std::string> scopes;
  std::vector<std::string> grant_types;  // {} = authorization_code
};

// The result of a registration: the client and its secret (only time it is available).
struct RegisteredClient {
  Client client;
  std::string client_secret;
};

class ClientRegistry {
 public:
  ClientRegistry(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                 audit::AuditLog& audit)
      : db_(db), clock_(clock), keys_(keys), audit_(audit) {}

  // Validates (Invalid with "$.name", "$.redirect_uris[i]", "$.scopes[i]", "$.grant_types"
  // paths), stores and audits ("oidc.client.register"). An authorization_code client needs
  // redirect URIs and openid among catalogue scopes; a client_credentials client has no
  // redirect URI, system scopes (system/...) and exactly one place:<id>.
  Result<RegisteredClient> Register(const ClientInput& in, const std::string& actor);
  Result<std::vector<Client>> List();
  // NotFound when there is no such client.
  Result<Client> Get(const std::string& client_id);
  // The client when the secret matches; Unauthenticated otherwise (same error for an unknown
  // client and a wrong secret).
  Result<Client> Authenticate(const std::string& client_id, const std::string& secret);

 private:
  std::string SecretHash(const std::string& secret) const;

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  audit::AuditLog& audit_;
};

// A redirect URI a client may register: absolute https URI, or http on a loopback host
// (development), without fragment or whitespace, at most 500 bytes.
bool ValidRedirectUri(const std::string& uri);

}  // namespace ow::oidc
