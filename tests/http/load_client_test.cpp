// The open-loop load generator (http::RunLoad, used by `onewindow bench load`) against a real
// test server: every measured arrival of the fixed schedule is accounted for (answered in a
// status class, failed, or unfinished), answers land in the right route and class, a flood
// group is reported apart, and a server that is not there is an error. No timing assertions:
// the number of arrivals follows from rate, connections and seconds alone.
#include "http/load_client.h"

#include <gtest/gtest.h>

#include "support/test_server.h"

namespace ow::http {
namespace {

int64_t Total(const LoadRouteResult& r) {
  int64_t n = r.errors + r.unfinished;
  for (const auto& v : r.latency_ms) n += static_cast<int64_t>(v.size());
  return n;
}

TEST(LoadClientTest, AccountsForEveryArrivalByRouteAndClass) {
  testing::TestServer server;
  LoadOptions o;
  o.port = server.port();
  // 4 connections at 200/s: each sends every 20 ms, offset by 5 ms; the measured window
  // [100 ms, 600 ms) holds 25 arrivals per connection.
  o.rate = 200;
  o.connections = 4;
  o.warmup_seconds = 0.1;
  o.seconds = 0.5;
  o.routes = {{"healthz", "GET", "/healthz", "", {}, 3},
              {"missing", "GET", "/api/v1/no-such-route", "", {}, 1}};
  o.flood_connections = 1;
  o.flood_routes = {{"flood_healthz", "GET", "/healthz", "", {}, 1}};
  auto res = RunLoad(o);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  ASSERT_EQ(res->routes.size(), 3u);
  const auto& healthz = res->routes[0];
  const auto& missing = res->routes[1];
  const auto& flood = res->routes[2];
  EXPECT_EQ(healthz.name, "healthz");
  EXPECT_FALSE(healthz.flood);
  EXPECT_EQ(Total(healthz) + Total(missing), 100);
  // The deterministic route choice follows the weights roughly, and each answer is classed.
  EXPECT_GT(healthz.latency_ms[kLoad2xx].size(), missing.latency_ms[kLoad4xx].size());
  EXPECT_GT(missing.latency_ms[kLoad4xx].size(), 0u);
  EXPECT_TRUE(healthz.latency_ms[kLoad4xx].empty());
  EXPECT_TRUE(healthz.latency_ms[kLoad503].empty());
  EXPECT_TRUE(missing.latency_ms[kLoad2xx].empty());
  EXPECT_EQ(healthz.errors + missing.errors, 0);
  // The flood is reported on its own (a closed loop: as many as it managed).
  EXPECT_EQ(flood.name, "flood_healthz");
  EXPECT_TRUE(flood.flood);
  EXPECT_GT(flood.latency_ms[kLoad2xx].size(), 0u);
  EXPECT_EQ(flood.unfinished, 0);
  EXPECT_DOUBLE_EQ(res->measured_seconds, 0.5);
}

TEST(LoadClientTest, RefusesBadOptionsAndAnAbsentServer) {
  LoadOptions o;
  o.port = 1;                                             // nothing listens there
  EXPECT_EQ(RunLoad(o).status().code(), Code::kInvalid);  // no routes
  o.routes = {{"healthz", "GET", "/healthz", "", {}, 1}};
  o.connections = 2;
  o.seconds = 0.1;
  EXPECT_EQ(RunLoad(o).status().code(), Code::kUnavailable);
  o.flood_connections = 1;  // without flood routes
  EXPECT_EQ(RunLoad(o).status().code(), Code::kInvalid);
}

}  // namespace
}  // namespace ow::http
