#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"

namespace ow::crypto {
namespace {

namespace fs = std::filesystem;

// Each test gets a fresh temporary directory and runs with ONEWINDOW_MASTER_KEY unset.
class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Init();
    if (const char* env = std::getenv(KeyRing::kEnvVar)) saved_env_ = env;
    ::unsetenv(KeyRing::kEnvVar);
    std::string tmpl = (fs::temp_directory_path() / "ow-keyring-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    fs::remove_all(dir_);
    if (saved_env_) {
      ::setenv(KeyRing::kEnvVar, saved_env_->c_str(), 1);
    } else {
      ::unsetenv(KeyRing::kEnvVar);
    }
  }
  static unsigned Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }
  static void WriteFile(const fs::path& p, const std::string& content, unsigned mode) {
    std::ofstream(p) << content;
    ASSERT_EQ(::chmod(p.c_str(), mode), 0);
  }

  fs::path dir_;
  std::optional<std::string> saved_env_;
};

void ExpectSameKeys(const KeyRing& a, const KeyRing& b) {
  EXPECT_EQ(a.data_key(), b.data_key());
  EXPECT_EQ(a.index_key(), b.index_key());
  EXPECT_EQ(a.token_key(), b.token_key());
  EXPECT_EQ(a.signing_wrap_key(), b.signing_wrap_key());
}

TEST_F(KeyRingTest, CreatesPrivateFileAndReloadsIdentically) {
  fs::path path = dir_ / "etc" / "onewindow" / "master.key";
  auto ring = KeyRing::LoadOrCreate(path.string());
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(Mode(path.parent_path()), 0700u);
  EXPECT_EQ(Mode(path.parent_path().parent_path()), 0700u);

  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(content.size(), 45u);  // 44 base64 chars + newline
  EXPECT_EQ(content.back(), '\n');
  auto master = Base64Decode(content.substr(0, 44));
  ASSERT_TRUE(master.ok());
  ASSERT_EQ(master->size(), 32u);
  ExpectSameKeys(*ring, KeyRing::FromMaster(*master));

  auto again = KeyRing::LoadOrCreate(path.string());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ExpectSameKeys(*ring, *again);
  // Nothing but the key file is left in the directory.
  EXPECT_EQ(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()), 1);
}

TEST_F(KeyRingTest, PurposeKeysAreDistinctAndDeterministic) {
  std::string master = RandomBytes(32);
  KeyRing a = KeyRing::FromMaster(master);
  ExpectSameKeys(a, KeyRing::FromMaster(master));
  std::vector<std::string> keys = {a.data_key(), a.index_key(), a.token_key(),
                                   a.signing_wrap_key()};
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(keys[i].size(), 32u);
    EXPECT_NE(keys[i], master);
    for (size_t j = i + 1; j < keys.size(); ++j) EXPECT_NE(keys[i], keys[j]);
  }
  EXPECT_NE(KeyRing::FromMaster(RandomBytes(32)).data_key(), a.data_key());
}

TEST_F(KeyRingTest, RefusesGroupOrWorldReadableFile) {
  fs::path path = dir_ / "master.key";
  ASSERT_TRUE(KeyRing::LoadOrCreate(path.string()).ok());
  for (unsigned mode : {0644u, 0640u, 0604u, 0660u}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto ring = KeyRing::LoadOrCreate(path.string());
    ASSERT_FALSE(ring.ok()) << std::oct << mode;
    EXPECT_NE(ring.status().message().find("chmod 600"), std::string::npos)
        << ring.status().message();
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(KeyRing::LoadOrCreate(path.string()).ok());
}

TEST_F(KeyRingTest, RefusesWrongContent) {
  fs::path path = dir_ / "master.key";
  for (std::string content :
       {std::string(""), std::string("not base64 at all\n"), Base64Encode(RandomBytes(16)) + "\n",
        Base64Encode(RandomBytes(33)) + "\n", Base64UrlEncode(RandomBytes(32)) + "\n",
        std::string(5000, 'A')}) {
    WriteFile(path, content, 0600);
    auto ring = KeyRing::LoadOrCreate(path.string());
    EXPECT_FALSE(ring.ok()) << content;
  }
  // Surrounding whitespace (e.g. CRLF from an editor) is tolerated.
  std::string master = RandomBytes(32);
  WriteFile(path, Base64Encode(master) + "\r\n", 0600);
  auto ring = KeyRing::LoadOrCreate(path.string());
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  ExpectSameKeys(*ring, KeyRing::FromMaster(master));
}

TEST_F(KeyRingTest, RefusesDirectory) {
  fs::create_directory(dir_ / "key.d");
  EXPECT_FALSE(KeyRing::LoadOrCreate((dir_ / "key.d").string()).ok());
}

TEST_F(KeyRingTest, EnvironmentOverridesFile) {
  std::string master = RandomBytes(32);
  ::setenv(KeyRing::kEnvVar, Base64Encode(master).c_str(), 1);
  fs::path path = dir_ / "master.key";
  auto ring = KeyRing::LoadOrCreate(path.string());
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  ExpectSameKeys(*ring, KeyRing::FromMaster(master));
  EXPECT_FALSE(fs::exists(path));

  ::setenv(KeyRing::kEnvVar, Base64Encode(RandomBytes(31)).c_str(), 1);
  auto bad = KeyRing::LoadOrCreate(path.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(KeyRing::kEnvVar), std::string::npos);
}

TEST_F(KeyRingTest, ConcurrentCreatorsAgreeOnOneKey) {
  for (int round = 0; round < 10; ++round) {
    fs::path path = dir_ / ("race" + std::to_string(round)) / "master.key";
    constexpr int kThreads = 8;
    std::vector<std::optional<KeyRing>> rings(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        auto r = KeyRing::LoadOrCreate(path.string());
        if (r.ok()) rings[i] = *r;
      });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < kThreads; ++i) {
      ASSERT_TRUE(rings[i].has_value()) << i;
      ExpectSameKeys(*rings[0], *rings[i]);
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()),
              1);
  }
}

}  // namespace
}  // namespace ow::crypto
