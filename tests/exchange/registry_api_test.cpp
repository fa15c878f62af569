// The exchange registry's admin API and public catalogue over HTTP on both backends: every
// admin call, 422 problems with JSON paths and machine codes, 401/403 for callers who are not
// admins, key rotation seen through the API, and a revoked right refused at once — on
// PostgreSQL also by a second node on the same database.
#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "exchange/registry.h"
#include "support/backend_test.h"

namespace ow::testing {
namespace {

const char kTax[] = "CN-ZJ/GOV/330000-TAX/etax";
const char kHall[] = "CN-ZJ/GOV/330000-OW/hall";
const char kStanding[] = "CN-ZJ/GOV/330000-TAX/etax/tax-standing";

std::string B64Key(char fill) { return crypto::Base64Encode(std::string(32, fill)); }

// Whether a problem lists `path` with `code`.
bool HasError(const Reply& r, std::string_view path, std::string_view code) {
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return false;
  for (const auto& e : r.body.at("errors").as_array()) {
    const auto& o = e.as_object();
    if (o.at("path").as_string() == path && o.contains("code") && o.at("code").as_string() == code)
      return true;
  }
  return false;
}

class RegistryApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    admin_ = Client();
    admin_->RegisterAndLogin("赵管理", MakeResidentId("330104", "19700220", 5));
    auto pid = app().identity().FindByIdNumber(MakeResidentId("330104", "19700220", 5));
    ASSERT_TRUE(pid.ok() && app().identity().Grant(*pid, Role::kAdmin, "", "test").ok());
  }

  void AddMember(const char* id, const char* name) {
    Reply r = admin_->Post("/api/v1/admin/exchange/members", {{"id", id}, {"name_zh", name}});
    ASSERT_EQ(r.status, 201) << r.raw;
  }

  void AddService() {
    AddMember(kTax, "电子税务局");
    AddMember(kHall, "服务大厅");
    Reply r = admin_->Call("PUT", "/api/v1/admin/exchange/services",
                           {{"id", kStanding},
                            {"name_zh", "纳税信用"},
                            {"name_en", "Tax standing"},
                            {"fields", {"uscc", "credit_level"}},
                            {"sharing_class", "conditional"},
                            {"legal_basis", "《优化营商环境条例》"},
                            {"purposes", {"service_application"}},
                            {"about_person", false}});
    ASSERT_EQ(r.status, 200) << r.raw;
  }

  std::unique_ptr<TestClient> admin_;
};

TEST_P(RegistryApiTest, AdminAddsMembersAndKeysAndListsThem) {
  AddMember(kTax, "电子税务局");
  Reply dup = admin_->Post("/api/v1/admin/exchange/members", {{"id", kTax}, {"name_zh", "x"}});
  EXPECT_EQ(dup.status, 409) << dup.raw;

  Reply key = admin_->Post("/api/v1/admin/exchange/keys",
                           {{"member", kTax}, {"key_id", "tax-1"}, {"public_key", B64Key('a')}});
  ASSERT_EQ(key.status, 201) << key.raw;
  EXPECT_EQ(key.body.at("id").as_string(), kTax);
  ASSERT_EQ(key.body.at("keys").as_array().size(), 1u);
  EXPECT_EQ(key.body.at("keys").at(0).at("public_key").as_string(), B64Key('a'));
  EXPECT_TRUE(key.body.at("keys").at(0).at("not_after").is_null());
  EXPECT_TRUE(key.body.at("keys").at(0).at("valid_now").as_bool());

  Reply list = admin_->Get("/api/v1/admin/exchange/members");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body.at("members").as_array().size(), 1u);
  const auto& m = list.body.at("members").at(0);
  EXPECT_EQ(m.at("name_zh").as_string(), "电子税务局");
  EXPECT_FALSE(m.at("disabled").as_bool());
  EXPECT_EQ(m.at("keys").as_array().size(), 1u);
}

TEST_P(RegistryApiTest, BadInputIsA422WithPathsAndCodes) {
  Reply bad_member = admin_->Post("/api/v1/admin/exchange/members",
                                  {{"id", "CN-ZJ/GOV/only-three"}, {"name_zh", ""}, {"x", 1}});
  EXPECT_EQ(bad_member.status, 422) << bad_member.raw;
  EXPECT_TRUE(HasError(bad_member, "$.id", "bad_id")) << bad_member.raw;

  AddMember(kTax, "电子税务局");
  Reply bad_key = admin_->Post("/api/v1/admin/exchange/keys",
                               {{"member", kTax}, {"key_id", "a b"}, {"public_key", "AAAA"}});
  EXPECT_EQ(bad_key.status, 422) << bad_key.raw;
  EXPECT_TRUE(HasError(bad_key, "$.public_key", "bad_key")) << bad_key.raw;
  Reply bad_key_id =
      admin_->Post("/api/v1/admin/exchange/keys",
                   {{"member", kTax}, {"key_id", "a b"}, {"public_key", B64Key('a')}});
  EXPECT_TRUE(HasError(bad_key_id, "$.key_id", "bad_key_id")) << bad_key_id.raw;
  Reply no_member = admin_->Post(
      "/api/v1/admin/exchange/keys",
      {{"member", "CN-ZJ/GOV/330000-X/y"}, {"key_id", "k"}, {"public_key", B64Key('a')}});
  EXPECT_EQ(no_member.status, 422) << no_member.raw;
  EXPECT_TRUE(HasError(no_member, "$.member", "unknown_member")) << no_member.raw;

  Reply bad_service = admin_->Call("PUT", "/api/v1/admin/exchange/services",
                                   {{"id", "CN-ZJ/GOV/330000-TAX/etax/s"},
                                    {"name_zh", "服务"},
                                    {"fields", {"OK?"}},
                                    {"sharing_class", "sometimes"},
                                    {"purposes", {"a", "a"}}});
  EXPECT_EQ(bad_service.status, 422) << bad_service.raw;
  EXPECT_TRUE(HasError(bad_service, "$.sharing_class", "bad_sharing_class")) << bad_service.raw;
  Reply bad_codes = admin_->Call("PUT", "/api/v1/admin/exchange/services",
                                 {{"id", "CN-ZJ/GOV/330000-TAX/etax/s"},
                                  {"name_zh", "服务"},
                                  {"fields", {"OK?"}},
                                  {"sharing_class", "unconditional"},
                                  {"purposes", {"a", "a"}}});
  EXPECT_TRUE(HasError(bad_codes, "$.fields[0]", "bad_code")) << bad_codes.raw;
  EXPECT_TRUE(HasError(bad_codes, "$.purposes[1]", "duplicate")) << bad_codes.raw;

  Reply bad_right = admin_->Post("/api/v1/admin/exchange/rights",
                                 {{"client", kTax}, {"service", "nope"}, {"purpose", "a"}});
  EXPECT_EQ(bad_right.status, 422) << bad_right.raw;
  EXPECT_TRUE(HasError(bad_right, "$.service", "bad_id")) << bad_right.raw;
  Reply bad_filter = admin_->Get("/api/v1/admin/exchange/rights?purpose=Not%20A%20Code");
  EXPECT_EQ(bad_filter.status, 422) << bad_filter.raw;
  EXPECT_TRUE(HasError(bad_filter, "$.purpose", "bad_code")) << bad_filter.raw;
}

TEST_P(RegistryApiTest, OnlyAdminsManageTheRegistryButAnyoneReadsTheCatalogue) {
  AddService();
  auto citizen = Client();
  citizen->RegisterAndLogin("张三", MakeResidentId("330106", "19850512", 2));
  auto anonymous = Client();
  struct Call {
    const char* method;
    const char* target;
  };
  for (Call c :
       {Call{"GET", "/api/v1/admin/exchange/members"},
        Call{"POST", "/api/v1/admin/exchange/members"}, Call{"POST", "/api/v1/admin/exchange/keys"},
        Call{"POST", "/api/v1/admin/exchange/keys/rotate"},
        Call{"POST", "/api/v1/admin/exchange/keys/retire"},
        Call{"GET", "/api/v1/admin/exchange/services"},
        Call{"PUT", "/api/v1/admin/exchange/services"},
        Call{"GET", "/api/v1/admin/exchange/rights"}, Call{"POST", "/api/v1/admin/exchange/rights"},
        Call{"POST", "/api/v1/admin/exchange/rights/revoke"}}) {
    boost::json::value body =
        std::string_view(c.method) == "GET" ? boost::json::value() : boost::json::object();
    EXPECT_EQ(citizen->Call(c.method, c.target, body).status, 403) << c.method << c.target;
    EXPECT_EQ(anonymous->Call(c.method, c.target, body).status, 401) << c.method << c.target;
  }
  Reply pub = anonymous->Get("/api/v1/exchange/services");
  ASSERT_EQ(pub.status, 200) << pub.raw;
  ASSERT_EQ(pub.body.at("services").as_array().size(), 1u);
  const auto& s = pub.body.at("services").at(0);
  EXPECT_EQ(s.at("provider").as_string(), kTax);
  EXPECT_EQ(s.at("provider_name_zh").as_string(), "电子税务局");
  EXPECT_EQ(s.at("legal_basis").as_string(), "《优化营商环境条例》");
}

TEST_P(RegistryApiTest, RotationThroughTheApiKeepsTheOldKeyForTheOverlap) {
  AddMember(kTax, "电子税务局");
  ASSERT_EQ(admin_
                ->Post("/api/v1/admin/exchange/keys",
                       {{"member", kTax}, {"key_id", "k1"}, {"public_key", B64Key('a')}})
                .status,
            201);
  Reply rot = admin_->Post(
      "/api/v1/admin/exchange/keys/rotate",
      {{"member", kTax}, {"key_id", "k2"}, {"public_key", B64Key('b')}, {"overlap_seconds", 600}});
  ASSERT_EQ(rot.status, 201) << rot.raw;
  const auto& keys = rot.body.at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_TRUE(keys[0].at("not_after").is_string());
  EXPECT_TRUE(keys[0].at("valid_now").as_bool());
  EXPECT_TRUE(keys[1].at("not_after").is_null());
  auto tax = *exchange::ParseSubsystemId(kTax);
  int64_t now = app().clock().NowMillis();
  EXPECT_TRUE(app().registry().KeyOf(tax, "k1", now).ok());
  EXPECT_EQ(exchange::DirectoryErrorCode(app().registry().KeyOf(tax, "k1", now + 601'000).status()),
            exchange::kKeyNotValid);
  EXPECT_TRUE(app().registry().KeyOf(tax, "k2", now + 601'000).ok());

  Reply retire =
      admin_->Post("/api/v1/admin/exchange/keys/retire", {{"member", kTax}, {"key_id", "k2"}});
  ASSERT_EQ(retire.status, 200) << retire.raw;
  EXPECT_FALSE(retire.body.at("keys").at(1).at("valid_now").as_bool());
  Reply missing =
      admin_->Post("/api/v1/admin/exchange/keys/retire", {{"member", kTax}, {"key_id", "k9"}});
  EXPECT_EQ(missing.status, 404) << missing.raw;
}

TEST_P(RegistryApiTest, ServicesAreUpsertedAndFiltered) {
  AddService();
  Reply update = admin_->Call("PUT", "/api/v1/admin/exchange/services",
                              {{"id", kStanding},
                               {"name_zh", "纳税信用等级"},
                               {"fields", {"uscc"}},
                               {"sharing_class", "unconditional"},
                               {"purposes", {"service_application", "statistics"}}});
  ASSERT_EQ(update.status, 200) << update.raw;
  EXPECT_EQ(update.body.at("sharing_class").as_string(), "unconditional");
  EXPECT_EQ(update.body.at("provider").as_string(), kTax);
  EXPECT_EQ(update.body.at("purposes").as_array().size(), 2u);
  Reply all = admin_->Get("/api/v1/admin/exchange/services");
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.body.at("services").as_array().size(), 1u);
  EXPECT_EQ(all.body.at("services").at(0).at("name_zh").as_string(), "纳税信用等级");
  EXPECT_EQ(admin_
                ->Get("/api/v1/admin/exchange/services?q=%E4%BF%A1%E7%94%A8")  // 信用
                .body.at("services")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(admin_->Get("/api/v1/admin/exchange/services?provider=CN-ZJ/GOV/330000-OW/hall")
                .body.at("services")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(admin_->Get("/api/v1/admin/exchange/services?provider=bad").status, 422);
}

TEST_P(RegistryApiTest, ARevokedRightIsRefusedAtOnce) {
  AddService();
  Reply grant =
      admin_->Post("/api/v1/admin/exchange/rights",
                   {{"client", kHall}, {"service", kStanding}, {"purpose", "service_application"}});
  ASSERT_EQ(grant.status, 201) << grant.raw;
  EXPECT_EQ(grant.body.at("granted_by").as_string().size() > 0, true);
  Reply unknown_purpose =
      admin_->Post("/api/v1/admin/exchange/rights",
                   {{"client", kHall}, {"service", kStanding}, {"purpose", "x"}});
  EXPECT_TRUE(HasError(unknown_purpose, "$.purpose", "unknown_purpose")) << unknown_purpose.raw;

  Reply rights = admin_->Get(std::string("/api/v1/admin/exchange/rights?client=") + kHall);
  ASSERT_EQ(rights.status, 200) << rights.raw;
  ASSERT_EQ(rights.body.at("rights").as_array().size(), 1u);
  Reply pub = Client()->Get("/api/v1/exchange/services");
  const auto& users = pub.body.at("services").at(0).at("users").as_array();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].at("client_name_zh").as_string(), "服务大厅");
  EXPECT_TRUE(users[0].at("needs_consent").as_bool());  // conditional, no legal basis on the right

  auto hall = *exchange::ParseSubsystemId(kHall);
  auto standing = *exchange::ParseServiceId(kStanding);
  ASSERT_TRUE(app().registry().RightOf(hall, standing, "service_application").ok());

  // A second node on the same database (PostgreSQL) sees the right and then its revocation.
  std::unique_ptr<TestServer> second;
  if (GetParam() == "postgres") {
    // Nodes of one installation share its master key.
    second = std::make_unique<TestServer>(pg_.url(), true, server_->dir() + "/master.key");
    ASSERT_TRUE(second->app().registry().RightOf(hall, standing, "service_application").ok());
  }
  Reply revoke =
      admin_->Post("/api/v1/admin/exchange/rights/revoke",
                   {{"client", kHall}, {"service", kStanding}, {"purpose", "service_application"}});
  ASSERT_EQ(revoke.status, 200) << revoke.raw;
  EXPECT_TRUE(revoke.body.at("revoked").as_bool());
  EXPECT_EQ(exchange::DirectoryErrorCode(
                app().registry().RightOf(hall, standing, "service_application").status()),
            exchange::kNoAccessRight);
  if (second) {
    EXPECT_EQ(exchange::DirectoryErrorCode(
                  second->app().registry().RightOf(hall, standing, "service_application").status()),
              exchange::kNoAccessRight);
  }
  Reply again =
      admin_->Post("/api/v1/admin/exchange/rights/revoke",
                   {{"client", kHall}, {"service", kStanding}, {"purpose", "service_application"}});
  EXPECT_EQ(again.status, 404) << again.raw;
  EXPECT_TRUE(admin_->Get("/api/v1/admin/exchange/rights").body.at("rights").as_array().empty());
}

OW_INSTANTIATE_BACKENDS(RegistryApiTest);

}  // namespace
}  // namespace ow::testing
