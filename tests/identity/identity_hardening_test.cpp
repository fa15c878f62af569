// Issue 19 on both backends: the CSRF token is bound to its session (a planted cookie is
// worthless) and secure cookies carry the __Host- prefix; failed logins are throttled with
// growing, announced delays instead of a lockout (NIST SP 800-63B), registrations and
// successful logins are rate-limited per address; service officers read only enterprises of
// their region.
#include <gtest/gtest.h>

#include "identity/validate.h"
#include "support/backend_test.h"

namespace ow::testing {
namespace {

constexpr char kOwnerId[] = "330104199003071233";
constexpr char kPassword[] = "correct horse 1";

std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : "<not a string: " + json::serialize(v) + ">";
}

// The value of cookie `name` among a response's Set-Cookie headers (and the whole header).
std::string SetCookie(const Reply& r, const std::string& name, std::string* header = nullptr) {
  for (const auto& [k, v] : r.response.all_headers) {
    if (k != "Set-Cookie" || !v.starts_with(name + "=")) continue;
    if (header) *header = v;
    return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
  }
  return "";
}

// A valid unified social credit code registered in `region6`.
std::string CreditCode(const std::string& region6, const std::string& serial9) {
  std::string first = "91" + region6 + serial9;
  return first + identity::CreditCodeCheckChar(first);
}

class IdentityHardeningTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    app().test_clock()->Freeze(true);  // waits below are exact
    client_ = Client();
    Reply r = client_->Post("/api/v1/citizens",
                            {{"name", "张三"}, {"id_number", kOwnerId}, {"password", kPassword}});
    ASSERT_EQ(r.status, 201) << r.raw;
  }

  Reply LogIn(const std::string& id_number, const std::string& password) {
    return client_->Post("/api/v1/sessions", {{"id_number", id_number}, {"password", password}});
  }
  void Advance(int64_t seconds) { app().test_clock()->Advance(std::chrono::seconds(seconds)); }
  static int64_t RetryAfter(const Reply& r) {
    std::string v = r.response.Header("Retry-After");
    return v.empty() ? -1 : std::stoll(v);
  }

  std::unique_ptr<TestClient> client_;
};

TEST_P(IdentityHardeningTest, PlantedCsrfCookieWithMatchingHeaderIsRefused) {
  Reply login = LogIn(kOwnerId, kPassword);
  ASSERT_EQ(login.status, 201) << login.raw;
  std::string token = Str(login.body.at("token"));
  std::string csrf = Str(login.body.at("csrf_token"));
  json::object ent{{"credit_code", "91350100M000100Y43"}, {"name", "福州示例科技有限公司"}};
  TestClient browser(server_->port());
  // An attacker who can set cookies for the site (a sibling subdomain, plain HTTP) plants
  // ow_csrf and sends the same value in the header: not this session's token.
  Reply planted = browser.Call("POST", "/api/v1/enterprises", ent,
                               {{"Cookie", "ow_session=" + token + "; ow_csrf=planted-by-attacker"},
                                {"X-CSRF-Token", "planted-by-attacker"}});
  EXPECT_EQ(planted.status, 403) << planted.raw;
  EXPECT_EQ(Str(planted.body.at("type")), "https://onewindow.gov.cn/problems/csrf");
  // Another session's token (the attacker's own login) does not fit this session either.
  Reply other = LogIn(kOwnerId, kPassword);
  ASSERT_EQ(other.status, 201);
  Reply foreign = browser.Call(
      "POST", "/api/v1/enterprises", ent,
      {{"Cookie", "ow_session=" + token + "; ow_csrf=" + Str(other.body.at("csrf_token"))},
       {"X-CSRF-Token", Str(other.body.at("csrf_token"))}});
  EXPECT_EQ(foreign.status, 403) << foreign.raw;
  // The session's own token works, whatever cookie was planted beside it.
  Reply mine = browser.Call("POST", "/api/v1/enterprises", ent,
                            {{"Cookie", "ow_session=" + token + "; ow_csrf=planted-by-attacker"},
                             {"X-CSRF-Token", csrf}});
  EXPECT_EQ(mine.status, 201) << mine.raw;
}

TEST_P(IdentityHardeningTest, FailedLoginsDelayInsteadOfLockingTheOwnerOut) {
  // Five failures cost nothing: the owner's correct password still works at once.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LogIn(kOwnerId, "wrong password").status, 401);
  EXPECT_EQ(LogIn(kOwnerId, kPassword).status, 201);
  // The success ended the run; six more failures make the account wait one second.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(LogIn(kOwnerId, "wrong password").status, 401);
  Reply wait = LogIn(kOwnerId, kPassword);
  EXPECT_EQ(wait.status, 429) << wait.raw;
  EXPECT_EQ(wait.ContentType(), "application/problem+json");
  EXPECT_EQ(RetryAfter(wait), 1);
  Advance(1);
  Reply ok = LogIn(kOwnerId, kPassword);
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST_P(IdentityHardeningTest, RetryAfterIsTheTrueWaitAndTheDelayIsCapped) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(LogIn(kOwnerId, "wrong password").status, 401);
  // Failures 6..16: after each, the announced wait doubles from 1 s up to the 60 s cap, and
  // waiting exactly that long is enough for the next attempt to be checked.
  std::vector<int64_t> announced;
  for (int failure = 6; failure <= 16; ++failure) {
    ASSERT_EQ(LogIn(kOwnerId, "wrong password").status, 401) << "failure " << failure;
    Reply refused = LogIn(kOwnerId, "wrong password");
    ASSERT_EQ(refused.status, 429) << refused.raw;
    int64_t wait = RetryAfter(refused);
    announced.push_back(wait);
    if (wait > 1) {
      Advance(wait - 1);  // one second early: still refused, and told the rest
      Reply early = LogIn(kOwnerId, kPassword);
      EXPECT_EQ(early.status, 429);
      EXPECT_EQ(RetryAfter(early), 1);
      Advance(1);
    } else {
      Advance(wait);
    }
  }
  EXPECT_EQ(announced, (std::vector<int64_t>{1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60}));
  // The wait is over: the owner's correct password succeeds.
  Reply ok = LogIn(kOwnerId, kPassword);
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST_P(IdentityHardeningTest, OneAddressCannotHammerManyAccounts) {
  // Eleven different accounts, one wrong password each: no account is throttled, but the
  // address is (ten free failures per address).
  for (int i = 0; i < 11; ++i)
    EXPECT_EQ(LogIn(MakeResidentId("330106", "19800101", 100 + i), "wrong password").status, 401);
  Reply refused = LogIn(MakeResidentId("330106", "19800101", 200), "wrong password");
  EXPECT_EQ(refused.status, 429) << refused.raw;
  EXPECT_EQ(RetryAfter(refused), 1);
  Advance(1);
  EXPECT_EQ(LogIn(kOwnerId, kPassword).status, 201);
}

TEST_P(IdentityHardeningTest, RegistrationFloodFromOneAddressIs429WithTheTrueWait) {
  // The flood of the probe: an already-registered ID again and again (each a 409 after a hash).
  json::object again{{"name", "张三"}, {"id_number", kOwnerId}, {"password", kPassword}};
  for (int i = 0; i < 9; ++i) EXPECT_EQ(client_->Post("/api/v1/citizens", again).status, 409);
  Reply refused = client_->Post("/api/v1/citizens", again);
  ASSERT_EQ(refused.status, 429) << refused.raw;
  EXPECT_EQ(refused.ContentType(), "application/problem+json");
  EXPECT_EQ(RetryAfter(refused), 60);  // the window began with the first registration
  Advance(30);
  Reply still = client_->Post(
      "/api/v1/citizens",
      {{"name", "李四"}, {"id_number", "330106198505120021"}, {"password", kPassword}});
  EXPECT_EQ(still.status, 429);
  EXPECT_EQ(RetryAfter(still), 30);
  Advance(30);
  Reply ok = client_->Post(
      "/api/v1/citizens",
      {{"name", "李四"}, {"id_number", "330106198505120021"}, {"password", kPassword}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST_P(IdentityHardeningTest, SuccessfulLoginsAreRateLimitedPerAddress) {
  for (int i = 0; i < 30; ++i) ASSERT_EQ(LogIn(kOwnerId, kPassword).status, 201) << i;
  Reply refused = LogIn(kOwnerId, kPassword);
  EXPECT_EQ(refused.status, 429) << refused.raw;
  EXPECT_EQ(RetryAfter(refused), 60);
  Advance(60);
  EXPECT_EQ(LogIn(kOwnerId, kPassword).status, 201);
}

TEST_P(IdentityHardeningTest, ServiceOfficersReadOnlyEnterprisesOfTheirRegion) {
  client_->Login(kOwnerId);
  std::string fuzhou_code = CreditCode("350100", "M00010000");
  std::string hangzhou_code = CreditCode("330100", "M00020000");
  Reply a = client_->Post("/api/v1/enterprises", {{"credit_code", fuzhou_code}, {"name", "福州"}});
  ASSERT_EQ(a.status, 201) << a.raw;
  Reply b =
      client_->Post("/api/v1/enterprises", {{"credit_code", hangzhou_code}, {"name", "杭州"}});
  ASSERT_EQ(b.status, 201) << b.raw;
  std::string fuzhou = Str(a.body.at("enterprise_id"));
  std::string hangzhou = Str(b.body.at("enterprise_id"));

  auto officer = [&](const std::string& id_number, const std::string& scope) {
    auto c = Client();
    c->RegisterAndLogin("王五", id_number);
    EXPECT_TRUE(app()
                    .identity()
                    .Grant(*app().identity().FindByIdNumber(id_number), Role::kServiceOfficer,
                           scope, "test")
                    .ok());
    return c;
  };
  auto hz_officer = officer(MakeResidentId("330106", "19850101", 7), "3301");
  Reply outside = hz_officer->Get("/api/v1/enterprises/" + fuzhou);
  EXPECT_EQ(outside.status, 403) << outside.raw;
  EXPECT_EQ(outside.raw.find("福州"), std::string::npos);
  Reply inside = hz_officer->Get("/api/v1/enterprises/" + hangzhou);
  EXPECT_EQ(inside.status, 200) << inside.raw;
  EXPECT_EQ(Str(inside.body.at("region")), "330100");
  EXPECT_EQ(hz_officer->Get("/api/v1/enterprises/no-such-enterprise").status, 404);

  auto fj_officer = officer(MakeResidentId("350102", "19850101", 8), "35");
  EXPECT_EQ(fj_officer->Get("/api/v1/enterprises/" + fuzhou).status, 200);
  EXPECT_EQ(fj_officer->Get("/api/v1/enterprises/" + hangzhou).status, 403);
  // Members still read their own enterprise.
  EXPECT_EQ(client_->Get("/api/v1/enterprises/" + fuzhou).status, 200);
}

OW_INSTANTIATE_BACKENDS(IdentityHardeningTest);

// Behind HTTPS the cookies are __Host- cookies (Secure, Path=/, no Domain), and only those
// authenticate: a cookie without the prefix could have been planted by a sibling subdomain.
TEST(SecureCookiesTest, HostPrefixedCookiesOnly) {
  TestServer server([](app::AppConfig& c) { c.secure_cookies = true; });
  TestClient client(server.port());
  ASSERT_EQ(client
                .Post("/api/v1/citizens",
                      {{"name", "张三"}, {"id_number", kOwnerId}, {"password", kPassword}})
                .status,
            201);
  Reply login = client.Post("/api/v1/sessions", {{"id_number", kOwnerId}, {"password", kPassword}});
  ASSERT_EQ(login.status, 201) << login.raw;
  std::string session_header, csrf_header;
  std::string session = SetCookie(login, "__Host-ow_session", &session_header);
  std::string csrf = SetCookie(login, "__Host-ow_csrf", &csrf_header);
  ASSERT_FALSE(session.empty());
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(csrf, Str(login.body.at("csrf_token")));
  for (const std::string& h : {session_header, csrf_header}) {
    EXPECT_NE(h.find("; Secure"), std::string::npos) << h;
    EXPECT_NE(h.find("; Path=/"), std::string::npos) << h;
    EXPECT_EQ(h.find("Domain"), std::string::npos) << h;
  }
  EXPECT_EQ(SetCookie(login, "ow_session"), "");
  TestClient browser(server.port());
  EXPECT_EQ(
      browser.Call("GET", "/api/v1/me", nullptr, {{"Cookie", "ow_session=" + session}}).status,
      401);
  std::string cookie = "__Host-ow_session=" + session + "; __Host-ow_csrf=" + csrf;
  EXPECT_EQ(browser.Call("GET", "/api/v1/me", nullptr, {{"Cookie", cookie}}).status, 200);
  Reply write =
      browser.Call("POST", "/api/v1/enterprises",
                   {{"credit_code", "91350100M000100Y43"}, {"name", "福州示例科技有限公司"}},
                   {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(write.status, 201) << write.raw;
  Reply logout = browser.Call("DELETE", "/api/v1/sessions/current", nullptr,
                              {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(logout.status, 204);
  std::string cleared;
  EXPECT_EQ(SetCookie(logout, "__Host-ow_session", &cleared), "");
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
}

}  // namespace
}  // namespace ow::testing
