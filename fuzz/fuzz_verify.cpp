// Fuzzes the full verifier on arbitrary strings, with a trust list holding the seeded key
// that signed the corpus' OW1 codes (so mutations reach signature and claims checks).
#include <string_view>

#include "codes/issuer_key.h"
#include "codes/verifier.h"

namespace {

const ow::codes::TrustList& Trust() {
  static const ow::codes::TrustList* trust = [] {
    auto* t = new ow::codes::TrustList();
    const ow::codes::Bytes seed(32, 0x42);
    auto key = ow::codes::IssuerKey::FromSeed(ow::codes::AsBytes("fuzz-kid"), seed).value();
    (void)t->AddKey(
        {"310000", key.kid(), ow::codes::Bytes(key.public_key().begin(), key.public_key().end())});
    return t;
  }();
  return *trust;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const ow::codes::VerifyResult r = ow::codes::VerifyCode(payload, Trust(), 1760000000);
  (void)boost::json::serialize(r.ToJson());
  return 0;
}
