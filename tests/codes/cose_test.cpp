#include "codes/cose_sign1.h"

#include <gtest/gtest.h>

#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"
#include "codes/cose_algorithms.h"
#include "codes/issuer_key.h"

namespace ow::codes {
namespace {

Result<CoseSign1> ParseBytes(const Bytes& b) {
  auto item = DecodeCbor(b);
  if (!item.ok()) return item.status();
  return ParseCoseSign1(*item);
}

CoseSigner FixedSigner() {
  return [](ByteView) -> Result<Bytes> { return Bytes(64, 0xab); };
}

TEST(CoseTest, SigStructureLayout) {
  const Bytes prot = {0xa1, 0x01, 0x26};  // {1: -7}
  const Bytes sig = BuildSigStructure(prot, AsBytes("hi"));
  Bytes expected = {0x84, 0x6a};
  for (char c : std::string_view("Signature1")) expected.push_back(static_cast<uint8_t>(c));
  expected.insert(expected.end(), {0x43, 0xa1, 0x01, 0x26, 0x40, 0x42, 'h', 'i'});
  EXPECT_EQ(sig, expected);
}

TEST(CoseTest, ParsesTaggedUntaggedAndCwtWrapped) {
  const Bytes kid = {1, 2, 3};
  for (auto wrapping : {CoseWrapping::kTagged, CoseWrapping::kUntagged, CoseWrapping::kCwtTagged}) {
    auto built =
        BuildCoseSign1(kAlgEdDSA, kid, AsBytes("payload"), FixedSigner(), {.wrapping = wrapping});
    ASSERT_TRUE(built.ok());
    const uint8_t first = (*built)[0];
    const uint8_t expected = wrapping == CoseWrapping::kTagged     ? 0xd2
                             : wrapping == CoseWrapping::kUntagged ? 0x84
                                                                   : 0xd8;  // tag 61: 1 byte
    EXPECT_EQ(first, expected);
    auto msg = ParseBytes(*built);
    ASSERT_TRUE(msg.ok()) << msg.status().ToString();
    EXPECT_EQ(msg->alg, kAlgEdDSA);
    EXPECT_EQ(msg->kid, kid);
    EXPECT_EQ(ToString(msg->payload), "payload");
    EXPECT_EQ(msg->signature, Bytes(64, 0xab));
  }
}

TEST(CoseTest, KidFromUnprotectedHeader) {
  const Bytes kid = {9, 9};
  auto built = BuildCoseSign1(kAlgES256, kid, AsBytes("p"), FixedSigner(),
                              {.kid_placement = KidPlacement::kUnprotected});
  ASSERT_TRUE(built.ok());
  auto msg = ParseBytes(*built);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->kid, kid);
  EXPECT_EQ(msg->protected_header.Find(kHeaderKid), nullptr);
  auto none = BuildCoseSign1(kAlgES256, kid, AsBytes("p"), FixedSigner(),
                             {.kid_placement = KidPlacement::kNone});
  ASSERT_TRUE(none.ok());
  auto msg2 = ParseBytes(*none);
  ASSERT_TRUE(msg2.ok());
  EXPECT_TRUE(msg2->kid.empty());
}

TEST(CoseTest, SignedMessageVerifies) {
  const IssuerKey key = IssuerKey::Generate("k1");
  auto built = BuildCoseSign1(kAlgEdDSA, key.kid(), AsBytes("claims"),
                              [&](ByteView tbs) -> Result<Bytes> { return key.Sign(tbs); });
  ASSERT_TRUE(built.ok());
  auto msg = ParseBytes(*built);
  ASSERT_TRUE(msg.ok());
  const Bytes tbs = BuildSigStructure(msg->protected_bytes, msg->payload);
  EXPECT_TRUE(Ed25519Verify(key.public_key(), tbs, msg->signature));
  Bytes other = tbs;
  other.back() ^= 1;
  EXPECT_FALSE(Ed25519Verify(key.public_key(), other, msg->signature));
}

CborValue Message(CborValue prot_map, CborValue unprot, CborValue payload, CborValue sig) {
  return CborValue::Tag(
      18, CborValue::Array({CborValue::BytesOf(EncodeCbor(prot_map)), std::move(unprot),
                            std::move(payload), std::move(sig)}));
}

TEST(CoseTest, RejectsMalformedMessages) {
  CborValue alg = CborValue::Map();
  alg.Insert(CborValue::Int(1), CborValue::Int(-8));
  const CborValue sig = CborValue::BytesOf(Bytes(64, 1));
  const CborValue payload = CborValue::BytesOf(AsBytes("x"));

  EXPECT_TRUE(ParseCoseSign1(Message(alg, CborValue::Map(), payload, sig)).ok());
  // Wrong tag, wrong shape, wrong member types.
  EXPECT_FALSE(ParseCoseSign1(CborValue::Tag(98, CborValue::Array())).ok());
  EXPECT_FALSE(ParseCoseSign1(CborValue::Array({CborValue::Int(1)})).ok());
  EXPECT_FALSE(ParseCoseSign1(CborValue::Int(5)).ok());
  EXPECT_FALSE(ParseCoseSign1(Message(alg, CborValue::Map(), CborValue::Null(), sig)).ok());
  EXPECT_FALSE(ParseCoseSign1(Message(alg, CborValue::Array(), payload, sig)).ok());
  EXPECT_FALSE(ParseCoseSign1(Message(alg, CborValue::Map(), payload, CborValue::Int(1))).ok());
  // No alg; alg only unprotected; protected header not a map.
  EXPECT_FALSE(ParseCoseSign1(Message(CborValue::Map(), CborValue::Map(), payload, sig)).ok());
  EXPECT_FALSE(ParseCoseSign1(Message(CborValue::Map(), alg, payload, sig)).ok());
  EXPECT_FALSE(ParseCoseSign1(Message(CborValue::Int(1), CborValue::Map(), payload, sig)).ok());
  // kid of the wrong type.
  CborValue text_kid = alg;
  text_kid.Insert(CborValue::Int(4), CborValue::Text("kid"));
  EXPECT_FALSE(ParseCoseSign1(Message(text_kid, CborValue::Map(), payload, sig)).ok());
}

TEST(CoseTest, EcdsaSignatureConversion) {
  Bytes raw(64);
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<uint8_t>(i + 1);
  raw[0] = 0x80;   // high bit set: DER needs a leading zero
  raw[32] = 0x00;  // leading zero in s: DER drops it
  auto der = EcdsaRawToDer(raw);
  ASSERT_TRUE(der.ok());
  EXPECT_EQ((*der)[0], 0x30);
  auto back = EcdsaDerToRaw(*der, 32);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, raw);
  EXPECT_FALSE(EcdsaRawToDer(Bytes(63)).ok());
  EXPECT_FALSE(EcdsaDerToRaw(AsBytes("junk"), 32).ok());
}

}  // namespace
}  // namespace ow::codes
