#include "codes/verify_command.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "codes/issue_code.h"
#include "codes/qr_render.h"
#include "codes/signed_trust_list.h"
#include "test_pki.h"

namespace ow::codes {
namespace {

constexpr int64_t kNow = 1760000000;  // 2025-10-09T08:53:20Z

class VerifyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ow_verify_cmd_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    TrustList list;
    ASSERT_TRUE(list.AddKey({"310000", key_.kid(),
                             Bytes(key_.public_key().begin(), key_.public_key().end())})
                    .ok());
    plain_path_ = Write("trust.json", boost::json::serialize(list.ToJson()));
    signed_path_ = Write("signed.json", SignTrustList(list, root_));
    code_ = IssueCode({.issuer = "310000",
                       .issued_at = kNow - 60,
                       .expires_at = kNow + 3600,
                       .subject = "p-1",
                       .colour = Colour::kGreen,
                       .masked_name = "n",
                       .masked_id = "i",
                       .rules_version = "1"},
                      key_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, std::string_view data) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }

  static boost::json::object Json(const VerifyCommandOutput& out) {
    return boost::json::parse(out.json).as_object();
  }

  IssuerKey key_ = IssuerKey::Generate("sh-cli");
  IssuerKey root_ = IssuerKey::Generate("sh-root");
  std::filesystem::path dir_;
  std::string plain_path_, signed_path_, code_;
};

TEST_F(VerifyCommandTest, ValidPayload) {
  const auto out = RunVerifyCommand({.payload = code_, .trust_list_path = plain_path_}, kNow);
  EXPECT_EQ(out.exit_code, 0);
  const auto json = Json(out);
  EXPECT_EQ(json.at("valid").as_bool(), true);
  EXPECT_EQ(json.at("reason").as_string(), "ok");
  EXPECT_EQ(json.at("format").as_string(), "ow1");
  EXPECT_EQ(json.at("colour").as_string(), "green");
}

TEST_F(VerifyCommandTest, InvalidAndAtTime) {
  auto out = RunVerifyCommand({.payload = code_}, kNow);  // no trust list
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(Json(out).at("reason").as_string(), "unknown_kid");
  out = RunVerifyCommand(
      {.payload = code_, .trust_list_path = plain_path_, .at_rfc3339 = "2030-01-01T00:00:00Z"},
      kNow);
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(Json(out).at("reason").as_string(), "expired");
  out = RunVerifyCommand(
      {.payload = code_, .trust_list_path = plain_path_, .at_rfc3339 = "2025-10-09T16:53:20+08:00"},
      0);
  EXPECT_EQ(out.exit_code, 0) << out.json;
}

TEST_F(VerifyCommandTest, SignedTrustListWithRootKey) {
  const std::string root = ToBase64(root_.public_key());
  auto out = RunVerifyCommand(
      {.payload = code_, .trust_list_path = signed_path_, .root_key_b64 = root}, kNow);
  EXPECT_EQ(out.exit_code, 0) << out.json;
  const std::string other = ToBase64(IssuerKey::Generate("x").public_key());
  out = RunVerifyCommand({.payload = code_, .trust_list_path = signed_path_, .root_key_b64 = other},
                         kNow);
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .trust_list_path = signed_path_}, kNow).exit_code,
            0);
}

TEST_F(VerifyCommandTest, ImageInput) {
  auto png = RenderPayloadPng(code_, {.scale = 3});
  ASSERT_TRUE(png.ok());
  const std::string path = Write("code.png", ToString(*png));
  auto out = RunVerifyCommand({.image_path = path, .trust_list_path = plain_path_}, kNow);
  EXPECT_EQ(out.exit_code, 0) << out.json;
  const std::string junk = Write("junk.png", "not a png");
  out = RunVerifyCommand({.image_path = junk, .trust_list_path = plain_path_}, kNow);
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(Json(out).at("reason").as_string(), "bad_image");
}

TEST_F(VerifyCommandTest, HcertWithCertOption) {
  auto key = testing::GenerateEcP256();
  const Bytes der = testing::MakeSelfSignedCert(key.get(), kNow - 1000, kNow + 100000);
  const std::string hc1 = testing::MakeHcertPayload(
      {.alg = -7, .kid = CertificateKid(der), .issued_at = kNow - 10, .expires_at = kNow + 10},
      key.get());
  auto out = RunVerifyCommand({.payload = hc1, .cert_b64 = ToBase64(der)}, kNow);
  EXPECT_EQ(out.exit_code, 0) << out.json;
  EXPECT_EQ(Json(out).at("hcert").at("dob").as_string(), "1964-08-12");
  EXPECT_EQ(Json(out).at("format").as_string(), "hcert");
}

TEST_F(VerifyCommandTest, UsageErrors) {
  EXPECT_EQ(RunVerifyCommand({}, kNow).exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .image_path = "x.png"}, kNow).exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .trust_list_path = "/nonexistent"}, kNow).exit_code,
            2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .at_rfc3339 = "yesterday"}, kNow).exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .cert_b64 = "!!"}, kNow).exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .cert_b64 = "AAAA"}, kNow).exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.image_path = "/nonexistent.png"}, kNow).exit_code, 2);
  EXPECT_EQ(RunVerifyCommand({.payload = code_, .root_key_b64 = "AAAA"}, kNow).exit_code, 2);
  const auto out = RunVerifyCommand({}, kNow);
  EXPECT_TRUE(boost::json::parse(out.json).as_object().contains("error"));
}

}  // namespace
}  // namespace ow::codes
