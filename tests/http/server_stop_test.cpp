// A stopping node (issue 25). With a pre-stop time, Stop() first fails /readyz (503) while it
// goes on serving everything else, so that HAProxy takes the node out of rotation before its
// port closes; a second Stop() drains at once, after which the port refuses connections.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "support/test_server.h"

namespace ow::testing {
namespace {

using std::chrono::milliseconds;

// Stop() is posted to the server's I/O threads: polls (bounded, not timed) for `status`.
Reply AwaitStatus(TestClient& c, const char* target, int status) {
  Reply r;
  for (int i = 0; i < 500; ++i) {
    r = c.Get(target);
    if (r.status == status) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return r;
}

bool PortRefuses(uint16_t port) {
  for (int i = 0; i < 500; ++i) {
    http::Client fresh("127.0.0.1", port, milliseconds(2000));
    if (!fresh.Send("GET", "/healthz").ok()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

TEST(ServerStopTest, PreStopFailsReadinessWhileServingThenDrainsOnASecondStop) {
  TestServerOptions o;
  o.pre_stop = std::chrono::minutes(10);  // only a second Stop() ends it within the test
  TestServer server(o);
  TestClient c(server.port());
  ASSERT_EQ(c.Get("/readyz").status, 200);

  server.server().Stop();
  Reply ready = AwaitStatus(c, "/readyz", 503);
  EXPECT_EQ(ready.status, 503) << ready.raw;
  EXPECT_EQ(ready.ContentType(), "application/problem+json");
  EXPECT_TRUE(ready.body.at("type").as_string().ends_with("/stopping")) << ready.raw;
  // Everything else is served as before, on new connections too.
  EXPECT_EQ(c.Get("/healthz").status, 200);
  TestClient other(server.port());
  EXPECT_EQ(other.Get("/api/v1/version").status, 200);
  std::string token = other.RegisterAndLogin("张三", MakeResidentId("110101", "19900307", 7));
  EXPECT_FALSE(token.empty());

  server.server().Stop();  // the second call skips the rest of the ten minutes
  EXPECT_TRUE(PortRefuses(server.port()));
}

TEST(ServerStopTest, WithoutPreStopTheReadinessNeverFailsAndThePortCloses) {
  TestServer server;
  TestClient c(server.port());
  ASSERT_EQ(c.Get("/readyz").status, 200);
  server.server().Stop();
  EXPECT_TRUE(PortRefuses(server.port()));
}

}  // namespace
}  // namespace ow::testing
