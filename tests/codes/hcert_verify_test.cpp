// EU Digital COVID Certificates ("HC1:"): payloads signed in the test with generated EC
// P-256, RSA and Ed25519 keys and self-signed X.509 signer certificates.
#include <gtest/gtest.h>

#include <limits>

#include "codes/verifier.h"
#include "test_pki.h"

namespace ow::codes {
namespace {

using testing::GenerateEcP256;
using testing::GenerateEd25519;
using testing::GenerateRsa;
using testing::HcertSpec;
using testing::MakeHcertPayload;
using testing::MakeSelfSignedCert;
using testing::PkeyPtr;

constexpr int64_t kNow = 1640000000;  // 2021-12-20
constexpr int64_t kYear = 365 * 86400;

class HcertVerifyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ec_key_ = GenerateEcP256().release();
    ec_other_ = GenerateEcP256().release();
    rsa_key_ = GenerateRsa().release();
    ec_der_ = new Bytes(MakeSelfSignedCert(ec_key_, kNow - kYear, kNow + kYear, "EC DSC"));
    ec_other_der_ =
        new Bytes(MakeSelfSignedCert(ec_other_, kNow - kYear, kNow + kYear, "Other DSC"));
    rsa_der_ = new Bytes(MakeSelfSignedCert(rsa_key_, kNow - kYear, kNow + kYear, "RSA DSC"));
  }
  static void TearDownTestSuite() {
    EVP_PKEY_free(ec_key_);
    EVP_PKEY_free(ec_other_);
    EVP_PKEY_free(rsa_key_);
    delete ec_der_;
    delete ec_other_der_;
    delete rsa_der_;
  }

  void SetUp() override {
    ASSERT_TRUE(trust_.AddCertificate(*ec_der_).ok());
    ASSERT_TRUE(trust_.AddCertificate(*rsa_der_).ok());
  }

  HcertSpec Spec(const Bytes& cert_der, int64_t alg = -7) {
    return {.alg = alg,
            .kid = CertificateKid(cert_der),
            .issuer = "DE",
            .issued_at = kNow - 86400,
            .expires_at = kNow + 180 * 86400};
  }

  static std::shared_ptr<const X509Certificate> Cert(const Bytes& der) {
    return X509Certificate::FromDer(der).value();
  }

  static EVP_PKEY* ec_key_;
  static EVP_PKEY* ec_other_;
  static EVP_PKEY* rsa_key_;
  static Bytes* ec_der_;
  static Bytes* ec_other_der_;
  static Bytes* rsa_der_;
  TrustList trust_;
};

EVP_PKEY* HcertVerifyTest::ec_key_ = nullptr;
EVP_PKEY* HcertVerifyTest::ec_other_ = nullptr;
EVP_PKEY* HcertVerifyTest::rsa_key_ = nullptr;
Bytes* HcertVerifyTest::ec_der_ = nullptr;
Bytes* HcertVerifyTest::ec_other_der_ = nullptr;
Bytes* HcertVerifyTest::rsa_der_ = nullptr;

TEST_F(HcertVerifyTest, Es256ViaTrustList) {
  const std::string payload = MakeHcertPayload(Spec(*ec_der_), ec_key_);
  ASSERT_TRUE(payload.starts_with("HC1:"));
  const VerifyResult r = VerifyCode(payload, trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.reason, "ok");
  EXPECT_EQ(r.format, "hcert");
  EXPECT_EQ(r.issuer, "DE");
  EXPECT_EQ(r.kid, ToBase64(CertificateKid(*ec_der_)));
  EXPECT_EQ(r.expires, kNow + 180 * 86400);
  EXPECT_EQ(r.hcert.at("nam").at("fn").as_string(), "Mustermann");
  EXPECT_EQ(r.hcert.at("v").at(0).at("dn").as_uint64(), 2u);
  EXPECT_EQ(r.ToJson().at("hcert").at("ver").as_string(), "1.3.0");
}

TEST_F(HcertVerifyTest, Ps256ViaTrustList) {
  const VerifyResult r = VerifyCode(MakeHcertPayload(Spec(*rsa_der_, -37), rsa_key_), trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
}

TEST_F(HcertVerifyTest, EdDsaWithEd25519Certificate) {
  PkeyPtr ed = GenerateEd25519();
  const Bytes der = MakeSelfSignedCert(ed.get(), kNow - kYear, kNow + kYear);
  ASSERT_TRUE(trust_.AddCertificate(der).ok());
  const VerifyResult r = VerifyCode(MakeHcertPayload(Spec(der, -8), ed.get()), trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
}

TEST_F(HcertVerifyTest, AllCoseWrappingsAndKidPlacements) {
  for (auto wrapping : {CoseWrapping::kTagged, CoseWrapping::kUntagged, CoseWrapping::kCwtTagged}) {
    for (auto placement : {KidPlacement::kProtected, KidPlacement::kUnprotected}) {
      HcertSpec spec = Spec(*ec_der_);
      spec.cose = {.wrapping = wrapping, .kid_placement = placement};
      const VerifyResult r = VerifyCode(MakeHcertPayload(spec, ec_key_), trust_, kNow);
      EXPECT_TRUE(r.valid) << r.reason;
    }
  }
}

TEST_F(HcertVerifyTest, DirectCertificate) {
  const TrustList empty;
  const std::string payload = MakeHcertPayload(Spec(*ec_der_), ec_key_);
  EXPECT_EQ(VerifyCode(payload, empty, kNow).reason, "unknown_kid");
  const VerifyResult r = VerifyCode(payload, empty, kNow, {.signer_cert = Cert(*ec_der_)});
  EXPECT_TRUE(r.valid) << r.reason;
  // Without any kid the given certificate is used as is.
  HcertSpec no_kid = Spec(*ec_der_);
  no_kid.cose.kid_placement = KidPlacement::kNone;
  const VerifyResult r2 =
      VerifyCode(MakeHcertPayload(no_kid, ec_key_), empty, kNow, {.signer_cert = Cert(*ec_der_)});
  EXPECT_TRUE(r2.valid) << r2.reason;
  EXPECT_EQ(r2.kid, ToBase64(CertificateKid(*ec_der_)));
  EXPECT_EQ(VerifyCode(MakeHcertPayload(no_kid, ec_key_), trust_, kNow).reason, "unknown_kid");
}

TEST_F(HcertVerifyTest, CertMismatch) {
  const std::string payload = MakeHcertPayload(Spec(*ec_der_), ec_key_);
  // The given certificate's kid is not the message's kid.
  EXPECT_EQ(VerifyCode(payload, trust_, kNow, {.signer_cert = Cert(*ec_other_der_)}).reason,
            "cert_mismatch");
  // Right kid, but an RSA key for an ES256 message.
  HcertSpec spec = Spec(*rsa_der_, -7);
  const std::string es256_with_rsa_kid = MakeHcertPayload(spec, ec_key_);
  EXPECT_EQ(VerifyCode(es256_with_rsa_kid, trust_, kNow).reason, "cert_mismatch");
  EXPECT_EQ(
      VerifyCode(es256_with_rsa_kid, TrustList(), kNow, {.signer_cert = Cert(*rsa_der_)}).reason,
      "cert_mismatch");
}

TEST_F(HcertVerifyTest, TwoCertificatesShareAKidSecondIsRight) {
  const Bytes shared_kid = {0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3};
  TrustList trust;
  ASSERT_TRUE(trust.AddCertificate(*ec_other_der_, shared_kid).ok());
  ASSERT_TRUE(trust.AddCertificate(*ec_der_, shared_kid).ok());
  ASSERT_EQ(trust.FindCertificates(shared_kid).size(), 2u);
  HcertSpec spec = Spec(*ec_der_);
  spec.kid = shared_kid;
  const VerifyResult r = VerifyCode(MakeHcertPayload(spec, ec_key_), trust, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
  // Signed by neither listed key: bad signature after trying both.
  PkeyPtr stranger = GenerateEcP256();
  EXPECT_EQ(VerifyCode(MakeHcertPayload(spec, stranger.get()), trust, kNow).reason,
            "bad_signature");
}

TEST_F(HcertVerifyTest, BadSignature) {
  // Claims to be from the EC DSC, signed by another key.
  EXPECT_EQ(VerifyCode(MakeHcertPayload(Spec(*ec_der_), ec_other_), trust_, kNow).reason,
            "bad_signature");
}

TEST_F(HcertVerifyTest, UnknownKid) {
  const VerifyResult r =
      VerifyCode(MakeHcertPayload(Spec(*ec_other_der_), ec_other_), trust_, kNow);
  EXPECT_EQ(r.reason, "unknown_kid");
  EXPECT_EQ(r.format, "hcert");
}

TEST_F(HcertVerifyTest, ExpiredAndNotYetValidClaims) {
  HcertSpec spec = Spec(*ec_der_);
  const std::string payload = MakeHcertPayload(spec, ec_key_);
  EXPECT_EQ(VerifyCode(payload, trust_, spec.expires_at + 1).reason, "expired");
  EXPECT_TRUE(VerifyCode(payload, trust_, spec.expires_at - 1).valid);
  EXPECT_EQ(VerifyCode(payload, trust_, spec.issued_at - 1).reason, "not_yet_valid");
  EXPECT_TRUE(VerifyCode(payload, trust_, spec.issued_at).valid);
}

// The EU reference verifier (hcert-kotlin) refuses a certificate only once exp < now, so it is
// valid during the second of its exp; it was reported expired then.
TEST_F(HcertVerifyTest, ValidDuringTheSecondOfExp) {
  HcertSpec spec = Spec(*ec_der_);
  const std::string payload = MakeHcertPayload(spec, ec_key_);
  const VerifyResult at_exp = VerifyCode(payload, trust_, spec.expires_at);
  EXPECT_TRUE(at_exp.valid) << at_exp.reason;
  EXPECT_EQ(at_exp.expires, spec.expires_at);
  EXPECT_EQ(VerifyCode(payload, trust_, spec.expires_at + 1).reason, "expired");
}

// Certificates of some issuers (e.g. Spain, Hungary) carry iat and exp as CBOR doubles, which
// RFC 8392 allows for a NumericDate; they were refused as bad_claims.
TEST_F(HcertVerifyTest, DoubleNumericDatesAreAccepted) {
  HcertSpec spec = Spec(*ec_der_);
  spec.float_issued_at = static_cast<double>(spec.issued_at);
  spec.float_expires_at = static_cast<double>(spec.expires_at);
  spec.float_width = testing::FloatWidth::kDouble;
  const std::string payload = MakeHcertPayload(spec, ec_key_);
  const VerifyResult r = VerifyCode(payload, trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.issued_at, spec.issued_at);
  EXPECT_EQ(r.expires, spec.expires_at);
  EXPECT_TRUE(VerifyCode(payload, trust_, spec.expires_at).valid);
  EXPECT_EQ(VerifyCode(payload, trust_, spec.expires_at + 1).reason, "expired");
  EXPECT_EQ(VerifyCode(payload, trust_, spec.issued_at - 1).reason, "not_yet_valid");
}

TEST_F(HcertVerifyTest, SinglePrecisionNumericDatesAreAccepted) {
  HcertSpec spec = Spec(*ec_der_);  // kNow and a day are multiples of 128: exact as singles
  spec.float_issued_at = static_cast<double>(spec.issued_at);
  spec.float_expires_at = static_cast<double>(spec.expires_at);
  spec.float_width = testing::FloatWidth::kSingle;
  const VerifyResult r = VerifyCode(MakeHcertPayload(spec, ec_key_), trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.expires, spec.expires_at);
}

TEST_F(HcertVerifyTest, HalfPrecisionNumericDatesAreAccepted) {
  // Half precision only reaches 65504 s after the epoch: a signer certificate of 1970.
  PkeyPtr key = GenerateEcP256();
  const Bytes der = MakeSelfSignedCert(key.get(), 0, kNow);
  TrustList trust;
  ASSERT_TRUE(trust.AddCertificate(der).ok());
  HcertSpec spec = Spec(der);
  spec.float_issued_at = 1024.0;
  spec.float_expires_at = 4096.0;
  spec.float_width = testing::FloatWidth::kHalf;
  const std::string payload = MakeHcertPayload(spec, key.get());
  const VerifyResult r = VerifyCode(payload, trust, 2048);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.issued_at, 1024);
  EXPECT_EQ(r.expires, 4096);
  EXPECT_EQ(VerifyCode(payload, trust, 4097).reason, "expired");
}

// Fractions are truncated to whole seconds, the same way for iat and exp.
TEST_F(HcertVerifyTest, FractionalNumericDatesAreTruncated) {
  HcertSpec spec = Spec(*ec_der_);
  spec.float_issued_at = static_cast<double>(kNow) - 10.5;
  spec.float_expires_at = static_cast<double>(kNow) + 100.75;
  const std::string payload = MakeHcertPayload(spec, ec_key_);
  const VerifyResult r = VerifyCode(payload, trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.issued_at, kNow - 11);
  EXPECT_EQ(r.expires, kNow + 100);
  EXPECT_TRUE(VerifyCode(payload, trust_, kNow - 11).valid);
  EXPECT_EQ(VerifyCode(payload, trust_, kNow - 12).reason, "not_yet_valid");
  EXPECT_TRUE(VerifyCode(payload, trust_, kNow + 100).valid);
  EXPECT_EQ(VerifyCode(payload, trust_, kNow + 101).reason, "expired");
}

TEST_F(HcertVerifyTest, NonsenseFloatNumericDatesAreBadClaims) {
  const double bad[] = {std::numeric_limits<double>::quiet_NaN(),
                        std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity(),
                        -1.0,
                        -0.5,
                        253402300800.0,  // 10000-01-01T00:00:00Z
                        1e300};
  for (double d : bad) {
    HcertSpec exp_spec = Spec(*ec_der_);
    exp_spec.float_expires_at = d;
    EXPECT_EQ(VerifyCode(MakeHcertPayload(exp_spec, ec_key_), trust_, kNow).reason, "bad_claims")
        << "exp " << d;
    HcertSpec iat_spec = Spec(*ec_der_);
    iat_spec.float_issued_at = d;
    EXPECT_EQ(VerifyCode(MakeHcertPayload(iat_spec, ec_key_), trust_, kNow).reason, "bad_claims")
        << "iat " << d;
  }
  // The last second of year 9999 is still a date.
  HcertSpec last = Spec(*ec_der_);
  last.float_expires_at = 253402300799.0;
  const VerifyResult r = VerifyCode(MakeHcertPayload(last, ec_key_), trust_, kNow);
  EXPECT_TRUE(r.valid) << r.reason;
  EXPECT_EQ(r.expires, 253402300799);
}

TEST_F(HcertVerifyTest, CertificateValidityWindow) {
  PkeyPtr key = GenerateEcP256();
  const Bytes der = MakeSelfSignedCert(key.get(), kNow - 10 * 86400, kNow + 10 * 86400);
  TrustList trust;
  ASSERT_TRUE(trust.AddCertificate(der).ok());
  HcertSpec spec = Spec(der);
  spec.issued_at = kNow - 30 * 86400;
  spec.expires_at = kNow + 30 * 86400;
  const std::string payload = MakeHcertPayload(spec, key.get());
  EXPECT_TRUE(VerifyCode(payload, trust, kNow).valid);
  EXPECT_EQ(VerifyCode(payload, trust, kNow + 11 * 86400).reason, "cert_expired");
  EXPECT_EQ(VerifyCode(payload, trust, kNow - 11 * 86400).reason, "cert_not_yet_valid");
}

TEST_F(HcertVerifyTest, EnvelopeErrors) {
  EXPECT_EQ(VerifyCode("HC1:abc", trust_, kNow).reason, "bad_base45");
  EXPECT_EQ(VerifyCode("HC2:BB8", trust_, kNow).reason, "bad_prefix");
  EXPECT_EQ(VerifyCode("HC1:BB8", trust_, kNow).reason, "bad_zlib");
}

}  // namespace
}  // namespace ow::codes
