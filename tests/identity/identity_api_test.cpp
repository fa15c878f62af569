// Registration, login, sessions, cookies/CSRF, throttling, profile privacy, enterprises.
#include <gtest/gtest.h>

#include "support/test_server.h"

namespace ow::testing {
namespace {

class IdentityApiTest : public ::testing::Test {
 protected:
  TestServer server_;
  TestClient client_{server_.port()};
};

TEST_F(IdentityApiTest, RegisterValidatesEveryField) {
  Reply r = client_.Post("/api/v1/citizens", {{"name", "张3"},
                                              {"id_number", "330104199003071234"},
                                              {"password", "short"},
                                              {"phone", "12345"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.ContentType(), "application/problem+json");
  std::set<std::string> paths;
  for (const auto& e : r.body.at("errors").as_array())
    paths.insert(std::string(e.at("path").as_string()));
  EXPECT_EQ(paths, (std::set<std::string>{"$.name", "$.id_number", "$.password", "$.phone"}));
  EXPECT_EQ(r.body.at("type").as_string(), "https://onewindow.gov.cn/problems/invalid");
}

TEST_F(IdentityApiTest, MalformedJsonIs400AndUnknownFieldIs422) {
  Reply bad = client_.CallRaw("POST", "/api/v1/citizens", "{\"name\": ");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ContentType(), "application/problem+json");
  Reply extra = client_.Post("/api/v1/citizens", {{"name", "张三"},
                                                  {"id_number", "330104199003071233"},
                                                  {"password", "long enough pw"},
                                                  {"employer", "ACME"}});
  EXPECT_EQ(extra.status, 422);
  EXPECT_EQ(extra.body.at("errors").at(0).at("path").as_string(), "$.employer");
}

TEST_F(IdentityApiTest, RegisterLoginProfileAndDuplicate) {
  Reply r = client_.Post("/api/v1/citizens", {{"name", "张小三"},
                                              {"id_number", "330104199003071233"},
                                              {"password", "correct horse 1"},
                                              {"phone", "13812345678"}});
  ASSERT_EQ(r.status, 201) << r.raw;
  std::string id(r.body.at("citizen_id").as_string());
  Reply dup = client_.Post(
      "/api/v1/citizens",
      {{"name", "李四"}, {"id_number", "330104199003071233"}, {"password", "another pw 12"}});
  EXPECT_EQ(dup.status, 409);

  client_.Login("330104199003071233");
  Reply me = client_.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body.at("citizen_id").as_string(), id);
  EXPECT_EQ(me.body.at("id_number").as_string(), "330104199003071233");  // owner sees it all
  EXPECT_EQ(me.body.at("masked_id").as_string(), "3301**********1233");
  EXPECT_EQ(me.body.at("masked_name").as_string(), "张*三");
  EXPECT_EQ(me.body.at("phone").as_string(), "13812345678");
  EXPECT_EQ(me.body.at("sex").as_string(), "M");
}

TEST_F(IdentityApiTest, ResidentIdAndNameAreEncryptedAtRest) {
  client_.RegisterAndLogin("张小三", "330104199003071233");
  auto rows = server_.app().db().Query("SELECT id_enc, name_enc, id_index FROM persons");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  for (size_t i = 0; i < 3; ++i) {
    std::string bytes = (*rows)[0].Bytes(i);
    EXPECT_EQ(bytes.find("330104199003071233"), std::string::npos);
    EXPECT_EQ(bytes.find("张小三"), std::string::npos);
  }
}

TEST_F(IdentityApiTest, WrongPasswordsDoNotLockTheOwnerOut) {
  client_.RegisterAndLogin("张三", "330104199003071233");
  TestClient other(server_.port());
  for (int i = 0; i < 5; ++i) {
    Reply r = other.Post("/api/v1/sessions",
                         {{"id_number", "330104199003071233"}, {"password", "wrong password"}});
    EXPECT_EQ(r.status, 401);
  }
  // Strangers' failures do not lock the owner out: the first ones are free, further ones only
  // delay (identity_hardening_test.cpp has the delays and their Retry-After).
  Reply ok = other.Post("/api/v1/sessions",
                        {{"id_number", "330104199003071233"}, {"password", "correct horse 1"}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST_F(IdentityApiTest, LogoutRevokesAndExpiryEnds) {
  std::string token = client_.RegisterAndLogin("张三", "330104199003071233");
  EXPECT_EQ(client_.Get("/api/v1/me").status, 200);
  EXPECT_EQ(client_.Call("DELETE", "/api/v1/sessions/current").status, 204);
  Reply after = client_.Get("/api/v1/me");
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.ContentType(), "application/problem+json");

  client_.Login("330104199003071233");
  EXPECT_EQ(client_.Get("/api/v1/me").status, 200);
  server_.app().test_clock()->Advance(std::chrono::hours(13));
  EXPECT_EQ(client_.Get("/api/v1/me").status, 401);
}

TEST_F(IdentityApiTest, TokenIsStoredHashed) {
  std::string token = client_.RegisterAndLogin("张三", "330104199003071233");
  auto rows = server_.app().db().Query("SELECT id FROM sessions");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*rows)[0].Text(0), token);
  EXPECT_EQ((*rows)[0].Text(0).find(token), std::string::npos);
}

TEST_F(IdentityApiTest, CookieSessionRequiresCsrfForWrites) {
  client_.Post(
      "/api/v1/citizens",
      {{"name", "张三"}, {"id_number", "330104199003071233"}, {"password", "correct horse 1"}});
  Reply login = client_.Post(
      "/api/v1/sessions", {{"id_number", "330104199003071233"}, {"password", "correct horse 1"}});
  ASSERT_EQ(login.status, 201);
  std::string session, csrf;
  for (const auto& [k, v] : login.response.all_headers) {
    if (k != "Set-Cookie") continue;
    if (v.starts_with("ow_session=")) {
      session = v.substr(11, v.find(';') - 11);
      EXPECT_NE(v.find("HttpOnly"), std::string::npos);
      EXPECT_NE(v.find("SameSite=Lax"), std::string::npos);
    }
    if (v.starts_with("ow_csrf=")) csrf = v.substr(8, v.find(';') - 8);
  }
  ASSERT_FALSE(session.empty());
  ASSERT_FALSE(csrf.empty());
  TestClient browser(server_.port());
  std::string cookie = "ow_session=" + session + "; ow_csrf=" + csrf;
  EXPECT_EQ(browser.Call("GET", "/api/v1/me", nullptr, {{"Cookie", cookie}}).status, 200);
  json::object ent{{"credit_code", "91350100M000100Y43"}, {"name", "福州示例科技有限公司"}};
  Reply no_csrf = browser.Call("POST", "/api/v1/enterprises", ent, {{"Cookie", cookie}});
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(no_csrf.body.at("type").as_string(), "https://onewindow.gov.cn/problems/csrf");
  Reply with_csrf = browser.Call("POST", "/api/v1/enterprises", ent,
                                 {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(with_csrf.status, 201) << with_csrf.raw;
}

TEST_F(IdentityApiTest, EnterpriseRepresentativeAndAgent) {
  client_.RegisterAndLogin("李刚", "330104199003071233");
  Reply bad = client_.Post("/api/v1/enterprises",
                           {{"credit_code", "91350100M000100Y44"}, {"name", "盛世新能源"}});
  EXPECT_EQ(bad.status, 422);
  Reply ok = client_.Post("/api/v1/enterprises",
                          {{"credit_code", "91350100M000100Y43"}, {"name", "盛世新能源"}});
  ASSERT_EQ(ok.status, 201) << ok.raw;
  std::string ent(ok.body.at("enterprise_id").as_string());
  EXPECT_EQ(
      client_
          .Post("/api/v1/enterprises", {{"credit_code", "91350100M000100Y43"}, {"name", "again"}})
          .status,
      409);

  TestClient agent(server_.port());
  agent.RegisterAndLogin("王五", "330106198505120021");
  EXPECT_EQ(agent.Get("/api/v1/enterprises/" + ent).status, 403);
  Reply add = client_.Post("/api/v1/enterprises/" + ent + "/members",
                           {{"id_number", "330106198505120021"}, {"relation", "agent"}});
  EXPECT_EQ(add.status, 201) << add.raw;
  Reply mine = agent.Get("/api/v1/me/enterprises");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body.at("enterprises").as_array().size(), 1u);
  EXPECT_EQ(mine.body.at("enterprises").at(0).at("relation").as_string(), "agent");
  // An agent cannot add members.
  EXPECT_EQ(
      agent.Post("/api/v1/enterprises/" + ent + "/members", {{"id_number", "330104199003071233"}})
          .status,
      403);
}

TEST_F(IdentityApiTest, AdminSeesOthersOnlyMasked) {
  TestClient admin(server_.port());
  admin.RegisterAndLogin("赵管理", "330104197002200057");
  auto pid = server_.app().identity().FindByIdNumber("330104197002200057");
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(server_.app().identity().Grant(*pid, Role::kAdmin, "", "test").ok());
  client_.RegisterAndLogin("张小三", "330104199003071233");
  Reply g = admin.Post(
      "/api/v1/admin/grants",
      {{"id_number", "330104199003071233"}, {"role", "health_official"}, {"scope", "3301"}});
  ASSERT_EQ(g.status, 201) << g.raw;
  Reply list = admin.Get("/api/v1/admin/grants?role=health_official");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("grants").as_array().size(), 1u);
  EXPECT_EQ(list.body.at("grants").at(0).at("masked_id").as_string(), "3301**********1233");
  EXPECT_EQ(list.raw.find("330104199003071233"), std::string::npos);
  EXPECT_EQ(list.raw.find("张小三"), std::string::npos);
  // The role shows on the person's own profile at once.
  Reply me = client_.Get("/api/v1/me");
  bool found = false;
  for (const auto& role : me.body.at("roles").as_array())
    found = found || (role.at("role") == "health_official" && role.at("scope") == "3301");
  EXPECT_TRUE(found) << me.raw;
  // Bad scope is a 422 with a path.
  Reply bad = admin.Post(
      "/api/v1/admin/grants",
      {{"id_number", "330104199003071233"}, {"role", "health_official"}, {"scope", "99"}});
  EXPECT_EQ(bad.status, 422);
  // Audit chain is intact and recorded the grant.
  Reply audit = admin.Get("/api/v1/admin/audit/verify");
  EXPECT_EQ(audit.status, 200);
  EXPECT_TRUE(audit.body.at("ok").as_bool());
  Reply entries = admin.Get("/api/v1/admin/audit?limit=50");
  EXPECT_NE(entries.raw.find("role.grant"), std::string::npos);
  EXPECT_NE(entries.raw.find("login.ok"), std::string::npos);
  // Whose data, by resident ID: the grant, with masked names and no resident ID in the answer.
  Reply whose =
      admin.Get("/api/v1/admin/audit?subject=330104199003071233&action=role.grant&limit=10");
  ASSERT_EQ(whose.status, 200) << whose.raw;
  ASSERT_EQ(whose.body.at("entries").as_array().size(), 1u) << whose.raw;
  const auto& e = whose.body.at("entries").at(0);
  EXPECT_EQ(e.at("subject_name").as_string(), "张*三");
  EXPECT_EQ(e.at("actor_name").as_string(), "赵*理");
  EXPECT_EQ(whose.raw.find("330104199003071233"), std::string::npos);
  EXPECT_TRUE(whose.body.at("next_before").is_null());
  // An unknown resident ID matches nothing; a family prefix and paging.
  Reply nobody = admin.Get("/api/v1/admin/audit?actor=330104199001011234");
  ASSERT_EQ(nobody.status, 200) << nobody.raw;
  EXPECT_TRUE(nobody.body.at("entries").as_array().empty()) << nobody.raw;
  Reply logins = admin.Get("/api/v1/admin/audit?action=login.&limit=1");
  ASSERT_EQ(logins.status, 200) << logins.raw;
  ASSERT_EQ(logins.body.at("entries").as_array().size(), 1u);
  int64_t next = logins.body.at("next_before").as_int64();
  Reply older =
      admin.Get("/api/v1/admin/audit?action=login.&limit=1&before=" + std::to_string(next));
  ASSERT_EQ(older.body.at("entries").as_array().size(), 1u) << older.raw;
  EXPECT_LT(older.body.at("entries").at(0).at("seq").as_int64(), next);
  // Bad filters are 422s naming the parameter.
  Reply bad_day = admin.Get("/api/v1/admin/audit?from=yesterday");
  EXPECT_EQ(bad_day.status, 422);
  EXPECT_NE(bad_day.raw.find("$.from"), std::string::npos);
  EXPECT_EQ(admin.Get("/api/v1/admin/audit?limit=0").status, 422);
  Reply today = admin.Get(
      "/api/v1/admin/audit?from=" + FormatDate(ShanghaiDate(server_.app().clock().NowMillis())) +
      "&to=" + FormatDate(ShanghaiDate(server_.app().clock().NowMillis())));
  ASSERT_EQ(today.status, 200);
  EXPECT_FALSE(today.body.at("entries").as_array().empty());
}

// Issue 24: a form's mistakes carry stable codes the web app translates; granting a role to an
// unregistered resident ID is a 404 naming $.id_number (not "no such resource").
TEST_F(IdentityApiTest, MistakesCarryStableCodes) {
  Reply reg = client_.Post("/api/v1/citizens",
                           {{"name", ""}, {"id_number", "330104199003071234"}, {"password", "x"}});
  ASSERT_EQ(reg.status, 422) << reg.raw;
  std::map<std::string, std::string> codes;
  for (const auto& e : reg.body.at("errors").as_array())
    codes[std::string(e.at("path").as_string())] =
        e.as_object().contains("code") ? std::string(e.at("code").as_string()) : "(none)";
  EXPECT_EQ(codes["$.name"], "bad_name") << reg.raw;
  EXPECT_EQ(codes["$.id_number"], "bad_id_number") << reg.raw;
  EXPECT_EQ(codes["$.password"], "weak_password") << reg.raw;
  Reply missing = client_.Post("/api/v1/sessions", {{"extra", 1}});
  ASSERT_EQ(missing.status, 422) << missing.raw;
  for (const auto& e : missing.body.at("errors").as_array())
    EXPECT_TRUE(e.as_object().contains("code") &&
                (e.at("code") == "required" || e.at("code") == "unknown_field"))
        << missing.raw;

  TestClient admin(server_.port());
  admin.RegisterAndLogin("赵管理", "330104197002200057");
  auto pid = server_.app().identity().FindByIdNumber("330104197002200057");
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(server_.app().identity().Grant(*pid, Role::kAdmin, "", "test").ok());
  Reply nobody = admin.Post(
      "/api/v1/admin/grants",
      {{"id_number", "330104199003071233"}, {"role", "health_official"}, {"scope", "3301"}});
  ASSERT_EQ(nobody.status, 404) << nobody.raw;
  EXPECT_EQ(nobody.body.at("errors").at(0).at("path").as_string(), "$.id_number");
  ASSERT_TRUE(nobody.body.as_object().contains("errors")) << nobody.raw;
  EXPECT_EQ(nobody.body.at("errors").at(0).at("code").as_string(), "unknown_person");
  Reply role =
      admin.Post("/api/v1/admin/grants", {{"id_number", "330104197002200057"}, {"role", "king"}});
  ASSERT_EQ(role.status, 422) << role.raw;
  ASSERT_TRUE(role.body.as_object().contains("errors")) << role.raw;
  EXPECT_EQ(role.body.at("errors").at(0).at("code").as_string(), "bad_role");
  Reply scope = admin.Post(
      "/api/v1/admin/grants",
      {{"id_number", "330104197002200057"}, {"role", "health_official"}, {"scope", "99"}});
  ASSERT_EQ(scope.status, 422) << scope.raw;
  ASSERT_TRUE(scope.body.as_object().contains("errors")) << scope.raw;
  EXPECT_EQ(scope.body.at("errors").at(0).at("code").as_string(), "bad_scope");
}

}  // namespace
}  // namespace ow::testing
