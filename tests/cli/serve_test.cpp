// `onewindow serve` as a process: readiness, graceful drain on SIGTERM, the public URL (OIDC
// issuer), and two nodes on one PostgreSQL database behaving as one service.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <thread>

#include "support/pg_test_db.h"
#include "support/process.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

TEST(ServeTest, ServesAndDrainsOnSigterm) {
  TempDir dir;
  int port = FreePort();
  ChildProcess serve({"serve", "--db", "sqlite:" + dir.path() + "/ow.db", "--key-file",
                      dir.path() + "/k", "--port", std::to_string(port)});
  ASSERT_TRUE(WaitHealthy(port, 20000)) << serve.Output();
  http::Client keepalive("127.0.0.1", static_cast<uint16_t>(port));
  auto r = keepalive.Send("GET", "/readyz");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  // The idle keep-alive connection must not hold the drain up.
  serve.Signal(SIGTERM);
  int code = serve.Wait(10000);
  EXPECT_EQ(code, 0) << serve.Output();
  EXPECT_NE(serve.Output().find("draining"), std::string::npos);
}

TEST(ServeTest, AcceptsTheOverloadOptions) {
  TempDir dir;
  int port = FreePort();
  ChildProcess serve({"serve", "--db", "sqlite:" + dir.path() + "/ow.db", "--key-file",
                      dir.path() + "/k", "--port", std::to_string(port), "--hashing-workers", "1",
                      "--hashing-queue", "4", "--max-inflight-scans", "8", "--max-inflight-reads",
                      "8", "--max-inflight-writes", "0"});
  ASSERT_TRUE(WaitHealthy(port, 20000)) << serve.Output();
  TestClient c(static_cast<uint16_t>(port));
  EXPECT_EQ(c.Post("/api/v1/citizens", {{"name", "张三"},
                                        {"id_number", "330104199003071233"},
                                        {"password", "correct horse 1"}})
                .status,
            201);
}

TEST(ServeTest, TestClockRouteRefusedWithoutFlag) {
  TempDir dir;
  int port = FreePort();
  ChildProcess serve({"serve", "--db", "sqlite:" + dir.path() + "/ow.db", "--key-file",
                      dir.path() + "/k", "--port", std::to_string(port)});
  ASSERT_TRUE(WaitHealthy(port, 20000)) << serve.Output();
  TestClient c(static_cast<uint16_t>(port));
  EXPECT_EQ(c.Post("/api/v1/test/clock", {{"advance_days", 1}}).status, 404);
}

// --public-url is the OIDC issuer whatever the Host header says; a URL that is not plain
// http(s) is refused at start.
TEST(ServeTest, PublicUrlIsTheIssuer) {
  TempDir dir;
  int port = FreePort();
  ChildProcess serve({"serve", "--db", "sqlite:" + dir.path() + "/ow.db", "--key-file",
                      dir.path() + "/k", "--port", std::to_string(port), "--public-url",
                      "https://onewindow.example/"});
  ASSERT_TRUE(WaitHealthy(port, 20000)) << serve.Output();
  TestClient c(static_cast<uint16_t>(port));
  Reply d = c.Call("GET", "/.well-known/openid-configuration", nullptr, {{"Host", "evil.example"}});
  ASSERT_EQ(d.status, 200) << d.raw;
  EXPECT_EQ(d.body.at("issuer"), "https://onewindow.example");
  EXPECT_EQ(d.body.at("jwks_uri"), "https://onewindow.example/oauth2/jwks");
  for (const char* bad : {"ftp://onewindow.example", "onewindow.example", "https://a.example/?x=1",
                          "https://user@a.example"}) {
    RunResult r = RunBinary({"serve", "--db", "sqlite:" + dir.path() + "/bad.db", "--key-file",
                             dir.path() + "/k", "--port", "0", "--public-url", bad});
    EXPECT_NE(r.exit_code, 0) << bad;
    EXPECT_NE(r.output.find("public URL"), std::string::npos) << bad << ": " << r.output;
  }
}

TEST(ServeTest, TwoNodesOnOnePostgresAreOneService) {
  PgTestDatabase pg;
  OW_REQUIRE_PG_OR_SKIP(pg);
  TempDir dir;
  std::string key = dir.path() + "/shared.key";
  int port_a = FreePort(), port_b = FreePort();
  // Migrate once first so the nodes start together without racing on DDL.
  RunResult m = RunBinary({"migrate", "--db", pg.url(), "--key-file", key});
  ASSERT_EQ(m.exit_code, 0) << m.output;
  ChildProcess a({"serve", "--db", pg.url(), "--key-file", key, "--port", std::to_string(port_a)});
  ChildProcess b({"serve", "--db", pg.url(), "--key-file", key, "--port", std::to_string(port_b)});
  ASSERT_TRUE(WaitHealthy(port_a, 20000)) << a.Output();
  ASSERT_TRUE(WaitHealthy(port_b, 20000)) << b.Output();

  TestClient on_a(static_cast<uint16_t>(port_a));
  std::string token = on_a.RegisterAndLogin("张三", "330104199003071233");
  TestClient on_b(static_cast<uint16_t>(port_b));
  on_b.SetToken(token);
  Reply me = on_b.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body.at("id_number").as_string(), "330104199003071233");
  // Duplicate registration through the other node is still a conflict.
  TestClient anon_b(static_cast<uint16_t>(port_b));
  EXPECT_EQ(anon_b
                .Post("/api/v1/citizens", {{"name", "张三"},
                                           {"id_number", "330104199003071233"},
                                           {"password", "another pw 12"}})
                .status,
            409);
  // Logging out on B ends the session on A at once.
  EXPECT_EQ(on_b.Call("DELETE", "/api/v1/sessions/current").status, 204);
  EXPECT_EQ(on_a.Get("/api/v1/me").status, 401);
  Reply ready = on_b.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
}

// Issue 24: `serve --demo` gives the demo checkpoint account (demo-community) places to scan at
// (a community gate, a venue and a hospital), each assigned to it; loading again adds none. An
// unknown place at a scan is a 404 that names $.place_id (code unknown_place).
TEST(ServeTest, DemoDataGivesTheCheckpointAccountPlaces) {
  TempDir dir;
  auto places_seen = [&](int port) {
    TestClient c(static_cast<uint16_t>(port));
    c.Login("350102198001010038", "demo-community");
    Reply r = c.Get("/api/v1/places");
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> kinds;
    if (r.status != 200) return kinds;
    Reply me = c.Get("/api/v1/me");
    for (const auto& p : r.body.at("places").as_array()) {
      kinds.emplace_back(p.at("kind").as_string());
      // The account works in 福州市鼓楼区 (350102); the internet hospital's demo place is in
      // Hangzhou and has staff of its own.
      if (p.at("region").as_string() != "350102") continue;
      std::string scope = "place:" + std::string(p.at("place_id").as_string());
      bool assigned = false;
      for (const auto& g : me.body.at("roles").as_array())
        assigned = assigned || (g.at("role").as_string() == "checkpoint_staff" &&
                                g.at("scope").as_string() == scope);
      EXPECT_TRUE(assigned) << scope << " " << me.raw;
    }
    Reply scan = c.Post("/api/v1/scans", {{"payload", "HC1:x"}, {"place_id", "no-such-place"}});
    EXPECT_EQ(scan.status, 404) << scan.raw;
    EXPECT_EQ(scan.body.at("errors").at(0).at("path").as_string(), "$.place_id") << scan.raw;
    EXPECT_EQ(scan.body.at("errors").at(0).at("code").as_string(), "unknown_place") << scan.raw;
    std::sort(kinds.begin(), kinds.end());
    return kinds;
  };
  const std::vector<std::string> expected = {"community_gate", "hospital", "hospital", "venue"};
  for (int run = 0; run < 2; ++run) {
    int port = FreePort();
    ChildProcess serve({"serve", "--db", "sqlite:" + dir.path() + "/ow.db", "--key-file",
                        dir.path() + "/k", "--port", std::to_string(port), "--demo"});
    ASSERT_TRUE(WaitHealthy(port, 60000)) << serve.Output();
    EXPECT_EQ(places_seen(port), expected) << "run " << run;
    serve.Signal(SIGTERM);
    EXPECT_EQ(serve.Wait(10000), 0) << serve.Output();
  }
}

}  // namespace
}  // namespace ow::testing
