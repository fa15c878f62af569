// OneWindow "OW1:" health codes: issue with generated Ed25519 keys and check every
// verification outcome.
#include <gtest/gtest.h>

#include <functional>

#include "codes/base45.h"
#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"
#include "codes/code_claims.h"
#include "codes/code_mac.h"
#include "codes/cose_sign1.h"
#include "codes/issue_code.h"
#include "codes/payload_envelope.h"
#include "codes/verifier.h"
#include "codes/zlib_codec.h"

namespace ow::codes {
namespace {

constexpr int64_t kNow = 1760000000;  // 2025-10-09
constexpr int64_t kDay = 86400;

class Ow1VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        trust_
            .AddKey({.region = "310000",
                     .kid = key_.kid(),
                     .public_key = Bytes(key_.public_key().begin(), key_.public_key().end())})
            .ok());
    claims_ = {.issuer = "310000",
               .issued_at = kNow - 3600,
               .expires_at = kNow + kDay,
               .subject = "p-5f2c9a",
               .colour = Colour::kYellow,
               .masked_name = "\xe5\xbc\xa0*",
               .masked_id = "3101**********1234",
               .rules_version = "2025.10"};
  }

  // Signs arbitrary payload bytes with the trusted key (for malformed-claims tests).
  std::string SignRaw(const Bytes& payload, int64_t alg = kAlgEdDSA) {
    auto cose = BuildCoseSign1(alg, key_.kid(), payload,
                               [&](ByteView tbs) -> Result<Bytes> { return key_.Sign(tbs); });
    return WrapPayload(kOw1Prefix, cose.value());
  }

  VerifyResult Check(std::string_view payload, int64_t now = kNow) {
    return VerifyCode(payload, trust_, now);
  }

  IssuerKey key_ = IssuerKey::Generate("sh-2025-1");
  TrustList trust_;
  CodeClaims claims_;
};

TEST_F(Ow1VerifyTest, ValidCode) {
  const std::string code = IssueCode(claims_, key_);
  ASSERT_TRUE(code.starts_with("OW1:"));
  const VerifyResult r = Check(code);
  EXPECT_TRUE(r.valid);
  EXPECT_EQ(r.reason, "ok");
  EXPECT_EQ(r.format, "ow1");
  EXPECT_EQ(r.issuer, "310000");
  EXPECT_EQ(r.kid, ToBase64(AsBytes("sh-2025-1")));
  EXPECT_EQ(r.expires, kNow + kDay);
  EXPECT_EQ(r.issued_at, kNow - 3600);
  ASSERT_TRUE(r.claims.has_value());
  EXPECT_EQ(*r.claims, claims_);
  const auto json = r.ToJson();
  EXPECT_EQ(json.at("colour").as_string(), "yellow");
  EXPECT_EQ(json.at("valid").as_bool(), true);
}

TEST_F(Ow1VerifyTest, AllCoseWrappingsAndKidPlacements) {
  for (auto wrapping : {CoseWrapping::kTagged, CoseWrapping::kUntagged, CoseWrapping::kCwtTagged}) {
    for (auto placement : {KidPlacement::kProtected, KidPlacement::kUnprotected}) {
      const std::string code =
          IssueCode(claims_, key_, {.wrapping = wrapping, .kid_placement = placement});
      const VerifyResult r = Check(code);
      EXPECT_TRUE(r.valid) << r.reason;
    }
  }
}

TEST_F(Ow1VerifyTest, BadPrefix) {
  EXPECT_EQ(Check("").reason, "bad_prefix");
  EXPECT_EQ(Check("OW2:BB8").reason, "bad_prefix");
  EXPECT_EQ(Check("ow1:BB8").reason, "bad_prefix");
  const VerifyResult r = Check("hello");
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.format, "");
}

TEST_F(Ow1VerifyTest, BadBase45) {
  EXPECT_EQ(Check("OW1:abc").reason, "bad_base45");
  EXPECT_EQ(Check("OW1:A").reason, "bad_base45");
  EXPECT_EQ(Check("OW1:GGW").reason, "bad_base45");
  EXPECT_EQ(Check("OW1:abc").format, "ow1");
}

TEST_F(Ow1VerifyTest, BadZlib) {
  EXPECT_EQ(Check("OW1:" + Base45Encode(AsBytes("not zlib"))).reason, "bad_zlib");
  EXPECT_EQ(Check("OW1:").reason, "bad_zlib");
  const Bytes bomb = ZlibCompress(Bytes(1 << 20, 0));
  EXPECT_EQ(Check("OW1:" + Base45Encode(bomb)).reason, "bad_zlib");
}

TEST_F(Ow1VerifyTest, BadCbor) {
  EXPECT_EQ(Check(WrapPayload(kOw1Prefix, Bytes{0xff, 0xff})).reason, "bad_cbor");
  EXPECT_EQ(Check(WrapPayload(kOw1Prefix, Bytes{0x84, 0x40})).reason, "bad_cbor");
}

TEST_F(Ow1VerifyTest, BadCose) {
  const Bytes array = EncodeCbor(CborValue::Array({CborValue::Int(1), CborValue::Int(2)}));
  EXPECT_EQ(Check(WrapPayload(kOw1Prefix, array)).reason, "bad_cose");
  const Bytes wrong_tag = EncodeCbor(CborValue::Tag(17, CborValue::Array()));
  EXPECT_EQ(Check(WrapPayload(kOw1Prefix, wrong_tag)).reason, "bad_cose");
}

TEST_F(Ow1VerifyTest, UnsupportedAlg) {
  EXPECT_EQ(Check(SignRaw(EncodeCodeClaims(claims_), kAlgES256)).reason, "unsupported_alg");
}

TEST_F(Ow1VerifyTest, UnknownKid) {
  const IssuerKey stranger = IssuerKey::Generate("bj-2025-1");
  const VerifyResult r = Check(IssueCode(claims_, stranger));
  EXPECT_EQ(r.reason, "unknown_kid");
  EXPECT_EQ(r.kid, ToBase64(AsBytes("bj-2025-1")));
  EXPECT_EQ(Check(IssueCode(claims_, key_, {.kid_placement = KidPlacement::kNone})).reason,
            "unknown_kid");
}

TEST_F(Ow1VerifyTest, BadSignature) {
  // Same kid, different key: the signature does not verify with the trusted key.
  const IssuerKey impostor = IssuerKey::Generate("sh-2025-1");
  EXPECT_EQ(Check(IssueCode(claims_, impostor)).reason, "bad_signature");
  // A flipped signature bit.
  auto cose = BuildCoseSign1(kAlgEdDSA, key_.kid(), EncodeCodeClaims(claims_),
                             [&](ByteView tbs) -> Result<Bytes> {
                               Bytes sig = key_.Sign(tbs);
                               sig[10] ^= 0x01;
                               return sig;
                             });
  EXPECT_EQ(Check(WrapPayload(kOw1Prefix, *cose)).reason, "bad_signature");
  // Claims changed after signing (colour red -> green) by re-assembling with the old signature.
  CodeClaims red = claims_;
  red.colour = Colour::kRed;
  Bytes captured_sig;
  auto signed_red = BuildCoseSign1(kAlgEdDSA, key_.kid(), EncodeCodeClaims(red),
                                   [&](ByteView tbs) -> Result<Bytes> {
                                     captured_sig = key_.Sign(tbs);
                                     return captured_sig;
                                   });
  ASSERT_TRUE(signed_red.ok());
  CodeClaims green = red;
  green.colour = Colour::kGreen;
  auto forged = BuildCoseSign1(kAlgEdDSA, key_.kid(), EncodeCodeClaims(green),
                               [&](ByteView) -> Result<Bytes> { return captured_sig; });
  EXPECT_EQ(Check(WrapPayload(kOw1Prefix, *forged)).reason, "bad_signature");
}

TEST_F(Ow1VerifyTest, ExpiredAndNotYetValid) {
  const std::string code = IssueCode(claims_, key_);
  EXPECT_TRUE(Check(code, claims_.expires_at - 1).valid);
  const VerifyResult expired = Check(code, claims_.expires_at);
  EXPECT_FALSE(expired.valid);
  EXPECT_EQ(expired.reason, "expired");
  EXPECT_TRUE(expired.claims.has_value());  // still shown, but not valid
  EXPECT_TRUE(Check(code, claims_.issued_at).valid);
  EXPECT_EQ(Check(code, claims_.issued_at - 1).reason, "not_yet_valid");
}

TEST_F(Ow1VerifyTest, BadClaims) {
  EXPECT_EQ(Check(SignRaw(EncodeCbor(CborValue::Text("hi")))).reason, "bad_claims");
  EXPECT_EQ(Check(SignRaw(Bytes{0xff})).reason, "bad_claims");
  CborValue partial = CborValue::Map();
  partial.Insert(CborValue::Int(1), CborValue::Text("310000"));
  EXPECT_EQ(Check(SignRaw(EncodeCbor(partial))).reason, "bad_claims");
}

TEST_F(Ow1VerifyTest, IssuerMustMatchKeyRegion) {
  CodeClaims other = claims_;
  other.issuer = "110000";  // Beijing claims, signed with Shanghai's key
  EXPECT_EQ(Check(IssueCode(other, key_)).reason, "issuer_mismatch");
}

TEST_F(Ow1VerifyTest, KeyRotationOverlap) {
  // Old key valid [T0, T0+30d]; new key valid [T0+20d, T0+400d]: both accepted in the overlap.
  const int64_t t0 = kNow;
  const IssuerKey old_key = IssuerKey::Generate("sh-old");
  const IssuerKey new_key = IssuerKey::Generate("sh-new");
  TrustList trust;
  ASSERT_TRUE(trust
                  .AddKey({"310000", old_key.kid(),
                           Bytes(old_key.public_key().begin(), old_key.public_key().end()), t0,
                           t0 + 30 * kDay})
                  .ok());
  ASSERT_TRUE(trust
                  .AddKey({"310000", new_key.kid(),
                           Bytes(new_key.public_key().begin(), new_key.public_key().end()),
                           t0 + 20 * kDay, t0 + 400 * kDay})
                  .ok());
  CodeClaims c = claims_;
  c.issued_at = t0;
  c.expires_at = t0 + 365 * kDay;
  const std::string by_old = IssueCode(c, old_key);
  const std::string by_new = IssueCode(c, new_key);

  EXPECT_TRUE(VerifyCode(by_old, trust, t0 + kDay).valid);
  EXPECT_EQ(VerifyCode(by_new, trust, t0 + kDay).reason, "key_not_valid");
  EXPECT_TRUE(VerifyCode(by_old, trust, t0 + 25 * kDay).valid);  // overlap
  EXPECT_TRUE(VerifyCode(by_new, trust, t0 + 25 * kDay).valid);  // overlap
  EXPECT_EQ(VerifyCode(by_old, trust, t0 + 31 * kDay).reason, "key_not_valid");
  EXPECT_TRUE(VerifyCode(by_new, trust, t0 + 31 * kDay).valid);
}

TEST_F(Ow1VerifyTest, SameKidOnSeveralKeysTriesEach) {
  const IssuerKey second = IssuerKey::Generate("sh-2025-1");  // same kid, new key
  ASSERT_TRUE(
      trust_
          .AddKey({.region = "310000",
                   .kid = second.kid(),
                   .public_key = Bytes(second.public_key().begin(), second.public_key().end())})
          .ok());
  EXPECT_TRUE(Check(IssueCode(claims_, second)).valid);
  EXPECT_TRUE(Check(IssueCode(claims_, key_)).valid);
}

TEST_F(Ow1VerifyTest, DeterministicIssueFromSeed) {
  const Bytes seed(32, 7);
  auto a = IssuerKey::FromSeed(AsBytes("k"), seed);
  auto b = IssuerKey::FromSeed(AsBytes("k"), seed);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(IssueCode(claims_, *a), IssueCode(claims_, *b));
  EXPECT_FALSE(IssuerKey::FromSeed(AsBytes("k"), Bytes(31)).ok());
}

// The issuer MAC (code_mac.h): with the MAC key a genuine code is authenticated without the
// signature; without it (offline gates, other regions) the signature still verifies.
TEST_F(Ow1VerifyTest, IssuerMacStandsInForTheSignature) {
  const std::string code = IssueCode(claims_, key_);
  VerifyOptions own;
  int asked = 0;
  own.own_mac_key = [&](ByteView kid) -> std::optional<Bytes> {
    ++asked;
    if (ToString(kid) != ToString(key_.kid())) return std::nullopt;
    return key_.mac_key();
  };
  const VerifyResult fast = VerifyCode(code, trust_, kNow, own);
  EXPECT_TRUE(fast.valid) << fast.reason;
  EXPECT_TRUE(fast.mac_verified);
  EXPECT_EQ(asked, 1);
  ASSERT_TRUE(fast.claims.has_value());
  EXPECT_EQ(fast.claims->subject, "p-5f2c9a");
  const VerifyResult offline = Check(code);
  EXPECT_TRUE(offline.valid);
  EXPECT_FALSE(offline.mac_verified);
  // Expiry and key validity still apply on the MAC path.
  EXPECT_EQ(VerifyCode(code, trust_, kNow + 2 * kDay, own).reason, "expired");
}

// The unprotected header with its issuer MAC replaced by `tag`.
CborValue WithMac(const CborValue& unprot, const Bytes& tag) {
  CborValue out = CborValue::Map();
  for (size_t i = 0; i < unprot.size(); ++i)
    if (unprot.key(i).AsInt64() != kHeaderOwMac) out.Insert(unprot.key(i), unprot.value(i));
  out.Insert(CborValue::Int(kHeaderOwMac), CborValue::BytesOf(tag));
  return out;
}

// Rebuilds `code` with its COSE parts changed by `edit` (payload, unprotected header or
// signature), without re-signing.
std::string Tamper(const std::string& code,
                   const std::function<void(CborValue& unprot, Bytes& payload, Bytes& sig)>& edit) {
  Bytes compressed;
  EXPECT_TRUE(Base45DecodeInto(std::string_view(code).substr(4), compressed).ok());
  Bytes cose;
  EXPECT_TRUE(ZlibDecompressInto(compressed, cose).ok());
  auto item = DecodeCbor(cose);
  EXPECT_TRUE(item.ok());
  auto msg = ParseCoseSign1(*item);
  EXPECT_TRUE(msg.ok());
  CborValue unprot = msg->unprotected_header;
  Bytes payload = msg->payload, sig = msg->signature;
  edit(unprot, payload, sig);
  Bytes out;
  AppendCborHead(out, kCborTag, kTagCoseSign1);
  AppendCborHead(out, kCborArray, 4);
  AppendCborBytes(out, msg->protected_bytes);
  EncodeCbor(unprot, out);
  AppendCborBytes(out, payload);
  AppendCborBytes(out, sig);
  return WrapPayload(kOw1Prefix, out);
}

TEST_F(Ow1VerifyTest, WrongIssuerMacFallsBackToTheSignature) {
  const std::string code = IssueCode(claims_, key_);
  VerifyOptions own;
  own.own_mac_key = [&](ByteView) -> std::optional<Bytes> { return key_.mac_key(); };
  // A flipped MAC bit: the signature is still good, so the code is valid the slow way.
  const std::string bad_mac = Tamper(code, [](CborValue& unprot, Bytes&, Bytes&) {
    Bytes tag(unprot.Find(kHeaderOwMac)->bytes().begin(), unprot.Find(kHeaderOwMac)->bytes().end());
    tag[0] ^= 1;
    unprot = WithMac(unprot, tag);
  });
  const VerifyResult r = VerifyCode(bad_mac, trust_, kNow, own);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_FALSE(r.mac_verified);
  // A changed payload with its MAC recomputed under a guessed key and the signature kept:
  // neither the MAC nor the signature holds.
  CodeClaims green = claims_;  // the yellow code turned green
  green.colour = Colour::kGreen;
  const Bytes forged_payload = EncodeCodeClaims(green);
  const std::string forged = Tamper(code, [&](CborValue& unprot, Bytes& payload, Bytes&) {
    payload = forged_payload;
    const Bytes guess(kCodeMacKeySize, 7);
    unprot = WithMac(unprot, ComputeCodeMac(guess, payload));
  });
  const VerifyResult f = VerifyCode(forged, trust_, kNow, own);
  EXPECT_FALSE(f.valid);
  EXPECT_EQ(f.reason, "bad_signature");
  EXPECT_FALSE(f.mac_verified);
  // A code of another key with a MAC under that key is not taken for one of ours.
  IssuerKey stranger = IssuerKey::Generate("sh-2025-1");  // same kid, different key
  const VerifyResult s = VerifyCode(IssueCode(claims_, stranger), trust_, kNow, own);
  EXPECT_FALSE(s.valid);
  EXPECT_EQ(s.reason, "bad_signature");
}

}  // namespace
}  // namespace ow::codes
