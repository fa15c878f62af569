// The envelope of exchange calls: signed request headers verify, the Signature header
// round-trips and refuses malformed values, X-Road-Request-Hash matches values computed
// independently, X-Road errors round-trip and refusals are told from retryable failures;
// deterministic member keys.
#include "exchange/envelope.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "crypto/crypto.h"
#include "exchange/sim_keys.h"

namespace ow::exchange {
namespace {

SignedCall Pull() {
  return {"GET",
          "/r1/CN-ZJ/GOV/330000-TAX/etax/tax-standing/91330100MA27XL0E2Y",
          "CN-ZJ/GOV/330000-OW/hall",
          "5f0c6a1e-8d4b-4c55-9f1a-2b7e3c9d0a11",
          "2026-12-03T10:02:00Z",
          "q2Vd0Yb7mZ8cJ4nR1sT6uw",
          "service_hall",
          ""};
}

SignedCall Push() {
  return {"POST",
          "/r1/CN-ZJ/GOV/330000-OW/healthcode/events",
          "CN-ZJ/GOV/330000-HEALTH/fever-clinic",
          "5f0c6a1e-8d4b-4c55-9f1a-2b7e3c9d0a11",
          "2026-12-03T10:02:00Z",
          "q2Vd0Yb7mZ8cJ4nR1sT6uw",
          "epidemic_control",
          R"({"type":"fever_clinic_visit"})"};
}

TEST(EnvelopeTest, IdsNoncesAndTimestampsHaveTheWireFormat) {
  crypto::Init();
  std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    std::string id = NewMessageId();
    EXPECT_TRUE(std::regex_match(id, uuid)) << id;
    ids.insert(id);
    std::string nonce = NewNonce();
    auto raw = crypto::Base64UrlDecode(nonce);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw->size(), 16u);
  }
  EXPECT_EQ(ids.size(), 50u);
  // 2026-12-03T10:02:00.999Z: whole seconds, Z.
  EXPECT_EQ(CallTimestamp(1'796'292'120'999), "2026-12-03T10:02:00Z");
  EXPECT_EQ(CallTimestamp(1'796'292'120'000), "2026-12-03T10:02:00Z");
}

TEST(EnvelopeTest, SignedRequestHeadersCarryTheEnvelopeAndVerify) {
  crypto::Init();
  auto kp = crypto::NewEd25519KeyPair();
  auto headers = SignedRequestHeaders(Push(), "CN110101199003074514", {"k-1", kp.secret_key});
  ASSERT_TRUE(headers.ok()) << headers.status().ToString();
  std::vector<std::string> names;
  for (const auto& [k, v] : *headers) names.push_back(k);
  EXPECT_EQ(names,
            (std::vector<std::string>{"X-Road-Client", "X-Road-Id", "X-OW-Timestamp", "X-OW-Nonce",
                                      "X-OW-Purpose", "X-Road-UserId", "Signature"}));
  EXPECT_EQ((*headers)[0].second, "CN-ZJ/GOV/330000-HEALTH/fever-clinic");
  EXPECT_EQ((*headers)[5].second, "CN110101199003074514");
  auto sig = ParseSignatureHeader(headers->back().second);
  ASSERT_TRUE(sig.ok()) << sig.status().ToString();
  EXPECT_EQ(sig->key_id, "k-1");
  // The user id is signed with the call: the same call about nobody, or someone else, fails.
  SignedCall about_person = Push();
  about_person.user_id = "CN110101199003074514";
  EXPECT_TRUE(VerifyCall(kp.public_key, about_person, sig->sig));
  EXPECT_FALSE(VerifyCall(kp.public_key, Push(), sig->sig));
  about_person.user_id = "CN110101199003074477";
  EXPECT_FALSE(VerifyCall(kp.public_key, about_person, sig->sig));
  // Without a person there is no X-Road-UserId header.
  auto anonymous = SignedRequestHeaders(Pull(), "", {"k-1", kp.secret_key});
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(anonymous->size(), 6u);
  // A line break in the user id is refused.
  EXPECT_FALSE(SignedRequestHeaders(Pull(), "CN1\n2", {"k-1", kp.secret_key}).ok());
  // A wrong-sized secret key is an error, not a crash.
  EXPECT_FALSE(SignedRequestHeaders(Pull(), "", {"k-1", "short"}).ok());
}

TEST(EnvelopeTest, SignatureHeaderParsesInAnyOrderAndRefusesMalformedValues) {
  auto a = ParseSignatureHeader(R"(keyId="sim-1",sig="AAAA")");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->key_id, "sim-1");
  EXPECT_EQ(a->sig, "AAAA");
  auto b = ParseSignatureHeader(R"(sig="QkI=", keyId="k")");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->key_id, "k");
  EXPECT_EQ(b->sig, "QkI=");
  EXPECT_EQ(FormatSignatureHeader("k", "QkI="), R"(keyId="k",sig="QkI=")");
  for (const char* bad :
       {"", R"(keyId="k")", R"(sig="x")", R"(keyId=k,sig="x")", R"(keyId="k",sig="x",extra="y")",
        R"(keyId="k",keyId="j",sig="x")", R"(keyId="k";sig="x")", R"(keyId="k\"",sig="x")",
        R"(keyId="",sig="x")", R"(keyId="k",sig="x)"}) {
    auto r = ParseSignatureHeader(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kBadRequest) << bad;
    }
  }
}

// Known values computed independently of this code, with Python's hashlib:
//   h = "\n".join([method, target, client, id, timestamp, nonce, purpose, user_id]) + "\n"
//   base64(sha512(h))                                   (no body)
//   base64(sha512(sha512(h) + sha512(body)))            (with a body)
// The first was also checked with
//   printf 'GET\n/r1/...\nservice_hall\n\n' | openssl dgst -sha512 -binary | base64 -w0
TEST(EnvelopeTest, RequestHashMatchesIndependentlyComputedValues) {
  EXPECT_EQ(RequestHeadersCanonical(Pull(), ""),
            "GET\n/r1/CN-ZJ/GOV/330000-TAX/etax/tax-standing/91330100MA27XL0E2Y\n"
            "CN-ZJ/GOV/330000-OW/hall\n5f0c6a1e-8d4b-4c55-9f1a-2b7e3c9d0a11\n"
            "2026-12-03T10:02:00Z\nq2Vd0Yb7mZ8cJ4nR1sT6uw\nservice_hall\n\n");
  EXPECT_EQ(
      RequestHash(Pull(), ""),
      "B2enAeasK5EbCYznTwNyNJCZdUe8tGnRSfBfvVSsI7KdLMf1SzwlkQLCb7s1tsz6Dg2boAlyN33zGZaNMey4tg==");
  EXPECT_EQ(
      RequestHash(Push(), "CN110101199003074514"),
      "BC8vtzMAWevdPNEoOY9GRu2K7JnBrao+6nWaesQkOc6umStHUflp6XSnBPb27AUMA8G5DOZbLIbEmcS+xWnwog==");
  // The person, the body and every header change it.
  EXPECT_NE(RequestHash(Push(), "CN110101199003074515"),
            RequestHash(Push(), "CN110101199003074514"));
  SignedCall other = Push();
  other.body += " ";
  EXPECT_NE(RequestHash(other, "CN110101199003074514"),
            RequestHash(Push(), "CN110101199003074514"));
}

TEST(EnvelopeTest, XRoadErrorsRoundTripAndRefusalsAreNotRetryable) {
  std::string body = XRoadErrorJson({"Server.ServerProxy.AccessDenied", "no right", "purpose x"});
  auto e = ParseXRoadError("Server.ServerProxy.AccessDenied", body);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->type, "Server.ServerProxy.AccessDenied");
  EXPECT_EQ(e->message, "no right");
  EXPECT_EQ(e->detail, "purpose x");
  // No header: the provider's own answer, not an X-Road error.
  EXPECT_FALSE(ParseXRoadError("", body).has_value());
  // A body that is not the JSON object keeps its start as the message.
  auto plain = ParseXRoadError("Server.ServerProxy.NetworkError", "gateway down");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->message, "gateway down");

  for (const char* t : {"Client.BadRequest", "Client.InvalidClientId",
                        "Server.ServerProxy.UnknownMember", "Server.ServerProxy.UnknownService",
                        "Server.ServerProxy.InvalidSignature", "Server.ServerProxy.ReplayedNonce",
                        "Server.ServerProxy.StaleTimestamp", "Server.ServerProxy.AccessDenied",
                        "Server.ServerProxy.ConsentRequired", "Server.ClientProxy.AccessDenied"})
    EXPECT_TRUE(IsRefusal(t)) << t;
  for (const char* t : {"Server.ServerProxy.ServiceFailed", "Server.ServerProxy.NetworkError",
                        "Server.ClientProxy.NetworkError", "Server.ServerProxy.InternalError"})
    EXPECT_FALSE(IsRefusal(t)) << t;
}

TEST(SimKeysTest, MemberKeysAreDeterministicPerSeedAndMember) {
  crypto::Init();
  SubsystemId tax{"CN-ZJ", "GOV", "330000-TAX", "etax"};
  SubsystemId hall{"CN-ZJ", "GOV", "330000-OW", "hall"};
  DerivedMemberKey a = SimMemberKey("seed-1", tax);
  EXPECT_EQ(a.key_id, "sim-1");
  EXPECT_EQ(a.public_key.size(), 32u);
  EXPECT_EQ(a.secret_key.size(), 64u);
  EXPECT_EQ(SimMemberKey("seed-1", tax).public_key, a.public_key);
  EXPECT_NE(SimMemberKey("seed-2", tax).public_key, a.public_key);
  EXPECT_NE(SimMemberKey("seed-1", hall).public_key, a.public_key);
  // The derivation is the documented one: Ed25519 from BLAKE2b-256 of the labelled input.
  std::string material = std::string("onewindow.sim-member-key") + '\0' + "seed-1" + '\0' +
                         "CN-ZJ/GOV/330000-TAX/etax";
  EXPECT_EQ(crypto::Ed25519KeyPairFromSeed(crypto::Hash(material)).public_key, a.public_key);
  // The pair works: a call signed with the secret verifies with the public key.
  auto sig = SignCall(a.secret_key, Pull());
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyCall(a.public_key, Pull(), *sig));
}

}  // namespace
}  // namespace ow::exchange
