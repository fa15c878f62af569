// Member key files: a created file loads back to the same key pair, signs calls that verify
// with its public key, is refused when readable by others or malformed, and is never
// overwritten.
#include "exchange/member_key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "crypto/crypto.h"

namespace ow::exchange {
namespace {

class MemberKeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Init();
    char tmpl[] = "/tmp/ow-member-key-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& path, const std::string& text, mode_t mode = 0600) {
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
  }
  std::string dir_;
};

TEST_F(MemberKeyFileTest, CreatedFileLoadsAndSigns) {
  SubsystemId hall{"CN-ZJ", "GOV", "330000-OW", "hall"};
  std::string path = dir_ + "/hall.key";
  auto created = CreateMemberKeyFile(path, hall, "hall-202612");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = LoadMemberKeyFile(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->member, hall);
  EXPECT_EQ(loaded->key.key_id, "hall-202612");
  EXPECT_EQ(loaded->public_key, created->public_key);
  SignedCall call{"GET",
                  "/r1/CN-ZJ/GOV/330000-TAX/etax/tax-standing",
                  hall.ToString(),
                  "id",
                  "2026-12-03T10:02:00Z",
                  "n",
                  "service_hall",
                  ""};
  auto sig = SignCall(loaded->key.secret_key, call);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyCall(loaded->public_key, call, *sig));
  // Never overwritten.
  EXPECT_EQ(CreateMemberKeyFile(path, hall, "other").status().code(), Code::kConflict);
}

TEST_F(MemberKeyFileTest, RefusesOpenPermissionsAndMalformedFiles) {
  std::string good = R"({"member":"CN-ZJ/GOV/330000-OW/hall","key_id":"k","seed":")" +
                     crypto::Base64Encode(std::string(32, 'x')) + R"("})";
  Write(dir_ + "/open.key", good, 0644);
  EXPECT_EQ(LoadMemberKeyFile(dir_ + "/open.key").status().code(), Code::kInvalid);
  EXPECT_EQ(LoadMemberKeyFile(dir_ + "/missing.key").status().code(), Code::kNotFound);
  Write(dir_ + "/ok.key", good);
  EXPECT_TRUE(LoadMemberKeyFile(dir_ + "/ok.key").ok());
  for (const std::string& bad :
       {std::string("not json"), std::string(R"({"member":"a/b","key_id":"k","seed":""})"),
        std::string(R"({"member":"CN-ZJ/GOV/330000-OW/hall","key_id":"","seed":"eHh4"})"),
        std::string(R"({"member":"CN-ZJ/GOV/330000-OW/hall","key_id":"k","seed":"eHh4"})")}) {
    Write(dir_ + "/bad.key", bad);
    EXPECT_EQ(LoadMemberKeyFile(dir_ + "/bad.key").status().code(), Code::kInvalid) << bad;
  }
}

}  // namespace
}  // namespace ow::exchange
