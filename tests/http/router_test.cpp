// Router: literal and {param} segments, {*rest} captures, specificity and method mismatch;
// per-route body limits; request header names.
#include "http/router.h"

#include <gtest/gtest.h>

namespace ow::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name); };
}

std::string Call(const Router::Match& m) {
  Request req;
  return (*m.handler)(req).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    r.Add(Method::kGet, "/healthz", Public(), Named("healthz"));
    r.Add(Method::kGet, "/api/v1/places/{id}", AnyUser(), Named("place"));
    r.Add(Method::kGet, "/api/v1/places/{id}/passes", AnyUser(), Named("passes"));
    r.Add(Method::kGet, "/api/v1/places/stats", AnyUser(), Named("stats"));
    r.Add(Method::kPost, "/api/v1/places", AnyUser(), Named("create"));
    r.Add(Method::kGet, "/static/{*path}", Public(), Named("static"));
  }
  std::optional<Router::Match> Find(Method m, std::string_view path) {
    allowed.clear();
    return r.Find(m, path, &mismatch, &allowed);
  }
  Router r;
  bool mismatch = false;
  std::vector<Method> allowed;
};

TEST_F(RouterTest, LiteralAndParameterSegments) {
  auto m = Find(Method::kGet, "/api/v1/places/p-42");
  ASSERT_TRUE(m);
  EXPECT_EQ(Call(*m), "place");
  EXPECT_EQ(m->params.at("id"), "p-42");
  m = Find(Method::kGet, "/api/v1/places/p-42/passes");
  ASSERT_TRUE(m);
  EXPECT_EQ(Call(*m), "passes");
  EXPECT_EQ(m->params.at("id"), "p-42");
  // Empty segments are ignored, as before.
  m = Find(Method::kGet, "//healthz/");
  ASSERT_TRUE(m);
  EXPECT_EQ(Call(*m), "healthz");
}

TEST_F(RouterTest, MostLiteralPatternWins) {
  auto m = Find(Method::kGet, "/api/v1/places/stats");
  ASSERT_TRUE(m);
  EXPECT_EQ(Call(*m), "stats");
  EXPECT_TRUE(m->params.empty());
}

TEST_F(RouterTest, RestCapturesTheRemainder) {
  auto m = Find(Method::kGet, "/static/assets/app.js");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params.at("path"), "assets/app.js");
  m = Find(Method::kGet, "/static");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->params.at("path"), "");
  EXPECT_FALSE(Find(Method::kGet, "/"));
}

TEST_F(RouterTest, MethodMismatchListsAllowedMethods) {
  EXPECT_FALSE(Find(Method::kDelete, "/api/v1/places"));
  EXPECT_TRUE(mismatch);
  ASSERT_EQ(allowed.size(), 1u);
  EXPECT_EQ(allowed[0], Method::kPost);
  EXPECT_FALSE(Find(Method::kGet, "/api/v1/nothing"));
  EXPECT_FALSE(mismatch);
  // HEAD is served by the GET route.
  auto m = Find(Method::kHead, "/healthz");
  ASSERT_TRUE(m);
  EXPECT_EQ(Call(*m), "healthz");
}

TEST_F(RouterTest, ShorterOrLongerPathsDoNotMatch) {
  EXPECT_FALSE(Find(Method::kGet, "/api/v1/places/p-1/passes/extra"));
  EXPECT_FALSE(Find(Method::kGet, "/api/v1"));
}

}  // namespace
}  // namespace ow::http

namespace ow::http {
namespace {

TEST_F(RouterTest, BodyLimitsBelongToTheirRouteOnly) {
  EXPECT_EQ(r.MaxBodyLimit(), 0u);
  r.SetBodyLimit(Method::kGet, "/api/v1/places/{id}/passes", 5000);
  EXPECT_EQ(r.BodyLimit(Method::kGet, "/api/v1/places/p-1/passes"), 5000u);
  EXPECT_EQ(r.BodyLimit(Method::kGet, "/api/v1/places/p-1"), 0u);          // another route
  EXPECT_EQ(r.BodyLimit(Method::kPost, "/api/v1/places/p-1/passes"), 0u);  // another method
  EXPECT_EQ(r.BodyLimit(Method::kGet, "/nowhere"), 0u);
  r.SetBodyLimit(Method::kPost, "/api/v1/places", 300);
  EXPECT_EQ(r.MaxBodyLimit(), 5000u);
  EXPECT_EQ(r.BodyLimit(Method::kPost, "/api/v1/places"), 300u);
}

TEST(RequestHeadersTest, NamesAreCaseInsensitiveAsciiTokens) {
  Request req;
  req.headers["Content-Type"] = "application/json";
  req.headers["X-Request-Id"] = "abc";
  EXPECT_EQ(req.Header("content-type").value_or(""), "application/json");
  EXPECT_EQ(req.Header("CONTENT-TYPE").value_or(""), "application/json");
  EXPECT_EQ(req.Header("x-request-id").value_or(""), "abc");
  EXPECT_FALSE(req.Header("x_request-id"));  // '_' is not '-'
  EXPECT_FALSE(req.Header("content-typ"));
  req.headers["content-type"] = "text/plain";  // the same header, replaced
  EXPECT_EQ(req.headers.size(), 2u);
  EXPECT_EQ(req.Header("Content-Type").value_or(""), "text/plain");
}

}  // namespace
}  // namespace ow::http
