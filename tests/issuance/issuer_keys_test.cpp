// Issuer keys: sealed at rest, created once even when nodes race on a shared database, and
// rotated with an overlap window in which the old key keeps verifying.
#include <gtest/gtest.h>

#include <set>

#include "codes/verifier.h"
#include "core/time.h"
#include "issuance_fixtures.h"

namespace ow::testing {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return !needle.empty() && haystack.find(needle) != std::string::npos;
}

TEST(IssuerKeysTest, PrivateKeysAreNotStoredInPlaintext) {
  RegionServer server("330000");
  auto& keys = server.app().issuer().keys();
  auto active = keys.ActiveKey();
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  auto root = keys.RootKey();
  ASSERT_TRUE(root.ok()) << root.status().ToString();

  auto rows = server.app().db().Query("SELECT * FROM issuer_keys");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  for (const auto& key : {*active, *root}) {
    std::string secret = codes::ToString(key->secret_key());
    std::string seed = secret.substr(0, 32);
    for (const auto& row : *rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        std::string cell =
            row.IsNull(i)
                ? ""
                : (std::holds_alternative<store::Blob>(row.at(i)) ? row.Bytes(i) : row.Text(i));
        EXPECT_FALSE(Contains(cell, seed)) << "column " << i;
        EXPECT_FALSE(Contains(cell, secret)) << "column " << i;
      }
    }
  }
  // The sealed column opens only with the installation's wrap key: a node with another master
  // key does not even start on this database, let alone sign with these keys.
  TempDir elsewhere;
  auto other = app::Application::Open(
      {.db_url = "sqlite:" + server.dir() + "/ow.db", .key_file = elsewhere.path() + "/other.key"});
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("master key"), std::string::npos)
      << other.status().ToString();
}

TEST(IssuerKeysTest, KeysHaveKidAndValidityAndAreReusedAcrossRestarts) {
  TempDir dir;
  std::string db = "sqlite:" + dir.path() + "/ow.db";
  std::string key_file = dir.path() + "/master.key";
  std::string kid;
  {
    RegionServer a("330000", db, key_file);
    auto k = a.app().issuer().keys().ActiveKey();
    ASSERT_TRUE(k.ok());
    EXPECT_EQ((*k)->kid().size(), 8u);
    kid = codes::ToBase64((*k)->kid());
    auto infos = a.app().issuer().keys().IssuerKeys();
    ASSERT_TRUE(infos.ok());
    ASSERT_EQ(infos->size(), 1u);
    EXPECT_EQ((*infos)[0].kid, kid);
    EXPECT_LT((*infos)[0].not_before, (*infos)[0].not_after);
  }
  RegionServer b("330000", db, key_file);
  auto k = b.app().issuer().keys().ActiveKey();
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(codes::ToBase64((*k)->kid()), kid);
}

TEST(IssuerKeysTest, NodesSharingADatabaseAgreeOnOneKey) {
  TempDir dir;
  std::string db = "sqlite:" + dir.path() + "/ow.db";
  std::string key_file = dir.path() + "/master.key";
  RegionServer a("330000", db, key_file);
  RegionServer b("330000", db, key_file);
  std::vector<std::string> kids(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < kids.size(); ++i) {
    threads.emplace_back([&, i] {
      auto& node = i % 2 ? a : b;
      auto k = node.app().issuer().keys().ActiveKey();
      if (k.ok()) kids[i] = codes::ToBase64((*k)->kid());
      auto r = node.app().issuer().keys().RootKey();
      if (!r.ok()) kids[i] = "root failed";
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(kids.begin(), kids.end()).size(), 1u) << kids[0];
  EXPECT_FALSE(kids[0].empty());
  auto rows = a.app().db().Query("SELECT purpose, COUNT(*) FROM issuer_keys GROUP BY purpose");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  for (const auto& row : *rows) EXPECT_EQ(row.Int(1), 1) << row.Text(0);
}

TEST(IssuerKeysTest, RotationKeepsTheOldKeyForTheOverlapWindow) {
  RegionServer server("330000");
  std::string citizen_person;
  auto citizen = UserWithRole(server.port(), server.app(), "张三", "330104199003071233",
                              Role::kCitizen, "", &citizen_person);
  const std::string admin_id = MakeResidentId("330104", "19800101", 11);
  auto admin = UserWithRole(server.port(), server.app(), "管理员", admin_id, Role::kAdmin);
  auto verify = [&](const std::string& payload) {
    return admin->Post("/api/v1/codes/verify", {{"payload", payload}});
  };

  Reply before = citizen->Get("/api/v1/me/health-code");
  ASSERT_EQ(before.status, 200) << before.raw;
  std::string old_kid(before.body.at("kid").as_string());

  EXPECT_EQ(citizen->Call("POST", "/api/v1/admin/issuer-keys/rotate").status, 403);
  Reply rot = admin->Call("POST", "/api/v1/admin/issuer-keys/rotate");
  ASSERT_EQ(rot.status, 201) << rot.raw;
  std::string new_kid(rot.body.at("active").at("kid").as_string());
  EXPECT_NE(new_kid, old_kid);
  ASSERT_EQ(rot.body.at("retiring").as_array().size(), 1u);
  EXPECT_EQ(rot.body.at("retiring").at(0).at("kid").as_string(), old_kid);
  auto retire_at = ParseRfc3339(rot.body.at("retiring").at(0).at("not_after").as_string());
  ASSERT_TRUE(retire_at);
  EXPECT_NEAR(static_cast<double>(*retire_at - server.app().clock().NowMillis()), 86400000.0,
              5000.0);

  // The code issued before the rotation still verifies; new codes use the new key.
  Reply old_check = verify(std::string(before.body.at("payload").as_string()));
  EXPECT_TRUE(old_check.body.at("valid").as_bool()) << old_check.raw;
  Reply after = citizen->Get("/api/v1/me/health-code");
  EXPECT_EQ(after.body.at("kid").as_string(), new_kid);
  EXPECT_TRUE(verify(std::string(after.body.at("payload").as_string())).body.at("valid").as_bool());

  // Both keys are published, the old one with its shortened validity.
  auto list = codes::TrustList::Parse(TestClient(server.port()).Get("/api/v1/trust-list").raw);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->keys().size(), 2u);
  int64_t now = server.app().clock().NowMillis() / 1000;
  for (const auto& k : list->keys()) EXPECT_TRUE(k.ValidAt(now));

  // After the overlap window the old key no longer verifies anything.
  server.app().test_clock()->Advance(std::chrono::hours(24) + std::chrono::minutes(1));
  citizen->Login("330104199003071233");  // sessions last 12 hours
  admin->Login(admin_id);
  auto later = codes::TrustList::Parse(TestClient(server.port()).Get("/api/v1/trust-list").raw);
  ASSERT_TRUE(later.ok());
  now = server.app().clock().NowMillis() / 1000;
  for (const auto& k : later->keys())
    EXPECT_EQ(k.ValidAt(now), codes::ToBase64(k.kid) == new_kid) << codes::ToBase64(k.kid);
  Reply fresh = citizen->Get("/api/v1/me/health-code");
  EXPECT_EQ(fresh.body.at("kid").as_string(), new_kid);
  EXPECT_TRUE(verify(std::string(fresh.body.at("payload").as_string())).body.at("valid").as_bool());

  // Rotation is audited.
  auto entries = server.app().audit().List(50);
  ASSERT_TRUE(entries.ok());
  bool audited = false;
  for (const auto& e : *entries)
    audited |= e.event.action == "issuer_key.rotate" && e.event.subject == new_kid;
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace ow::testing
