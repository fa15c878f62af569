// Security headers on every response (issue 19): a strict Content-Security-Policy that forbids
// framing, X-Frame-Options, Referrer-Policy, and Strict-Transport-Security behind HTTPS — on
// API answers, problems, static files of the web app and the OIDC endpoints alike.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_server.h"

namespace ow::testing {
namespace {

void ExpectSecurityHeaders(const Reply& r, const std::string& what) {
  std::string csp = r.response.Header("Content-Security-Policy");
  for (const char* directive :
       {"default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
        "frame-ancestors 'none'", "form-action 'self'", "connect-src 'self'"})
    EXPECT_NE(csp.find(directive), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(r.response.Header("X-Frame-Options"), "DENY") << what;
  EXPECT_EQ(r.response.Header("Referrer-Policy"), "no-referrer") << what;
  EXPECT_EQ(r.response.Header("X-Content-Type-Options"), "nosniff") << what;
}

TEST(SecurityHeadersTest, OnApiStaticAndOidcResponses) {
  TempDir web;
  std::filesystem::create_directories(web.path() + "/assets");
  std::ofstream(web.path() + "/index.html") << "<!doctype html><title>x</title>";
  std::ofstream(web.path() + "/assets/app-1.js") << "console.log(1)";
  TestServer server([&](app::AppConfig& c) { c.static_dir = web.path(); });
  TestClient c(server.port());

  Reply api = c.Get("/healthz");
  EXPECT_EQ(api.status, 200);
  ExpectSecurityHeaders(api, "GET /healthz");
  Reply problem = c.Get("/api/v1/me");
  EXPECT_EQ(problem.status, 401);
  ExpectSecurityHeaders(problem, "401 problem");
  Reply index = c.Get("/");
  EXPECT_EQ(index.status, 200);
  ExpectSecurityHeaders(index, "index.html");
  Reply spa = c.Get("/consent");  // the web app's consent screen
  EXPECT_EQ(spa.status, 200);
  ExpectSecurityHeaders(spa, "/consent");
  Reply asset = c.Get("/assets/app-1.js");
  EXPECT_EQ(asset.status, 200);
  ExpectSecurityHeaders(asset, "asset");
  Reply discovery = c.Get("/.well-known/openid-configuration");
  EXPECT_EQ(discovery.status, 200);
  ExpectSecurityHeaders(discovery, "discovery");
  Reply authorize = c.Get("/oauth2/authorize?client_id=nobody");
  ExpectSecurityHeaders(authorize, "authorize");
  // Plain HTTP: no HSTS (it would be ignored, and would mislead).
  EXPECT_EQ(api.response.Header("Strict-Transport-Security"), "");
}

TEST(SecurityHeadersTest, OnRequestsTheServerRefusesItself) {
  TestServer server;
  http::Client raw("127.0.0.1", server.port());
  auto r = raw.SendRaw("GARBAGE\r\n\r\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Header("X-Frame-Options"), "DENY");
  EXPECT_NE(r->Header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r->Header("Referrer-Policy"), "no-referrer");
}

TEST(SecurityHeadersTest, StrictTransportSecurityWithSecureCookies) {
  TestServer server([](app::AppConfig& c) { c.secure_cookies = true; });
  TestClient c(server.port());
  for (const char* target : {"/healthz", "/api/v1/me", "/.well-known/openid-configuration"}) {
    Reply r = c.Get(target);
    EXPECT_EQ(r.response.Header("Strict-Transport-Security"), "max-age=31536000") << target;
    ExpectSecurityHeaders(r, target);
  }
}

}  // namespace
}  // namespace ow::testing
