// Licence documents (licence_document.h): the claims round-trip, and the verifier accepts a
// licence signed by a key that was valid at its issue time even after the key retired, and
// refuses a key not yet valid then, another region's key, a changed byte, an expired licence.
#include <gtest/gtest.h>

#include "codes/cbor_view.h"
#include "codes/licence_document.h"
#include "codes/verifier.h"

namespace ow::codes {
namespace {

constexpr int64_t kIat = 1790000000;

LicenceClaims Claims() {
  LicenceClaims c;
  c.issuer = "330000";
  c.issued_at = kIat;
  c.id = "l1";
  c.kind = "business_licence";
  c.kind_zh = "营业执照";
  c.kind_en = "Business licence";
  c.item_code = "330000-0901-01";
  c.item_zh = "登记";
  c.item_en = "Registration";
  c.case_number = "330000-0901-20260921-00001";
  c.department = "330000-AMR";
  c.department_zh = "市场监管局";
  c.department_en = "AMR";
  c.holder_type = "enterprise";
  c.holder_name = "杭州示例科技有限公司";
  c.holder_id = "9133**********1234";
  c.issued_on = "2026-09-21";
  c.fields = {{"scope", "软件开发"}};
  return c;
}

class LicenceVerifyTest : public ::testing::Test {
 protected:
  TrustList Trust(int64_t not_before, int64_t not_after, const std::string& region = "330000") {
    TrustList t;
    EXPECT_TRUE(
        t.AddKey({region, key_.kid(), Bytes(key_.public_key().begin(), key_.public_key().end()),
                  not_before, not_after})
            .ok());
    return t;
  }
  IssuerKey key_ = IssuerKey::Generate("lic-key");
};

TEST_F(LicenceVerifyTest, ClaimsRoundTrip) {
  LicenceClaims c = Claims();
  c.expires_at = kIat + 86400;
  const Bytes cbor = EncodeLicenceClaims(c);
  auto view = CborView::Parse(cbor);
  ASSERT_TRUE(view.ok());
  auto back = DecodeLicenceClaims(*view);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);
}

TEST_F(LicenceVerifyTest, KeyValidAtIssueTimeSufficesAfterItRetired) {
  const Bytes cose = SignLicence(Claims(), key_);
  // Retired a year before "now", but valid when the licence was issued.
  const TrustList trust = Trust(kIat - 10, kIat + 100);
  VerifyResult r = VerifyLicence(cose, trust, kIat + 400LL * 86400);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.format, "licence");
  ASSERT_TRUE(r.licence.has_value());
  EXPECT_EQ(r.licence->holder_name, "杭州示例科技有限公司");
  // The QR text verifies the same way.
  r = VerifyCode(LicenceQrText(cose), trust, kIat + 60);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.format, "licence");
}

TEST_F(LicenceVerifyTest, RefusedWhenAnythingIsWrong) {
  const Bytes cose = SignLicence(Claims(), key_);
  EXPECT_EQ(VerifyLicence(cose, Trust(kIat + 1, kIat + 100), kIat + 50).reason, "key_not_valid");
  EXPECT_EQ(VerifyLicence(cose, Trust(0, kIat + 100, "310000"), kIat).reason, "issuer_mismatch");
  EXPECT_EQ(VerifyLicence(cose, Trust(0, kIat + 100), kIat - 100).reason, "not_yet_valid");
  EXPECT_EQ(VerifyLicence(cose, TrustList(), kIat).reason, "unknown_kid");
  for (size_t i = 0; i < cose.size(); i += 7) {
    Bytes changed = cose;
    changed[i] ^= 0x01;
    EXPECT_FALSE(VerifyLicence(changed, Trust(0, kIat + 100), kIat).valid) << "byte " << i;
  }
  LicenceClaims limited = Claims();
  limited.expires_at = kIat + 86400;
  const Bytes limited_cose = SignLicence(limited, key_);
  EXPECT_TRUE(VerifyLicence(limited_cose, Trust(0, kIat + 100), kIat + 86399).valid);
  EXPECT_EQ(VerifyLicence(limited_cose, Trust(0, kIat + 100), kIat + 86400).reason, "expired");
}

}  // namespace
}  // namespace ow::codes
