#include "codes/code_mac.h"

#include <sodium.h>

#include <string_view>

#include "codes/cose_algorithms.h"

namespace ow::codes {

namespace {
constexpr std::string_view kContext = "onewindow ow1 code mac v1";
}

Bytes DeriveCodeMacKey(ByteView ed25519_seed) {
  EnsureSodium();
  Bytes key(kCodeMacKeySize);
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const uint8_t*>(kContext.data()),
                     kContext.size(), ed25519_seed.data(), ed25519_seed.size());
  return key;
}

Bytes ComputeCodeMac(ByteView mac_key, ByteView to_be_signed) {
  EnsureSodium();
  Bytes tag(kCodeMacSize);
  crypto_generichash(tag.data(), tag.size(), to_be_signed.data(), to_be_signed.size(),
                     mac_key.data(), mac_key.size());
  return tag;
}

bool CodeMacMatches(ByteView mac_key, ByteView to_be_signed, ByteView tag) {
  if (tag.size() != kCodeMacSize || mac_key.size() != kCodeMacKeySize) return false;
  const Bytes expected = ComputeCodeMac(mac_key, to_be_signed);
  return sodium_memcmp(expected.data(), tag.data(), kCodeMacSize) == 0;
}

}  // namespace ow::codes
