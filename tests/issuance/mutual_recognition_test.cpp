// Cross-region mutual recognition (跨地区互认) between two independent installations: each has
// its own data directory, master key, issuer region and keys. B trusts A's codes only after
// importing A's signed trust list with A's root key; tampered or foreign-signed lists are
// refused; key rotation in A carries over when B re-imports.
#include <gtest/gtest.h>

#include "codes/verifier.h"
#include "issuance_fixtures.h"

namespace ow::testing {
namespace {

class MutualRecognitionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    citizen_a_ = UserWithRole(a_.port(), a_.app(), "张小三", "330104199003071233", Role::kCitizen);
    admin_a_ = UserWithRole(a_.port(), a_.app(), "浙管理", MakeResidentId("330104", "19800101", 11),
                            Role::kAdmin);
    staff_b_ = UserWithRole(b_.port(), b_.app(), "闽检查", MakeResidentId("350102", "19850202", 21),
                            Role::kCheckpointStaff, "350102");
    admin_b_ = UserWithRole(b_.port(), b_.app(), "闽管理", MakeResidentId("350102", "19800101", 31),
                            Role::kAdmin);
  }

  std::string CodeFromA() {
    Reply r = citizen_a_->Get("/api/v1/me/health-code");
    EXPECT_EQ(r.status, 200) << r.raw;
    return std::string(r.body.at("payload").as_string());
  }
  Reply VerifyOnB(const std::string& payload) {
    return staff_b_->Post("/api/v1/codes/verify", {{"payload", payload}});
  }
  std::string SignedListOf(RegionServer& s) {
    Reply r = TestClient(s.port()).Get("/api/v1/trust-list");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.raw;
  }
  // The root public key, as an operator would hand it over out of band.
  static std::string RootKeyOf(RegionServer& s) {
    auto root = s.app().issuer().keys().RootKey();
    EXPECT_TRUE(root.ok());
    return codes::ToBase64((*root)->public_key());
  }
  Reply ImportOnB(const std::string& signed_list, const std::string& root_key) {
    return admin_b_->Post("/api/v1/admin/trust-lists", {{"trust_list", json::parse(signed_list)},
                                                        {"root_public_key", root_key}});
  }
  void AdvanceBoth(std::chrono::milliseconds d) {
    a_.app().test_clock()->Advance(d);
    b_.app().test_clock()->Advance(d);
  }

  RegionServer a_{"330000"};
  RegionServer b_{"350000"};
  std::unique_ptr<TestClient> citizen_a_, admin_a_, staff_b_, admin_b_;
};

TEST_F(MutualRecognitionTest, ImportedListLetsBVerifyACodes) {
  ASSERT_NE(a_.dir(), b_.dir());
  std::string payload = CodeFromA();
  Reply before = VerifyOnB(payload);
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_FALSE(before.body.at("valid").as_bool());
  EXPECT_EQ(before.body.at("reason").as_string(), "unknown_kid");

  Reply imported = ImportOnB(SignedListOf(a_), RootKeyOf(a_));
  ASSERT_EQ(imported.status, 201) << imported.raw;
  EXPECT_EQ(imported.body.at("region").as_string(), "330000");
  EXPECT_TRUE(imported.body.at("first_import").as_bool());
  EXPECT_EQ(imported.body.at("keys").as_int64(), 1);

  Reply after = VerifyOnB(payload);
  ASSERT_EQ(after.status, 200) << after.raw;
  EXPECT_TRUE(after.body.at("valid").as_bool()) << after.raw;
  EXPECT_EQ(after.body.at("issuer").as_string(), "330000");
  EXPECT_EQ(after.body.at("colour").as_string(), "green");
  EXPECT_EQ(after.body.at("masked_name").as_string(), "张*三");
  // B cannot look up A's people: no live colour for foreign codes.
  EXPECT_FALSE(after.body.as_object().contains("live_colour"));

  // A and B codes both verify on B; B's own codes still get the live colour.
  auto citizen_b = UserWithRole(b_.port(), b_.app(), "林四",
                                MakeResidentId("350102", "19900101", 123), Role::kCitizen);
  Reply own = VerifyOnB(
      std::string(citizen_b->Get("/api/v1/me/health-code").body.at("payload").as_string()));
  EXPECT_TRUE(own.body.at("valid").as_bool()) << own.raw;
  EXPECT_EQ(own.body.at("live_colour").as_string(), "green");
  // A still does not trust B (recognition is per direction).
  Reply on_a = admin_a_->Post(
      "/api/v1/codes/verify",
      {{"payload", citizen_b->Get("/api/v1/me/health-code").body.at("payload").as_string()}});
  EXPECT_EQ(on_a.body.at("reason").as_string(), "unknown_kid");

  // The import is listed and audited.
  Reply listed = admin_b_->Get("/api/v1/admin/trust-lists");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body.at("trust_lists").as_array().size(), 1u);
  EXPECT_EQ(listed.body.at("trust_lists").at(0).at("root_public_key").as_string(), RootKeyOf(a_));
  auto entries = b_.app().audit().List(50);
  ASSERT_TRUE(entries.ok());
  bool audited = false;
  for (const auto& e : *entries) audited |= e.event.action == "trust_list.import";
  EXPECT_TRUE(audited);

  // The combined trust list (what `onewindow trust-list export --all` prints for
  // `onewindow verify --trust-list`) verifies A's code offline.
  auto combined = b_.app().issuer().trust().Current();
  ASSERT_TRUE(combined.ok());
  auto offline = codes::TrustList::Parse(json::serialize((*combined)->ToJson()));
  ASSERT_TRUE(offline.ok());
  EXPECT_TRUE(codes::VerifyCode(payload, *offline, b_.app().clock().NowMillis() / 1000).valid);
}

TEST_F(MutualRecognitionTest, TamperedOrForeignSignedListsAreRefused) {
  std::string list = SignedListOf(a_);
  std::string root = RootKeyOf(a_);
  EXPECT_EQ(admin_b_->Get("/api/v1/admin/trust-lists").body.at("trust_lists").as_array().size(),
            0u);

  // Tampered: extend a key's validity.
  json::value tampered = json::parse(list);
  auto& key = tampered.at("trust_list").at("regions").at("330000").at(0).as_object();
  key["not_before"] = key.at("not_before").as_int64() - 1;
  Reply t = admin_b_->Post("/api/v1/admin/trust-lists",
                           {{"trust_list", tampered}, {"root_public_key", root}});
  EXPECT_EQ(t.status, 422) << t.raw;
  // Tampered: another key slipped in.
  json::value injected = json::parse(list);
  auto& keys330 = injected.at("trust_list").at("regions").at("330000").as_array();
  json::object extra = keys330.at(0).as_object();
  extra["kid"] = "AAAAAAAAAAA=";
  keys330.push_back(extra);
  EXPECT_EQ(
      admin_b_
          ->Post("/api/v1/admin/trust-lists", {{"trust_list", injected}, {"root_public_key", root}})
          .status,
      422);
  // The genuine list with a wrong root key.
  RegionServer impostor("330000");
  EXPECT_EQ(ImportOnB(list, RootKeyOf(impostor)).status, 422);
  // A code still fails: nothing was imported.
  EXPECT_EQ(VerifyOnB(CodeFromA()).body.at("reason").as_string(), "unknown_kid");

  // First import pins A's root; a list for the same region signed by another root is refused.
  ASSERT_EQ(ImportOnB(list, root).status, 201);
  Reply other = ImportOnB(SignedListOf(impostor), RootKeyOf(impostor));
  EXPECT_EQ(other.status, 409) << other.raw;
  // B's own region cannot be imported; citizens cannot import; bad input is 422/400.
  EXPECT_EQ(admin_b_
                ->Post("/api/v1/admin/trust-lists", {{"trust_list", json::parse(SignedListOf(b_))},
                                                     {"root_public_key", RootKeyOf(b_)}})
                .status,
            422);
  EXPECT_EQ(staff_b_
                ->Post("/api/v1/admin/trust-lists",
                       {{"trust_list", json::parse(list)}, {"root_public_key", root}})
                .status,
            403);
  EXPECT_EQ(admin_b_
                ->Post("/api/v1/admin/trust-lists",
                       {{"trust_list", json::parse(list)}, {"root_public_key", "short"}})
                .status,
            422);
  EXPECT_EQ(
      admin_b_->Post("/api/v1/admin/trust-lists", {{"trust_list", "{}"}, {"root_public_key", root}})
          .status,
      422);
  // The impostor's keys were never trusted.
  auto impostor_citizen =
      UserWithRole(impostor.port(), impostor.app(), "冒充", "330104199003071233", Role::kCitizen);
  Reply fake = VerifyOnB(
      std::string(impostor_citizen->Get("/api/v1/me/health-code").body.at("payload").as_string()));
  EXPECT_FALSE(fake.body.at("valid").as_bool());
  EXPECT_EQ(fake.body.at("reason").as_string(), "unknown_kid");
}

TEST_F(MutualRecognitionTest, RotationCarriesOverOnReimport) {
  ASSERT_EQ(ImportOnB(SignedListOf(a_), RootKeyOf(a_)).status, 201);
  std::string old_list = SignedListOf(a_);
  std::string old_code = CodeFromA();
  ASSERT_TRUE(VerifyOnB(old_code).body.at("valid").as_bool());

  AdvanceBoth(std::chrono::seconds(5));
  Reply rot = admin_a_->Call("POST", "/api/v1/admin/issuer-keys/rotate");
  ASSERT_EQ(rot.status, 201) << rot.raw;
  std::string new_code = CodeFromA();
  // B has not re-imported yet: A's new key is unknown there.
  EXPECT_EQ(VerifyOnB(new_code).body.at("reason").as_string(), "unknown_kid");

  Reply again = ImportOnB(SignedListOf(a_), RootKeyOf(a_));
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_FALSE(again.body.at("first_import").as_bool());
  EXPECT_EQ(again.body.at("keys").as_int64(), 2);
  Reply old_check = VerifyOnB(old_code);
  EXPECT_TRUE(old_check.body.at("valid").as_bool()) << old_check.raw;
  Reply new_check = VerifyOnB(new_code);
  EXPECT_TRUE(new_check.body.at("valid").as_bool()) << new_check.raw;
  EXPECT_NE(old_check.body.at("kid").as_string(), new_check.body.at("kid").as_string());

  // An older list of A (before the rotation) cannot roll the import back.
  EXPECT_EQ(ImportOnB(old_list, RootKeyOf(a_)).status, 409);

  // After the overlap window, codes signed with A's old key are refused on B too.
  AdvanceBoth(std::chrono::hours(25));
  citizen_a_->Login("330104199003071233");  // sessions last 12 hours
  staff_b_->Login(MakeResidentId("350102", "19850202", 21));
  std::string late_code = CodeFromA();
  EXPECT_TRUE(VerifyOnB(late_code).body.at("valid").as_bool());
  auto combined = b_.app().issuer().trust().Current();
  ASSERT_TRUE(combined.ok());
  int64_t now = b_.app().clock().NowMillis() / 1000;
  int valid_a = 0;
  for (const auto& k : (*combined)->keys())
    if (k.region == "330000" && k.ValidAt(now)) ++valid_a;
  EXPECT_EQ(valid_a, 1);
}

}  // namespace
}  // namespace ow::testing
