// Health, readiness, metrics, request ids, limits, problem+json, test clock, static files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_server.h"

namespace ow::testing {
namespace {

TEST(PlatformApiTest, HealthReadyMetricsAndRequestId) {
  TestServer server;
  TestClient c(server.port());
  Reply h = c.Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_FALSE(h.response.Header("X-Request-Id").empty());
  EXPECT_EQ(c.Get("/readyz").status, 200);
  c.Get("/nope/such");
  Reply m = c.Get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.raw.find("onewindow_http_requests_total{route=\"/healthz\",method=\"GET\","
                       "status=\"200\"} 1"),
            std::string::npos)
      << m.raw;
  EXPECT_NE(m.raw.find("onewindow_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.raw.find("onewindow_db_pool_size"), std::string::npos);
  // The default store is SQLite: its write-ahead log is watched (migrations committed to it).
  EXPECT_NE(m.raw.find("\nonewindow_sqlite_checkpoints "), std::string::npos) << m.raw;
  EXPECT_EQ(m.raw.find("\nonewindow_sqlite_wal_pages 0\n"), std::string::npos) << m.raw;
  EXPECT_NE(m.raw.find("\nonewindow_change_feed_fresh 1\n"), std::string::npos);  // caches in use
  // A sane incoming request id is echoed.
  Reply echoed = c.Call("GET", "/healthz", nullptr, {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(echoed.response.Header("X-Request-Id"), "abc-123");
}

TEST(PlatformApiTest, UnknownRouteAndWrongMethodAreProblems) {
  TestServer server;
  TestClient c(server.port());
  Reply nf = c.Get("/api/v1/nothing");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.ContentType(), "application/problem+json");
  Reply wm = c.Call("PUT", "/api/v1/citizens");
  EXPECT_EQ(wm.status, 405);
  EXPECT_EQ(wm.response.Header("Allow"), "POST");
}

TEST(PlatformApiTest, BodyOverOneMebibyteIs413) {
  TestServer server;
  TestClient c(server.port());
  std::string big(1024 * 1024 + 10, 'x');
  Reply r = c.CallRaw("POST", "/api/v1/citizens", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.ContentType(), "application/problem+json");
}

// A JSON body sent as text/plain (or with no type, or as a form) was parsed: now 415, and
// nothing is done with it. This also keeps simple cross-site form posts out of JSON routes.
TEST(PlatformApiTest, JsonBodyNotDeclaredAsJsonIs415) {
  TestServer server;
  TestClient c(server.port());
  const std::string id = MakeResidentId("330104", "19900101", 41);
  const std::string body = json::serialize(
      json::object{{"name", "张三"}, {"id_number", id}, {"password", "correct horse 1"}});
  for (const char* type :
       {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
        "application/json; charset=latin1"}) {
    Reply r = c.CallRaw("POST", "/api/v1/citizens", body, {{"Content-Type", type}});
    EXPECT_EQ(r.status, 415) << type << " " << r.raw;
    EXPECT_EQ(r.ContentType(), "application/problem+json");
    EXPECT_EQ(r.body.at("type").as_string(),
              "https://onewindow.gov.cn/problems/unsupported_media_type");
  }
  // Without any Content-Type (the test client would add one: raw HTTP).
  http::Client raw("127.0.0.1", server.port());
  auto none = raw.SendRaw("POST /api/v1/citizens HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->status, 415) << none->body;
  // None of them registered anybody; with the JSON type (and a charset) the same body does.
  Reply ok = c.CallRaw("POST", "/api/v1/citizens", body,
                       {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

// {"name": .., "name": ..} kept the last value; a repeated key is now refused with its path.
TEST(PlatformApiTest, RepeatedJsonKeyIs400WithItsPath) {
  TestServer server;
  TestClient c(server.port());
  const std::string id = MakeResidentId("330104", "19900101", 42);
  Reply r = c.CallRaw(
      "POST", "/api/v1/citizens",
      R"({"name":"张三","id_number":")" + id + R"(","password":"correct horse 1","name":"李四"})");
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.ContentType(), "application/problem+json");
  ASSERT_TRUE(r.body.is_object()) << r.raw;
  EXPECT_EQ(r.body.at("errors").at(0).at("path").as_string(), "$.name");
  EXPECT_EQ(r.body.at("errors").at(0).at("code").as_string(), "duplicate_key");
  // Nothing was registered: the same person can register with one name.
  Reply ok = c.Post("/api/v1/citizens",
                    {{"name", "张三"}, {"id_number", id}, {"password", "correct horse 1"}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST(PlatformApiTest, MalformedHttpIs400) {
  TestServer server;
  http::Client raw("127.0.0.1", server.port());
  auto r = raw.SendRaw("GARBAGE\r\n\r\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
}

TEST(PlatformApiTest, TestClockOnlyWithFlag) {
  TestServer with_clock;
  TestClient c(with_clock.port());
  Reply set = c.Post("/api/v1/test/clock", {{"now", "2026-02-10T08:00:00+08:00"}});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body.at("now").as_string().subview(0, 16), "2026-02-10T00:00");
  Reply adv = c.Post("/api/v1/test/clock", {{"advance_days", 3}});
  EXPECT_EQ(adv.body.at("now").as_string().subview(0, 10), "2026-02-13");
  EXPECT_EQ(c.Post("/api/v1/test/clock", {{"advance_days", "x"}}).status, 422);
  Reply now = c.Get("/api/v1/test/clock");
  ASSERT_EQ(now.status, 200) << now.raw;
  EXPECT_EQ(now.body.at("now").as_string().subview(0, 10), "2026-02-13");

  TestServer without("", /*test_clock=*/false);
  TestClient d(without.port());
  EXPECT_EQ(d.Post("/api/v1/test/clock", {{"advance_days", 3}}).status, 404);
}

// The test clock's arithmetic is checked: an instant or a move that would leave
// 1970..2200 (system_clock's nanoseconds overflow near 2262) is refused with 422, the path
// and out_of_range, and the clock does not move.
TEST(PlatformApiTest, TestClockRefusesInstantsItCannotShow) {
  TestServer server;
  TestClient c(server.port());
  ASSERT_EQ(c.Post("/api/v1/test/clock", {{"now", "2199-06-01T00:00:00Z"}}).status, 200);
  struct Case {
    json::object body;
    const char* path;
  };
  for (const auto& [body, path] : {Case{{{"now", "0001-01-01T00:00:00Z"}}, "$.now"},
                                   Case{{{"now", "2262-05-01T00:00:00Z"}}, "$.now"},
                                   Case{{{"advance_seconds", 1e300}}, "$.advance_seconds"},
                                   Case{{{"advance_seconds", -1e19}}, "$.advance_seconds"},
                                   Case{{{"advance_days", 365}}, "$.advance_days"}}) {
    Reply r = c.Post("/api/v1/test/clock", body);
    EXPECT_EQ(r.status, 422) << json::serialize(body) << r.raw;
    ASSERT_TRUE(r.body.is_object() && r.body.as_object().contains("errors")) << r.raw;
    EXPECT_EQ(r.body.at("errors").at(0).at("path").as_string(), path) << r.raw;
    EXPECT_EQ(r.body.at("errors").at(0).at("code").as_string(), "out_of_range") << r.raw;
  }
  Reply now = c.Get("/api/v1/test/clock");
  ASSERT_EQ(now.status, 200) << now.raw;
  EXPECT_EQ(now.body.at("now").as_string().subview(0, 10), "2199-06-01");
}

TEST(PlatformApiTest, Version) {
  TestServer server;
  TestClient c(server.port());
  Reply v = c.Get("/api/v1/version");
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_EQ(v.body.at("name"), "onewindow");
  EXPECT_FALSE(v.body.at("version").as_string().empty());
}

TEST(PlatformApiTest, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer server;
  http::Client client("127.0.0.1", server.port());
  for (int i = 0; i < 50; ++i) {
    auto r = client.Send("GET", "/healthz");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->Header("Connection"), "close");
  }
}

}  // namespace
}  // namespace ow::testing
