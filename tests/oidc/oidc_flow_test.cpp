// OneWindow as an OpenID Connect provider, end to end: a relying platform registers, a
// citizen logs in and consents, the platform redeems the code and verifies the ID token.
#include <gtest/gtest.h>

#include "relying_platform.h"

namespace ow::testing {
namespace {

constexpr char kCitizenId[] = "330104199003071233";
const std::string kAdminId = MakeResidentId("330106", "19850101", 1);

class OidcFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MakeAdmin(server_, admin_, kAdminId);
    citizen_.RegisterAndLogin("张小三", kCitizenId);
    person_id_ = *server_.app().identity().FindByIdNumber(kCitizenId);
  }

  // Runs the whole flow for `scope` and returns the token response.
  Reply SignIn(const RelyingPlatform& rp, const std::string& scope, AuthRequest* out = nullptr) {
    AuthRequest r = rp.NewRequest(scope);
    std::string code = rp.Approve(citizen_, r);
    Reply t = rp.RedeemCode(code, r.verifier);
    EXPECT_EQ(t.status, 200) << t.raw;
    if (out) *out = r;
    return t;
  }

  bool AuditHas(const std::string& action, const std::string& fields, const std::string& reason) {
    auto entries = server_.app().audit().List(1000);
    EXPECT_TRUE(entries.ok());
    for (const auto& e : *entries)
      if (e.event.action == action && e.event.fields == fields && e.event.reason == reason)
        return true;
    return false;
  }

  TestServer server_;
  TestClient admin_{server_.port()};
  TestClient citizen_{server_.port()};
  std::string person_id_;
};

TEST_F(OidcFlowTest, DiscoveryDescribesTheProvider) {
  RelyingPlatform rp(server_, admin_, "tax", {"openid"});
  TestClient anon(server_.port());
  Reply d = anon.Call("GET", "/.well-known/openid-configuration", nullptr, {{"Host", rp.Host()}});
  ASSERT_EQ(d.status, 200) << d.raw;
  EXPECT_EQ(Str(d.body.at("issuer")), rp.Issuer());
  EXPECT_EQ(Str(d.body.at("authorization_endpoint")), rp.Issuer() + "/oauth2/authorize");
  EXPECT_EQ(Str(d.body.at("token_endpoint")), rp.Issuer() + "/oauth2/token");
  EXPECT_EQ(Str(d.body.at("userinfo_endpoint")), rp.Issuer() + "/oauth2/userinfo");
  EXPECT_EQ(Str(d.body.at("jwks_uri")), rp.Issuer() + "/oauth2/jwks");
  EXPECT_EQ(d.body.at("id_token_signing_alg_values_supported"), json::array{"EdDSA"});
  EXPECT_EQ(d.body.at("code_challenge_methods_supported"), json::array{"S256"});
  EXPECT_EQ(d.body.at("subject_types_supported"), json::array{"pairwise"});
  json::array scopes = d.body.at("scopes_supported").as_array();
  EXPECT_NE(std::find(scopes.begin(), scopes.end(), json::value("real_name")), scopes.end());

  Reply jwks = anon.Get("/oauth2/jwks");
  ASSERT_EQ(jwks.status, 200) << jwks.raw;
  ASSERT_EQ(jwks.body.at("keys").as_array().size(), 1u);
  const auto& k = jwks.body.at("keys").at(0);
  EXPECT_EQ(Str(k.at("kty")), "OKP");
  EXPECT_EQ(Str(k.at("crv")), "Ed25519");
  EXPECT_EQ(Str(k.at("alg")), "EdDSA");
  EXPECT_EQ(Str(k.at("use")), "sig");
  EXPECT_EQ(k.at("x").as_string().size(), 43u);
  EXPECT_FALSE(k.as_object().contains("d"));
  EXPECT_EQ(anon.Get("/oauth2/jwks").body, jwks.body);  // stable
}

// auth_time says when the person logged in, not when they approved the platform.
TEST_F(OidcFlowTest, AuthTimeIsWhenThePersonLoggedIn) {
  RelyingPlatform rp(server_, admin_, "social-security", {"openid", "profile"});
  const int64_t logged_in_by = server_.app().clock().NowMillis() / 1000;  // login was in SetUp
  server_.app().test_clock()->Advance(std::chrono::minutes(20));
  AuthRequest r = rp.NewRequest("openid profile");
  std::string code = rp.Approve(citizen_, r);
  Reply t = rp.RedeemCode(code, r.verifier);
  ASSERT_EQ(t.status, 200) << t.raw;
  IdToken tok = rp.Verify(std::string(t.body.at("id_token").as_string()));
  ASSERT_TRUE(tok.signature_ok);
  const int64_t auth_time = tok.claims.at("auth_time").as_int64();
  EXPECT_LE(auth_time, logged_in_by);
  EXPECT_GE(tok.claims.at("iat").as_int64() - auth_time, 20 * 60 - 1);
}

TEST_F(OidcFlowTest, ProfileScopeGivesMaskedNameOnly) {
  RelyingPlatform rp(server_, admin_, "social-security", {"openid", "profile", "real_name"});
  AuthRequest r = rp.NewRequest("openid profile");

  Reply consent = rp.GetAuthorize(citizen_, r);
  ASSERT_EQ(consent.status, 200) << consent.raw;
  EXPECT_EQ(Str(consent.body.at("client_name")), "social-security");
  EXPECT_EQ(Str(consent.body.at("client_id")), rp.client_id());
  EXPECT_EQ(consent.body.at("claims"), (json::array{"sub", "name"}));
  EXPECT_EQ(consent.body.at("scopes").as_array().size(), 2u);
  EXPECT_EQ(Str(consent.body.at("authorization_request").at("state")), r.state);

  // A logged-in browser navigating to the URL is sent to the web app's consent screen.
  std::string target = rp.AuthorizeTarget(r);
  Reply page = citizen_.Call("GET", target, nullptr,
                             {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  EXPECT_EQ(page.status, 302);
  EXPECT_EQ(page.response.Header("Location"), "/consent?" + target.substr(target.find('?') + 1));

  std::string code = rp.Approve(citizen_, r);
  Reply t = rp.RedeemCode(code, r.verifier);
  ASSERT_EQ(t.status, 200) << t.raw;
  EXPECT_EQ(t.response.Header("Cache-Control"), "no-store");
  EXPECT_EQ(Str(t.body.at("token_type")), "Bearer");
  EXPECT_EQ(Str(t.body.at("scope")), "openid profile");
  EXPECT_GT(t.body.at("expires_in").as_int64(), 0);

  std::string id_token(t.body.at("id_token").as_string());
  IdToken tok = rp.Verify(id_token);
  EXPECT_TRUE(tok.signature_ok);
  EXPECT_EQ(Str(tok.header.at("alg")), "EdDSA");
  EXPECT_EQ(Str(tok.header.at("typ")), "JWT");
  const json::object& c = tok.claims;
  EXPECT_EQ(Str(c.at("iss")), rp.Issuer());
  EXPECT_EQ(Str(c.at("aud")), rp.client_id());
  EXPECT_EQ(Str(c.at("nonce")), r.nonce);
  int64_t now = server_.app().clock().NowMillis() / 1000;
  EXPECT_LE(c.at("iat").as_int64(), now);
  EXPECT_GT(c.at("exp").as_int64(), now);
  EXPECT_LE(c.at("auth_time").as_int64(), now);
  EXPECT_EQ(Str(c.at("name")), "张*三");
  EXPECT_FALSE(c.contains("real_name_verified"));
  EXPECT_FALSE(c.contains("masked_id"));
  std::string sub(c.at("sub").as_string());
  EXPECT_FALSE(sub.empty());
  EXPECT_EQ(sub.find(person_id_), std::string::npos);
  std::string all = json::serialize(c);
  EXPECT_EQ(all.find(kCitizenId), std::string::npos);
  EXPECT_EQ(all.find("张小三"), std::string::npos);

  // A tampered token does not verify.
  std::string tampered = id_token;
  tampered[id_token.find('.') + 5] ^= 1;
  EXPECT_FALSE(rp.Verify(tampered).signature_ok);

  Reply info = rp.UserInfo(std::string(t.body.at("access_token").as_string()));
  ASSERT_EQ(info.status, 200) << info.raw;
  EXPECT_EQ(Str(info.body.at("sub")), sub);
  EXPECT_EQ(Str(info.body.at("name")), "张*三");
  EXPECT_EQ(info.body.as_object().size(), 2u);

  std::string reason = "oidc:" + rp.client_id();
  EXPECT_TRUE(AuditHas("pii.read", "sub,name", reason));
  auto entries = server_.app().audit().List(1000);
  bool consent_audited = false;
  for (const auto& e : *entries)
    consent_audited |= e.event.action == "oidc.consent" && e.event.actor == person_id_ &&
                       e.event.fields == "sub,name" &&
                       e.event.reason.find(rp.client_id()) != std::string::npos;
  EXPECT_TRUE(consent_audited);
}

TEST_F(OidcFlowTest, RealNameScopeGivesVerifiedRealName) {
  RelyingPlatform rp(server_, admin_, "housing", {"openid", "real_name", "masked_id"});
  Reply t = SignIn(rp, "openid real_name masked_id");
  IdToken tok = rp.Verify(std::string(t.body.at("id_token").as_string()));
  EXPECT_TRUE(tok.signature_ok);
  EXPECT_EQ(Str(tok.claims.at("name")), "张小三");
  EXPECT_TRUE(tok.claims.at("real_name_verified").as_bool());
  EXPECT_EQ(Str(tok.claims.at("masked_id")), "3301**********1233");
  EXPECT_EQ(json::serialize(tok.claims).find(kCitizenId), std::string::npos);
  Reply info = rp.UserInfo(std::string(t.body.at("access_token").as_string()));
  EXPECT_EQ(Str(info.body.at("name")), "张小三");
  EXPECT_TRUE(info.body.at("real_name_verified").as_bool());
}

TEST_F(OidcFlowTest, OpenidAloneGivesOnlySub) {
  RelyingPlatform rp(server_, admin_, "library", {"openid", "profile"});
  Reply t = SignIn(rp, "openid");
  IdToken tok = rp.Verify(std::string(t.body.at("id_token").as_string()));
  EXPECT_TRUE(tok.signature_ok);
  EXPECT_FALSE(tok.claims.contains("name"));
  Reply info = rp.UserInfo(std::string(t.body.at("access_token").as_string()));
  EXPECT_EQ(info.body.as_object().size(), 1u);
  EXPECT_TRUE(info.body.as_object().contains("sub"));
}

TEST_F(OidcFlowTest, SubIsPairwisePerPlatform) {
  RelyingPlatform a(server_, admin_, "tax", {"openid"});
  RelyingPlatform b(server_, admin_, "health", {"openid"});
  auto sub = [&](const RelyingPlatform& rp) {
    Reply t = SignIn(rp, "openid");
    return std::string(
        rp.Verify(std::string(t.body.at("id_token").as_string())).claims.at("sub").as_string());
  };
  std::string a1 = sub(a), a2 = sub(a), b1 = sub(b);
  EXPECT_EQ(a1, a2);  // stable for one platform
  EXPECT_NE(a1, b1);  // not correlatable across platforms
}

TEST_F(OidcFlowTest, ClientSecretPostAlsoWorks) {
  RelyingPlatform rp(server_, admin_, "transport", {"openid"});
  AuthRequest r = rp.NewRequest("openid");
  std::string code = rp.Approve(citizen_, r);
  Reply t = rp.RedeemCode(code, r.verifier, "", "", /*post_auth=*/true);
  EXPECT_EQ(t.status, 200) << t.raw;
}

TEST_F(OidcFlowTest, DenyRedirectsWithAccessDenied) {
  RelyingPlatform rp(server_, admin_, "tax", {"openid"});
  AuthRequest r = rp.NewRequest("openid");
  Reply d = rp.Decide(citizen_, r, "deny");
  ASSERT_EQ(d.status, 200) << d.raw;
  auto q = QueryOf(std::string(d.body.at("redirect_to").as_string()));
  EXPECT_EQ(q["error"], "access_denied");
  EXPECT_EQ(q["state"], r.state);
  EXPECT_FALSE(q.count("code"));
  Reply bad = rp.Decide(citizen_, r, "maybe");
  EXPECT_EQ(bad.status, 422) << bad.raw;
}

TEST_F(OidcFlowTest, AdminRegistersAndListsClientsWithoutSecrets) {
  RelyingPlatform rp(server_, admin_, "tax", {"openid", "profile"});
  Reply list = admin_.Get("/api/v1/admin/oidc/clients");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body.at("clients").as_array().size(), 1u);
  const auto& c = list.body.at("clients").at(0);
  EXPECT_EQ(Str(c.at("client_id")), rp.client_id());
  EXPECT_EQ(c.at("redirect_uris"), json::array{rp.redirect_uri()});
  EXPECT_EQ(list.raw.find(rp.secret()), std::string::npos);
  EXPECT_FALSE(c.as_object().contains("client_secret"));

  // The secret is stored only as a keyed hash.
  auto rows = server_.app().db().Query("SELECT secret_hash FROM oidc_clients");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Bytes(0).find(rp.secret()), std::string::npos);

  auto entries = server_.app().audit().List(100, "", rp.client_id());
  ASSERT_TRUE(entries.ok());
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ(entries->front().event.action, "oidc.client.register");

  // Citizens may not register or list clients; bad registrations are 422.
  EXPECT_EQ(citizen_.Get("/api/v1/admin/oidc/clients").status, 403);
  Reply bad = admin_.Post("/api/v1/admin/oidc/clients",
                          {{"name", "x"},
                           {"redirect_uris", {"http://evil.example.com/cb", "https://a/cb#frag"}},
                           {"scopes", {"profile", "id_number"}}});
  EXPECT_EQ(bad.status, 422) << bad.raw;
  std::set<std::string> paths;
  for (const auto& e : bad.body.at("errors").as_array())
    paths.insert(std::string(e.at("path").as_string()));
  EXPECT_EQ(paths, (std::set<std::string>{"$.redirect_uris[0]", "$.redirect_uris[1]", "$.scopes",
                                          "$.scopes[1]"}));
}

TEST_F(OidcFlowTest, SigningKeyIsSealedAndSharedByNodes) {
  TestClient anon(server_.port());
  std::string kid(anon.Get("/oauth2/jwks").body.at("keys").at(0).at("kid").as_string());
  auto rows = server_.app().db().Query("SELECT public_key, secret_enc FROM oidc_signing_keys");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  std::string pk = (*rows)[0].Bytes(0);
  EXPECT_EQ((*rows)[0].Bytes(1).find(pk), std::string::npos);  // secret key (seed||pk) sealed

  // A second node on the same database and key file signs with the same key.
  TestServer second("sqlite:" + server_.dir() + "/ow.db", true, server_.dir() + "/master.key");
  TestClient other(second.port());
  EXPECT_EQ(Str(other.Get("/oauth2/jwks").body.at("keys").at(0).at("kid")), kid);
}

// The issuer is configuration, never the request: a Host header naming another site changes
// neither the discovery document (cached by clients and proxies) nor the tokens.
TEST_F(OidcFlowTest, HostHeaderDoesNotChangeTheIssuer) {
  RelyingPlatform rp(server_, admin_, "tax", {"openid"});
  EXPECT_EQ(rp.Issuer(), "http://127.0.0.1:" + std::to_string(server_.port()));  // the default
  TestClient anon(server_.port());
  Reply d =
      anon.Call("GET", "/.well-known/openid-configuration", nullptr, {{"Host", "evil.example"}});
  ASSERT_EQ(d.status, 200) << d.raw;
  EXPECT_EQ(Str(d.body.at("issuer")), rp.Issuer());
  EXPECT_EQ(Str(d.body.at("jwks_uri")), rp.Issuer() + "/oauth2/jwks");
  EXPECT_EQ(d.raw.find("evil.example"), std::string::npos) << d.raw;
}

TEST(OidcIssuerTest, ConfiguredPublicUrlIsTheIssuerWhateverTheHost) {
  const std::string url = "https://onewindow.example";
  TestServer server([&](app::AppConfig& c) { c.public_url = url; });
  TestClient admin(server.port());
  MakeAdmin(server, admin, kAdminId);
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("张小三", kCitizenId);
  RelyingPlatform rp(server, admin, "tax", {"openid"});
  ASSERT_EQ(rp.Issuer(), url);

  TestClient anon(server.port());
  for (const char* host : {"evil.example", "127.0.0.1"}) {
    Reply d = anon.Call("GET", "/.well-known/openid-configuration", nullptr, {{"Host", host}});
    ASSERT_EQ(d.status, 200) << d.raw;
    EXPECT_EQ(Str(d.body.at("issuer")), url);
    EXPECT_EQ(Str(d.body.at("authorization_endpoint")), url + "/oauth2/authorize");
    EXPECT_EQ(Str(d.body.at("token_endpoint")), url + "/oauth2/token");
    EXPECT_EQ(Str(d.body.at("jwks_uri")), url + "/oauth2/jwks");
  }
  // The authorization response's iss and the ID token's iss are the configured URL too (the
  // platform's requests name 127.0.0.1:<port> in Host).
  AuthRequest r = rp.NewRequest("openid");
  std::string code = rp.Approve(citizen, r);  // checks iss = url
  Reply t = rp.RedeemCode(code, r.verifier);
  ASSERT_EQ(t.status, 200) << t.raw;
  IdToken tok = rp.Verify(Str(t.body.at("id_token")));
  EXPECT_TRUE(tok.signature_ok);
  EXPECT_EQ(Str(tok.claims.at("iss")), url);
}

// The consent screen's data (and every other response) carries the security headers: no
// framing (clickjacking of the approve button), no referrer, a strict CSP.
TEST_F(OidcFlowTest, ConsentResponsesCarrySecurityHeaders) {
  RelyingPlatform rp(server_, admin_, "tax", {"openid"});
  Reply consent = rp.GetAuthorize(citizen_, rp.NewRequest("openid"));
  ASSERT_EQ(consent.status, 200) << consent.raw;
  EXPECT_NE(consent.response.Header("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(consent.response.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(consent.response.Header("Referrer-Policy"), "no-referrer");
  TestClient browser(server_.port());
  Reply page = browser.Call("GET", rp.AuthorizeTarget(rp.NewRequest("openid")), nullptr,
                            {{"Accept", "text/html"}});
  EXPECT_EQ(page.status, 302);  // to the login page
  EXPECT_EQ(page.response.Header("X-Frame-Options"), "DENY");
  EXPECT_FALSE(page.response.Header("Content-Security-Policy").empty());
}

}  // namespace
}  // namespace ow::testing
