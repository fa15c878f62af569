#include "oidc/signing_key.h"

#include <sodium.h>

namespace ow::oidc {

namespace json = boost::json;

namespace {
constexpr char kSlot[] = "current";

std::string Aad(std::string_view kid) { return "oidc_signing_keys.secret:" + std::string(kid); }
}  // namespace

std::string SigningKey::Sign(std::string_view message) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), reinterpret_cast<const unsigned char*>(secret_key.data()));
  return std::string(reinterpret_cast<const char*>(sig), sizeof sig);
}

json::object SigningKey::PublicJwk() const {
  return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", crypto::Base64UrlEncode(public_key)},
          {"kid", kid},   {"alg", "EdDSA"},   {"use", "sig"}};
}

std::string JwkThumbprint(std::string_view public_key) {
  // Required members only, in lexicographic order, no whitespace (RFC 7638 section 3.2).
  std::string canonical =
      "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + crypto::Base64UrlEncode(public_key) + "\"}";
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  return crypto::Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<std::optional<SigningKey>> SigningKeyStore::Load() {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT kid, public_key, secret_enc FROM "
                                           "oidc_signing_keys WHERE slot = ?",
                                           {std::string(kSlot)}));
  if (rows.empty()) return std::optional<SigningKey>();
  SigningKey k;
  k.kid = rows[0].Text(0);
  k.public_key = rows[0].Bytes(1);
  OW_ASSIGN_OR_RETURN(k.secret_key,
                      crypto::Open(keys_.signing_wrap_key(), rows[0].Bytes(2), Aad(k.kid)));
  if (k.public_key.size() != crypto_sign_PUBLICKEYBYTES ||
      k.secret_key.size() != crypto_sign_SECRETKEYBYTES ||
      k.secret_key.substr(crypto_sign_SEEDBYTES) != k.public_key)
    return Status::Internal("stored OIDC signing key is inconsistent");
  return std::optional<SigningKey>(std::move(k));
}

Result<SigningKey> SigningKeyStore::Current() {
  std::lock_guard lock(mu_);
  if (cached_) return *cached_;
  OW_ASSIGN_OR_RETURN(auto existing, Load());
  if (!existing) {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    std::string public_key(reinterpret_cast<const char*>(pk), sizeof pk);
    std::string secret_key(reinterpret_cast<const char*>(sk), sizeof sk);
    sodium_memzero(sk, sizeof sk);
    std::string kid = JwkThumbprint(public_key);
    std::string sealed = crypto::Seal(keys_.signing_wrap_key(), secret_key, Aad(kid));
    sodium_memzero(secret_key.data(), secret_key.size());
    // Another node may win the race; then its key is the one read back below.
    OW_RETURN_IF_ERROR(db_.Exec("INSERT INTO oidc_signing_keys (slot, kid, public_key, "
                                "secret_enc, created_at) VALUES (?,?,?,?,?) "
                                "ON CONFLICT (slot) DO NOTHING",
                                {std::string(kSlot), kid, store::Blob{public_key},
                                 store::Blob{sealed}, clock_.NowMillis()})
                           .status());
    OW_ASSIGN_OR_RETURN(existing, Load());
    if (!existing) return Status::Internal("OIDC signing key vanished after insert");
  }
  cached_ = std::move(existing);
  return *cached_;
}

}  // namespace ow::oidc
