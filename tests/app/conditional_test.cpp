// Conditional GETs: public, read-heavy answers carry an ETag and answer 304 to a matching
// If-None-Match (so HAProxy, a CDN or a browser revalidates cheaply); personal answers carry
// neither and stay no-store.
#include "http/conditional.h"

#include <gtest/gtest.h>

#include "support/test_server.h"

namespace ow::testing {
namespace {

http::Request WithIfNoneMatch(std::string value) {
  http::Request req;
  req.method = http::Method::kGet;
  req.headers["If-None-Match"] = std::move(value);
  return req;
}

TEST(ConditionalTest, IfNoneMatchListsWeakTagsAndStar) {
  const std::string tag = http::BodyETag("{\"a\":1}");
  EXPECT_EQ(tag.size(), 18u);
  EXPECT_NE(tag, http::BodyETag("{\"a\":2}"));
  EXPECT_TRUE(http::IfNoneMatchHits(WithIfNoneMatch(tag), tag));
  EXPECT_TRUE(http::IfNoneMatchHits(WithIfNoneMatch("\"x\", W/" + tag), tag));
  EXPECT_TRUE(http::IfNoneMatchHits(WithIfNoneMatch("*"), tag));
  EXPECT_FALSE(http::IfNoneMatchHits(WithIfNoneMatch("\"x\",\"y\""), tag));
  EXPECT_FALSE(http::IfNoneMatchHits(WithIfNoneMatch(""), tag));
  EXPECT_FALSE(http::IfNoneMatchHits(http::Request{}, tag));
}

TEST(ConditionalTest, OnlyPublicCacheableGetsGetValidators) {
  auto answer = [](std::string cache_control, http::Method m = http::Method::kGet) {
    http::Request req = WithIfNoneMatch(http::BodyETag("body"));
    req.method = m;
    http::Response r = http::Response::Json(200, "body");
    if (!cache_control.empty()) r.Set("Cache-Control", cache_control);
    http::AddValidators(req, r);
    return r;
  };
  http::Response hit = answer("public, max-age=60");
  EXPECT_EQ(hit.status, 304);
  EXPECT_TRUE(hit.body.empty());
  EXPECT_FALSE(hit.Get("Content-Type").has_value());
  EXPECT_EQ(hit.Get("ETag").value_or(""), http::BodyETag("body"));
  EXPECT_EQ(answer("no-cache").status, 304);
  EXPECT_EQ(answer("public, s-maxage=60").status, 304);  // shared caches only; browsers revalidate
  for (const char* cc :
       {"no-store", "private, max-age=60", "public, max-age=31536000, immutable"}) {
    http::Response r = answer(cc);
    EXPECT_EQ(r.status, 200) << cc;
    EXPECT_FALSE(r.Get("ETag").has_value()) << cc;
  }
  EXPECT_EQ(answer("public, max-age=60", http::Method::kPost).status, 200);
}

TEST(ConditionalTest, PublicDocumentsRevalidateAndPersonalOnesDoNot) {
  TestServer server;
  TestClient anon(server.port());
  for (const char* path : {"/api/v1/hall/items", "/api/v1/hall/stats", "/api/v1/exchange/services",
                           "/api/v1/trust-list", "/api/v1/risk-areas", "/api/v1/texts"}) {
    Reply first = anon.Get(path);
    ASSERT_EQ(first.status, 200) << path << first.raw;
    const std::string tag = first.response.Header("ETag");
    ASSERT_FALSE(tag.empty()) << path;
    const std::string cc = first.response.Header("Cache-Control");
    EXPECT_TRUE(cc.find("public") != std::string::npos || cc == "no-cache") << path << " " << cc;
    Reply again = anon.Call("GET", path, nullptr, {{"If-None-Match", tag}});
    EXPECT_EQ(again.status, 304) << path;
    EXPECT_TRUE(again.raw.empty()) << path;
    EXPECT_EQ(again.response.Header("ETag"), tag) << path;
    Reply other = anon.Call("GET", path, nullptr, {{"If-None-Match", "\"0000000000000000\""}});
    EXPECT_EQ(other.status, 200) << path;
  }
  TestClient citizen(server.port());
  citizen.RegisterAndLogin("李四", "330104199003071233");
  Reply me = citizen.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_TRUE(me.response.Header("ETag").empty());
  EXPECT_EQ(me.response.Header("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace ow::testing
