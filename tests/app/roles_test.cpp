// Every protected route refuses callers without credentials (401) and callers whose roles
// do not fit (403). Routes are taken from the live router, so new routes are covered too.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_server.h"

namespace ow::testing {
namespace {

std::string Fill(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex("\\{\\*?[a-z_]+\\}"), "x0");
}

TEST(RolesTest, EveryProtectedRouteChecksAuthAndRoles) {
  TestServer server;
  TestClient anonymous(server.port());
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("张三", "330104199003071233");
  int checked = 0;
  for (const auto& route : server.app().router().Routes()) {
    if (route.access.public_route) continue;
    std::string target = Fill(route.pattern);
    const char* method = http::MethodName(route.method);
    Reply unauth = anonymous.Call(method, target, json::object{});
    EXPECT_EQ(unauth.status, 401) << method << " " << route.pattern;
    EXPECT_EQ(unauth.ContentType(), "application/problem+json");
    bool citizen_allowed = route.access.roles.empty();
    for (Role r : route.access.roles) citizen_allowed = citizen_allowed || r == Role::kCitizen;
    if (citizen_allowed) continue;
    Reply wrong = citizen.Call(method, target, json::object{});
    EXPECT_EQ(wrong.status, 403) << method << " " << route.pattern << " " << wrong.raw;
    ++checked;
  }
  EXPECT_GT(checked, 3);
}

TEST(RolesTest, BadBearerTokenIs401EvenOnPublicRoute) {
  TestServer server;
  TestClient c(server.port());
  c.SetToken("not-a-real-token");
  Reply r = c.Get("/api/v1/me");
  EXPECT_EQ(r.status, 401);
}

}  // namespace
}  // namespace ow::testing
