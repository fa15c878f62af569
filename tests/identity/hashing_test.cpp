// Password hashing runs on its own bounded pool, never on the HTTP I/O threads: with one I/O
// thread and one hashing worker with a queue of one, a flood of registrations and logins gets
// 503 + Retry-After beyond the queue (and no other 5xx), and /healthz sent during the flood is
// answered before the flood's last hashing request.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "support/backend_test.h"
#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

class HashingPoolTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    TestServerOptions o;
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      o.db_url = pg_.url();
    }
    o.io_threads = 1;
    o.configure = [](app::AppConfig& c) {
      c.hashing_workers = 1;
      c.hashing_queue = 1;
    };
    server_ = std::make_unique<TestServer>(o);
  }

  PgTestDatabase pg_;
  std::unique_ptr<TestServer> server_;
};

TEST_P(HashingPoolTest, FloodGets503WithRetryAfterAndHealthzIsNotQueuedBehindIt) {
  if (!server_) return;
  constexpr int kFlood = 12;
  struct Outcome {
    int status = 0;
    std::string retry_after;
    std::string content_type;
    int done_at = 0;  // order of completion among all requests of the test
  };
  std::vector<Outcome> out(kFlood);
  std::atomic<int> order{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> flood;
  for (int i = 0; i < kFlood; ++i) {
    flood.emplace_back([&, i] {
      TestClient c(server_->port());
      ++ready;
      while (ready.load() < kFlood) std::this_thread::yield();
      // Registrations of new people, and logins of an unknown ID (the timing-equalising
      // dummy hash).
      Reply r = i % 2 == 0 ? c.Post("/api/v1/citizens",
                                    {{"name", "张三"},
                                     {"id_number", MakeResidentId("330104", "19900307", i + 1)},
                                     {"password", "correct horse 1"}})
                           : c.Post("/api/v1/sessions",
                                    {{"id_number", MakeResidentId("330104", "19800101", i + 1)},
                                     {"password", "correct horse 1"}});
      out[i] = {r.status, r.response.Header("Retry-After"), r.ContentType(), ++order};
    });
  }
  // Wait until the pool is full (one hash running, one queued), then probe.
  BlockingPool& pool = server_->app().hashing_pool();
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool full = false;
  while (!full && std::chrono::steady_clock::now() < give_up) {
    auto s = pool.stats();
    full = s.running == 1 && s.queued == 1;
    if (!full) std::this_thread::yield();
  }
  TestClient probe(server_->port());
  Reply health = probe.Get("/healthz");
  int health_at = ++order;
  for (auto& t : flood) t.join();
  EXPECT_TRUE(full) << "the hashing pool never held one running and one queued request";

  EXPECT_EQ(health.status, 200);
  int refused = 0, last_hashed = 0;
  for (const Outcome& o : out) {
    if (o.status == 503) {
      ++refused;
      EXPECT_EQ(o.retry_after, "1");
      EXPECT_EQ(o.content_type, "application/problem+json");
    } else {
      EXPECT_LT(o.status, 500) << "no 5xx but the queue's 503";  // 201, 401 (or throttled)
      last_hashed = std::max(last_hashed, o.done_at);
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_LT(refused, kFlood);
  EXPECT_LT(health_at, last_hashed) << "/healthz waited for the hashing flood";
  EXPECT_GT(pool.stats().refused, 0u);
}

OW_INSTANTIATE_BACKENDS(HashingPoolTest);

}  // namespace
}  // namespace ow::testing
