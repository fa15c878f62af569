#include "codes/issuer_key.h"

#include <sodium.h>

#include "codes/code_mac.h"

namespace ow::codes {

IssuerKey IssuerKey::Generate(ByteView kid) {
  EnsureSodium();
  IssuerKey k;
  k.kid_.assign(kid.begin(), kid.end());
  crypto_sign_keypair(k.pk_.data(), k.sk_.data());
  k.mac_key_ = DeriveCodeMacKey(ByteView(k.sk_).first(crypto_sign_SEEDBYTES));
  return k;
}

Result<IssuerKey> IssuerKey::FromSeed(ByteView kid, ByteView seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) return Status::Invalid("seed must be 32 bytes");
  EnsureSodium();
  IssuerKey k;
  k.kid_.assign(kid.begin(), kid.end());
  crypto_sign_seed_keypair(k.pk_.data(), k.sk_.data(), seed.data());
  k.mac_key_ = DeriveCodeMacKey(seed);
  return k;
}

}  // namespace ow::codes
