// Signed exchange calls: a signature made with a member's key verifies, and any change to what
// it covers (body, each header, method, target), another member's key, or a malformed
// signature does not.
#include "exchange/call_signature.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "crypto/crypto.h"

namespace ow::exchange {
namespace {

SignedCall Call() {
  return {"POST",
          "/r1/CN-ZJ/GOV/330000-OW/healthcode/events",
          "CN-ZJ/GOV/330000-HEALTH/fever-clinic",
          "5f0c6a1e-8d4b-4c55-9f1a-2b7e3c9d0a11",
          "2026-12-03T02:15:00Z",
          "q2Vd0Yb7mZ8cJ4nR1sT6uw",
          "epidemic-prevention",
          R"({"visits":[{"resident":"...","at":"2026-12-03T10:02:00+08:00"}]})"};
}

TEST(CallSignatureTest, SignedCallVerifiesWithTheSignersKey) {
  crypto::Init();
  auto kp = crypto::NewEd25519KeyPair();
  auto sig = SignCall(kp.secret_key, Call());
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  EXPECT_TRUE(VerifyCall(kp.public_key, Call(), *sig));
  // Another member's key does not verify it.
  EXPECT_FALSE(VerifyCall(crypto::NewEd25519KeyPair().public_key, Call(), *sig));
}

TEST(CallSignatureTest, AnyChangeToWhatIsSignedFailsVerification) {
  crypto::Init();
  auto kp = crypto::NewEd25519KeyPair();
  auto sig = SignCall(kp.secret_key, Call());
  ASSERT_TRUE(sig.ok());
  std::vector<std::pair<const char*, std::function<void(SignedCall&)>>> changes = {
      {"body", [](SignedCall& c) { c.body += " "; }},
      {"method", [](SignedCall& c) { c.method = "PUT"; }},
      {"target", [](SignedCall& c) { c.target += "?all=1"; }},
      {"client", [](SignedCall& c) { c.client = "CN-ZJ/GOV/330000-TAX/etax"; }},
      {"message id", [](SignedCall& c) { c.message_id[0] = '6'; }},
      {"timestamp", [](SignedCall& c) { c.timestamp = "2026-12-03T02:16:00Z"; }},
      {"nonce", [](SignedCall& c) { c.nonce = "another-nonce"; }},
      {"purpose", [](SignedCall& c) { c.purpose = "marketing"; }},
  };
  for (auto& [what, change] : changes) {
    SignedCall c = Call();
    change(c);
    EXPECT_FALSE(VerifyCall(kp.public_key, c, *sig)) << what;
  }
}

TEST(CallSignatureTest, LineBreaksInFieldsAndMalformedSignaturesAreRefused) {
  crypto::Init();
  auto kp = crypto::NewEd25519KeyPair();
  SignedCall c = Call();
  c.purpose = "epidemic-prevention\nextra";
  EXPECT_FALSE(SignCall(kp.secret_key, c).ok());
  EXPECT_FALSE(CanonicalString(c).ok());
  auto sig = SignCall(kp.secret_key, Call());
  ASSERT_TRUE(sig.ok());
  EXPECT_FALSE(VerifyCall(kp.public_key, Call(), "not base64 !"));
  EXPECT_FALSE(VerifyCall(kp.public_key, Call(), sig->substr(0, sig->size() - 8)));
  EXPECT_FALSE(VerifyCall("short", Call(), *sig));
  // The body is covered by its digest: the canonical string does not carry the body itself.
  auto text = CanonicalString(Call());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("visits"), std::string::npos);
}

}  // namespace
}  // namespace ow::exchange
