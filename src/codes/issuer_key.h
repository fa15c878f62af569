// IssuerKey: an issuing region's Ed25519 signing key and its COSE key id. The public half
// goes into the trust list; the secret half stays with the issuing service.
#pragma once

#include <array>
#include <string_view>

#include "codes/bytes.h"
#include "codes/cose_algorithms.h"
#include "core/status.h"

namespace ow::codes {

class IssuerKey {
 public:
  // A fresh random key pair.
  static IssuerKey Generate(ByteView kid);
  static IssuerKey Generate(std::string_view kid) { return Generate(AsBytes(kid)); }
  // The key pair derived from a 32-byte seed (deterministic, for configuration and tests).
  static Result<IssuerKey> FromSeed(ByteView kid, ByteView seed);

  const Bytes& kid() const { return kid_; }
  ByteView public_key() const { return pk_; }
  ByteView secret_key() const { return sk_; }
  Bytes Sign(ByteView message) const { return Ed25519Sign(sk_, message); }
  // The key of the issuer MAC on codes signed with this key (see code_mac.h).
  const Bytes& mac_key() const { return mac_key_; }

 private:
  IssuerKey() = default;

  Bytes kid_;
  std::array<uint8_t, kEd25519PublicKeySize> pk_{};
  std::array<uint8_t, kEd25519SecretKeySize> sk_{};
  Bytes mac_key_;
};

}  // namespace ow::codes
