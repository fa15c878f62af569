#include "codes/issuer_key.h"

#include <sodium.h>

namespace ow::codes {

IssuerKey IssuerKey::Generate(ByteView kid) {
  EnsureSodium();
  IssuerKey k;
  k.kid_.assign(kid.begin(), kid.end());
  crypto_sign_keypair(k.pk_.data(), k.sk_.data());
  return k;
}

Result<IssuerKey> IssuerKey::FromSeed(ByteView kid, ByteView seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) return Status::Invalid("seed must be 32 bytes");
  EnsureSodium();
  IssuerKey k;
  k.kid_.assign(kid.begin(), kid.end());
  crypto_sign_seed_keypair(k.pk_.data(), k.sk_.data(), seed.data());
  return k;
}

}  // namespace ow::codes
