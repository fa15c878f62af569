// SigningKeyStore: the provider's Ed25519 key pair for ID tokens. Generated on first use and
// kept in table oidc_signing_keys with the private key sealed under the key ring's signing
// wrap key; every node sharing the database uses the same key (insert-if-absent, then read
// back). The kid is the RFC 7638 JWK thumbprint of the public key.
#pragma once

#include <boost/json.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "store/database.h"

namespace ow::oidc {

// One Ed25519 key pair with its key id.
struct SigningKey {
  std::string kid;
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes (libsodium seed || public key)

  // Detached Ed25519 signature (64 bytes) over `message`.
  std::string Sign(std::string_view message) const;
  // The public JWK (RFC 8037): kty OKP, crv Ed25519, x, kid, alg EdDSA, use sig.
  boost::json::object PublicJwk() const;
};

class SigningKeyStore {
 public:
  SigningKeyStore(store::Database& db, const Clock& clock, const crypto::KeyRing& keys)
      : db_(db), clock_(clock), keys_(keys) {}

  // The current key, created on first use; cached after the first successful load.
  Result<SigningKey> Current();

 private:
  Result<std::optional<SigningKey>> Load();

  store::Database& db_;
  const Clock& clock_;
  const crypto::KeyRing& keys_;
  std::mutex mu_;
  std::optional<SigningKey> cached_;
};

// RFC 7638 thumbprint of an Ed25519 public key: BASE64URL(SHA-256 of the canonical JWK).
std::string JwkThumbprint(std::string_view public_key);

}  // namespace ow::oidc
