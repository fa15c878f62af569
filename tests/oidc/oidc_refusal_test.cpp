// What the provider refuses: bad authorization requests (with or without a redirect), code
// theft and replay, wrong client credentials, expired codes and tokens, session tokens at
// the userinfo endpoint.
#include <gtest/gtest.h>

#include "relying_platform.h"

namespace ow::testing {
namespace {

constexpr char kCitizenId[] = "330104199003071233";
const std::string kAdminId = MakeResidentId("330106", "19850101", 1);

class OidcRefusalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeAdmin(server_, admin_, kAdminId);
    citizen_.RegisterAndLogin("张小三", kCitizenId);
    rp_ = std::make_unique<RelyingPlatform>(server_, admin_, "tax",
                                            std::vector<std::string>{"openid", "profile"});
  }

  // GET authorize expecting a redirect to the platform with `error`.
  void ExpectErrorRedirect(const AuthRequest& r, const std::string& error) {
    Reply g = rp_->GetAuthorize(citizen_, r);
    ASSERT_EQ(g.status, 302) << g.raw;
    std::string loc = g.response.Header("Location");
    EXPECT_TRUE(loc.starts_with(rp_->redirect_uri() + "?")) << loc;
    auto q = QueryOf(loc);
    EXPECT_EQ(q["error"], error) << loc;
    EXPECT_EQ(q["state"], r.state);
    EXPECT_FALSE(q.count("code"));
    // The consent POST refuses the same way (as JSON for the browser app).
    Reply p = rp_->Decide(citizen_, r, "approve");
    ASSERT_EQ(p.status, 200) << p.raw;
    EXPECT_EQ(QueryOf(std::string(p.body.at("redirect_to").as_string()))["error"], error);
  }

  // GET and POST authorize expecting a 400 problem and no redirect.
  void ExpectNoRedirect(const AuthRequest& r) {
    Reply g = rp_->GetAuthorize(citizen_, r);
    EXPECT_EQ(g.status, 400) << g.raw;
    EXPECT_EQ(g.ContentType(), "application/problem+json");
    EXPECT_TRUE(g.response.Header("Location").empty());
    Reply p = rp_->Decide(citizen_, r, "approve");
    EXPECT_EQ(p.status, 400) << p.raw;
    EXPECT_FALSE(p.body.is_object() && p.body.as_object().contains("redirect_to"));
  }

  TestServer server_;
  TestClient admin_{server_.port()};
  TestClient citizen_{server_.port()};
  std::unique_ptr<RelyingPlatform> rp_;
};

TEST_F(OidcRefusalTest, WrongOrMissingRedirectUriIsNeverFollowed) {
  AuthRequest r = rp_->NewRequest("openid");
  r.redirect_uri = "https://attacker.example.com/cb";
  ExpectNoRedirect(r);
  r.redirect_uri = rp_->redirect_uri() + "/";  // exact match only
  ExpectNoRedirect(r);
  r.redirect_uri = rp_->redirect_uri() + "?x=1";
  ExpectNoRedirect(r);
  r.redirect_uri = "";
  ExpectNoRedirect(r);
}

TEST_F(OidcRefusalTest, UnknownOrMissingClientIsNeverFollowed) {
  AuthRequest r = rp_->NewRequest("openid");
  r.overrides["client_id"] = "0123456789abcdef0123456789abcdef";
  ExpectNoRedirect(r);
  r.overrides["client_id"] = "";
  ExpectNoRedirect(r);
}

TEST_F(OidcRefusalTest, RepeatedParameterIsRefused) {
  AuthRequest r = rp_->NewRequest("openid");
  Reply g = citizen_.Get(rp_->AuthorizeTarget(r) + "&scope=openid");
  EXPECT_EQ(g.status, 400) << g.raw;
  EXPECT_TRUE(g.response.Header("Location").empty());
}

TEST_F(OidcRefusalTest, PkceIsRequiredAndPlainRefused) {
  AuthRequest r = rp_->NewRequest("openid");
  r.overrides["code_challenge"] = "";
  r.overrides["code_challenge_method"] = "";
  ExpectErrorRedirect(r, "invalid_request");

  AuthRequest plain = rp_->NewRequest("openid");
  plain.overrides["code_challenge"] = plain.verifier;
  plain.overrides["code_challenge_method"] = "plain";
  ExpectErrorRedirect(plain, "invalid_request");

  AuthRequest no_method = rp_->NewRequest("openid");
  no_method.overrides["code_challenge_method"] = "";
  ExpectErrorRedirect(no_method, "invalid_request");
}

TEST_F(OidcRefusalTest, ScopeMustBeOpenidAndRegistered) {
  ExpectErrorRedirect(rp_->NewRequest("openid real_name"), "invalid_scope");
  ExpectErrorRedirect(rp_->NewRequest("profile"), "invalid_scope");
  ExpectErrorRedirect(rp_->NewRequest("openid id_number"), "invalid_scope");
}

TEST_F(OidcRefusalTest, OnlyCodeResponseType) {
  AuthRequest r = rp_->NewRequest("openid");
  r.overrides["response_type"] = "token";
  ExpectErrorRedirect(r, "unsupported_response_type");
}

TEST_F(OidcRefusalTest, NotLoggedInGoesToLogin) {
  AuthRequest r = rp_->NewRequest("openid profile");
  TestClient anon(server_.port());
  Reply g = rp_->GetAuthorize(anon, r);
  ASSERT_EQ(g.status, 302) << g.raw;
  std::string loc = g.response.Header("Location");
  ASSERT_TRUE(loc.starts_with("/login?next=")) << loc;
  EXPECT_EQ(QueryOf(loc)["next"], rp_->AuthorizeTarget(r));
  // The consent decision itself needs a login.
  EXPECT_EQ(rp_->Decide(anon, r, "approve").status, 401);
  // prompt=none answers the platform at once.
  r.overrides["prompt"] = "none";
  Reply none = rp_->GetAuthorize(anon, r);
  ASSERT_EQ(none.status, 302);
  EXPECT_EQ(QueryOf(none.response.Header("Location"))["error"], "login_required");
}

TEST_F(OidcRefusalTest, LoginPageCanNameTheAskingPlatform) {
  // The login page (not logged in) learns the platform's name from its public entry.
  TestClient anon(server_.port());
  Reply r = anon.Get("/api/v1/oidc/clients/" + rp_->client_id());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body.at("client_name").as_string(), "tax");
  EXPECT_FALSE(r.body.as_object().contains("redirect_uris"));
  EXPECT_FALSE(r.body.as_object().contains("scopes"));
  Reply none = anon.Get("/api/v1/oidc/clients/no-such-client");
  EXPECT_EQ(none.status, 404) << none.raw;
  EXPECT_EQ(none.ContentType(), "application/problem+json");
}

TEST_F(OidcRefusalTest, CookieConsentNeedsCsrfToken) {
  // The web app posts the decision with the session cookie; a cross-site form cannot.
  TestClient browser(server_.port());
  Reply login = browser.Post("/api/v1/sessions",
                             {{"id_number", kCitizenId}, {"password", "correct horse 1"}});
  ASSERT_EQ(login.status, 201) << login.raw;
  std::string cookie =
      "ow_session=" + Str(login.body.at("token")) + "; ow_csrf=" + Str(login.body.at("csrf_token"));
  AuthRequest r = rp_->NewRequest("openid");
  json::object body{{"decision", "approve"}};
  for (const auto& [k, v] : QueryOf(rp_->AuthorizeTarget(r))) body[k] = v;
  Reply forged = browser.Call("POST", "/oauth2/authorize", body, {{"Cookie", cookie}});
  EXPECT_EQ(forged.status, 403) << forged.raw;
  Reply ok = browser.Call("POST", "/oauth2/authorize", body,
                          {{"Cookie", cookie}, {"X-CSRF-Token", Str(login.body.at("csrf_token"))}});
  EXPECT_EQ(ok.status, 200) << ok.raw;
  EXPECT_FALSE(QueryOf(Str(ok.body.at("redirect_to")))["code"].empty());
}

TEST_F(OidcRefusalTest, WrongVerifierIsInvalidGrantAndBurnsTheCode) {
  AuthRequest r = rp_->NewRequest("openid");
  std::string code = rp_->Approve(citizen_, r);
  Reply wrong = rp_->RedeemCode(code, rp_->NewRequest("openid").verifier);
  EXPECT_EQ(wrong.status, 400) << wrong.raw;
  EXPECT_EQ(Str(wrong.body.at("error")), "invalid_grant");
  EXPECT_EQ(wrong.ContentType(), "application/json");
  Reply missing = rp_->RedeemCode(rp_->Approve(citizen_, r), "");
  EXPECT_EQ(Str(missing.body.at("error")), "invalid_grant");
  // The code was consumed by the failed attempt.
  EXPECT_EQ(Str(rp_->RedeemCode(code, r.verifier).body.at("error")), "invalid_grant");
}

TEST_F(OidcRefusalTest, ReusedCodeIsInvalidGrantAndRevokesTokens) {
  AuthRequest r = rp_->NewRequest("openid profile");
  std::string code = rp_->Approve(citizen_, r);
  Reply first = rp_->RedeemCode(code, r.verifier);
  ASSERT_EQ(first.status, 200) << first.raw;
  std::string access(first.body.at("access_token").as_string());
  EXPECT_EQ(rp_->UserInfo(access).status, 200);

  Reply again = rp_->RedeemCode(code, r.verifier);
  EXPECT_EQ(again.status, 400) << again.raw;
  EXPECT_EQ(Str(again.body.at("error")), "invalid_grant");
  Reply after = rp_->UserInfo(access);
  EXPECT_EQ(after.status, 401) << after.raw;
  EXPECT_EQ(Str(after.body.at("error")), "invalid_token");
}

TEST_F(OidcRefusalTest, WrongClientCredentialsAreInvalidClient) {
  AuthRequest r = rp_->NewRequest("openid");
  std::string code = rp_->Approve(citizen_, r);
  Reply bad = rp_->RedeemCode(code, r.verifier, "", "not-the-secret");
  EXPECT_EQ(bad.status, 401) << bad.raw;
  EXPECT_EQ(Str(bad.body.at("error")), "invalid_client");
  EXPECT_FALSE(bad.response.Header("WWW-Authenticate").empty());
  Reply bad_post = rp_->RedeemCode(code, r.verifier, "", "not-the-secret", true);
  EXPECT_EQ(bad_post.status, 401);
  // The failed client authentication did not consume the code.
  EXPECT_EQ(rp_->RedeemCode(code, r.verifier).status, 200);

  TestClient platform(server_.port());
  Reply none = platform.CallRaw("POST", "/oauth2/token",
                                "grant_type=authorization_code&code=x&redirect_uri=y",
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(Str(none.body.at("error")), "invalid_client");
}

TEST_F(OidcRefusalTest, CodeIsBoundToClientAndRedirectUri) {
  RelyingPlatform other(server_, admin_, "thief", {"openid", "profile"});
  AuthRequest r = rp_->NewRequest("openid");
  std::string code = rp_->Approve(citizen_, r);
  EXPECT_EQ(Str(other.RedeemCode(code, r.verifier, rp_->redirect_uri()).body.at("error")),
            "invalid_grant");

  RelyingPlatform two_uris(server_, admin_, "two", {"openid"},
                           {"https://two.gov.cn/a", "https://two.gov.cn/b"});
  AuthRequest r2 = two_uris.NewRequest("openid");
  std::string code2 = two_uris.Approve(citizen_, r2);
  Reply mismatch = two_uris.RedeemCode(code2, r2.verifier, "https://two.gov.cn/b");
  EXPECT_EQ(Str(mismatch.body.at("error")), "invalid_grant");
}

TEST_F(OidcRefusalTest, ExpiredCodeIsInvalidGrant) {
  AuthRequest r = rp_->NewRequest("openid");
  std::string code = rp_->Approve(citizen_, r);
  server_.app().test_clock()->Advance(std::chrono::seconds(61));
  Reply t = rp_->RedeemCode(code, r.verifier);
  EXPECT_EQ(t.status, 400) << t.raw;
  EXPECT_EQ(Str(t.body.at("error")), "invalid_grant");
}

TEST_F(OidcRefusalTest, AccessTokenExpiresAndSessionTokenIsNoAccessToken) {
  AuthRequest r = rp_->NewRequest("openid");
  Reply t = rp_->RedeemCode(rp_->Approve(citizen_, r), r.verifier);
  ASSERT_EQ(t.status, 200) << t.raw;
  // A OneWindow session token is not an OIDC access token.
  Reply session = rp_->UserInfo(citizen_.token());
  EXPECT_EQ(session.status, 401) << session.raw;
  EXPECT_EQ(Str(session.body.at("error")), "invalid_token");
  TestClient anon(server_.port());
  EXPECT_EQ(anon.Get("/oauth2/userinfo").status, 401);

  std::string access(t.body.at("access_token").as_string());
  EXPECT_EQ(rp_->UserInfo(access).status, 200);
  // POST answers as GET does (OpenID Connect Core 5.3.1).
  Reply posted =
      anon.Call("POST", "/oauth2/userinfo", nullptr, {{"Authorization", "Bearer " + access}});
  EXPECT_EQ(posted.status, 200) << posted.raw;
  EXPECT_EQ(posted.body.at("sub"), rp_->UserInfo(access).body.at("sub"));
  // And an access token is not a OneWindow session.
  TestClient as_session(server_.port());
  as_session.SetToken(access);
  EXPECT_EQ(as_session.Get("/api/v1/me").status, 401);

  server_.app().test_clock()->Advance(std::chrono::minutes(11));
  EXPECT_EQ(rp_->UserInfo(access).status, 401);
}

TEST_F(OidcRefusalTest, TokenRequestMustBeAWellFormedForm) {
  AuthRequest r = rp_->NewRequest("openid");
  std::string code = rp_->Approve(citizen_, r);
  TestClient platform(server_.port());
  std::string basic = "Basic " + crypto::Base64Encode(rp_->client_id() + ":" + rp_->secret());
  Reply json_body =
      platform.Call("POST", "/oauth2/token", {{"grant_type", "authorization_code"}, {"code", code}},
                    {{"Authorization", basic}});
  EXPECT_EQ(json_body.status, 400);
  EXPECT_EQ(Str(json_body.body.at("error")), "invalid_request");
  auto form = [&](const std::string& body) {
    return platform.CallRaw(
        "POST", "/oauth2/token", body,
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", basic}});
  };
  EXPECT_EQ(Str(form("grant_type=password&username=a&password=b").body.at("error")),
            "unsupported_grant_type");
  EXPECT_EQ(
      Str(form("grant_type=authorization_code&code=1&code=2&redirect_uri=x").body.at("error")),
      "invalid_request");
  EXPECT_EQ(Str(form("grant_type=authorization_code&code=%zz&redirect_uri=x").body.at("error")),
            "invalid_request");
  EXPECT_EQ(
      form("grant_type=authorization_code&code=nope&redirect_uri=x&code_verifier=" + r.verifier)
          .body.at("error"),
      "invalid_grant");
}

}  // namespace
}  // namespace ow::testing
