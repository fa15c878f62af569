#include <gtest/gtest.h>

#include "codes/canonical_json.h"
#include "codes/issue_code.h"
#include "codes/signed_trust_list.h"
#include "codes/verifier.h"
#include "test_pki.h"

namespace ow::codes {
namespace {

constexpr int64_t kNow = 1760000000;

Bytes Pk(const IssuerKey& k) { return Bytes(k.public_key().begin(), k.public_key().end()); }

class TrustListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(list_.AddKey({"310000", sh1_.kid(), Pk(sh1_), kNow - 100, kNow + 1000}).ok());
    ASSERT_TRUE(list_.AddKey({"310000", sh2_.kid(), Pk(sh2_), kNow + 500, kNow + 5000}).ok());
    ASSERT_TRUE(list_.AddKey({"110000", bj_.kid(), Pk(bj_)}).ok());
    auto ec = testing::GenerateEcP256();
    cert_der_ = testing::MakeSelfSignedCert(ec.get(), kNow - 1000, kNow + 1000);
    ASSERT_TRUE(list_.AddCertificate(cert_der_).ok());
  }

  IssuerKey sh1_ = IssuerKey::Generate("sh-1");
  IssuerKey sh2_ = IssuerKey::Generate("sh-2");
  IssuerKey bj_ = IssuerKey::Generate("bj-1");
  IssuerKey root_ = IssuerKey::Generate("sh-root");
  Bytes cert_der_;
  TrustList list_;
};

TEST_F(TrustListTest, RejectsBadKeys) {
  TrustList t;
  EXPECT_FALSE(t.AddKey({"", sh1_.kid(), Pk(sh1_)}).ok());
  EXPECT_FALSE(t.AddKey({"310000", {}, Pk(sh1_)}).ok());
  EXPECT_FALSE(t.AddKey({"310000", sh1_.kid(), Bytes(31)}).ok());
  EXPECT_FALSE(t.AddKey({"310000", sh1_.kid(), Pk(sh1_), 10, 5}).ok());
  EXPECT_FALSE(t.AddCertificate(AsBytes("not a certificate")).ok());
}

TEST_F(TrustListTest, LookupByKid) {
  EXPECT_EQ(list_.FindKeys(AsBytes("sh-1")).size(), 1u);
  EXPECT_EQ(list_.FindKeys(AsBytes("nope")).size(), 0u);
  EXPECT_EQ(list_.FindCertificates(CertificateKid(cert_der_)).size(), 1u);
}

TEST_F(TrustListTest, JsonRoundTrip) {
  const boost::json::object json = list_.ToJson();
  EXPECT_EQ(json.at("regions").at("310000").as_array().size(), 2u);
  auto back = TrustList::FromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(CanonicalJson(back->ToJson()), CanonicalJson(json));
  EXPECT_EQ(back->keys().size(), 3u);
  EXPECT_EQ(back->certificates().size(), 1u);
  auto parsed = TrustList::Parse(boost::json::serialize(json));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->FindKeys(AsBytes("sh-2")).size(), 1u);
}

TEST_F(TrustListTest, RejectsMalformedJson) {
  EXPECT_FALSE(TrustList::Parse("not json").ok());
  EXPECT_FALSE(TrustList::Parse("[]").ok());
  EXPECT_FALSE(TrustList::Parse(R"({"version":2})").ok());
  EXPECT_FALSE(TrustList::Parse(R"({"version":1,"regions":{"1":[{"kid":"!!"}]}})").ok());
  EXPECT_FALSE(TrustList::Parse(R"({"version":1,"certificates":[{"der":"AAAA"}]})").ok());
  EXPECT_TRUE(TrustList::Parse(R"({"version":1})").ok());
}

TEST_F(TrustListTest, CanonicalJsonIgnoresMemberOrder) {
  boost::json::value a = boost::json::parse(R"({"b":1,"a":{"y":[1,"x"],"x":null}})");
  boost::json::value b = boost::json::parse(R"({"a":{"x":null,"y":[1,"x"]},"b":1})");
  EXPECT_EQ(CanonicalJson(a), CanonicalJson(b));
  EXPECT_EQ(CanonicalJson(a), R"({"a":{"x":null,"y":[1,"x"]},"b":1})");
}

TEST_F(TrustListTest, SignedListVerifiesAndImports) {
  const std::string signed_json = SignTrustList(list_, root_);
  auto imported = VerifySignedTrustList(signed_json, root_.public_key());
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->keys().size(), 3u);
  // Member order in the envelope does not matter: re-serialise with another layout.
  boost::json::value v = boost::json::parse(signed_json);
  boost::json::object reordered;
  reordered["signature"] = v.at("signature");
  reordered["trust_list"] = v.at("trust_list");
  EXPECT_TRUE(VerifySignedTrustList(boost::json::serialize(reordered), root_.public_key()).ok());
  // The imported list verifies codes of the exporting region.
  CodeClaims c{.issuer = "310000",
               .issued_at = kNow,
               .expires_at = kNow + 60,
               .subject = "s",
               .colour = Colour::kGreen,
               .masked_name = "n",
               .masked_id = "i",
               .rules_version = "1"};
  EXPECT_TRUE(VerifyCode(IssueCode(c, sh1_), *imported, kNow).valid);
  // Parse accepts the envelope without checking it.
  EXPECT_TRUE(TrustList::Parse(signed_json).ok());
}

TEST_F(TrustListTest, TamperingIsDetected) {
  const std::string signed_json = SignTrustList(list_, root_);
  // Extend a key's validity window.
  boost::json::value v = boost::json::parse(signed_json);
  v.at("trust_list").at("regions").at("310000").at(0).as_object()["not_after"] = kNow + 99999;
  auto r = VerifySignedTrustList(boost::json::serialize(v), root_.public_key());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnauthenticated);
  // Swap in an attacker's key.
  boost::json::value w = boost::json::parse(signed_json);
  const IssuerKey attacker = IssuerKey::Generate("sh-1");
  w.at("trust_list").at("regions").at("310000").at(0).as_object()["public_key"] =
      ToBase64(attacker.public_key());
  EXPECT_EQ(VerifySignedTrustList(boost::json::serialize(w), root_.public_key()).status().code(),
            Code::kUnauthenticated);
  // Another region's root does not vouch for this list.
  const IssuerKey other_root = IssuerKey::Generate("bj-root");
  EXPECT_EQ(VerifySignedTrustList(signed_json, other_root.public_key()).status().code(),
            Code::kUnauthenticated);
  // Not an envelope at all.
  EXPECT_EQ(VerifySignedTrustList("{}", root_.public_key()).status().code(), Code::kBadRequest);
  EXPECT_EQ(VerifySignedTrustList("][", root_.public_key()).status().code(), Code::kBadRequest);
}

}  // namespace
}  // namespace ow::codes
