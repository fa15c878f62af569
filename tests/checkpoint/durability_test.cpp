// An acknowledged pass record survives `kill -9` of the server right after the response.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "checkpoint/pass_log.h"
#include "store/database.h"
#include "support/process.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

TEST(DurabilityTest, AcknowledgedScansSurviveKillNine) {
  TempDir dir;
  std::string db = "sqlite:" + dir.path() + "/ow.db";
  std::string key = dir.path() + "/master.key";
  RunResult boot =
      RunBinary({"admin", "bootstrap", "--db", db, "--key-file", key, "--name", "赵管理",
                 "--id-number", "330104197002200057", "--password", "admin password 1"});
  ASSERT_EQ(boot.exit_code, 0) << boot.output;
  int port = FreePort();
  auto serve = std::make_unique<ChildProcess>(std::vector<std::string>{
      "serve", "--db", db, "--key-file", key, "--port", std::to_string(port)});
  ASSERT_TRUE(WaitHealthy(port, 20000)) << serve->Output();

  TestClient admin(static_cast<uint16_t>(port));
  admin.Login("330104197002200057", "admin password 1");
  Reply place = admin.Post("/api/v1/places",
                           {{"name", "1号门"}, {"kind", "community_gate"}, {"region", "330104"}});
  ASSERT_EQ(place.status, 201) << place.raw;
  std::string place_id(place.body.at("place_id").as_string());
  TestClient citizen(static_cast<uint16_t>(port));
  citizen.RegisterAndLogin("张三", "330104199003071233");
  Reply code = citizen.Get("/api/v1/me/health-code");
  ASSERT_EQ(code.status, 200) << code.raw;
  std::string payload(code.body.at("payload").as_string());

  std::mutex mu;
  std::set<std::string> acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      http::Client c("127.0.0.1", static_cast<uint16_t>(port));
      std::string auth = "Bearer " + admin.token();
      for (int i = 0; !stop; ++i) {
        std::string id = "w" + std::to_string(t) + "-" + std::to_string(i);
        std::string body = "{\"payload\":\"" + payload + "\",\"place_id\":\"" + place_id +
                           "\",\"direction\":\"in\",\"client_id\":\"" + id + "\"}";
        auto r = c.Send("POST", "/api/v1/scans", body, {{"Authorization", auth}});
        if (!r.ok()) break;  // the server is gone
        if (r->status == 201) {
          std::lock_guard lock(mu);
          acked.insert(id);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  serve->Signal(SIGKILL);
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_EQ(serve->Wait(5000), 128 + SIGKILL);
  ASSERT_GT(acked.size(), 50u) << "too few scans were acknowledged to mean anything";

  auto database = store::Open(db);
  ASSERT_TRUE(database.ok());
  std::set<std::string> stored;
  {
    checkpoint::PassLog log(**database);
    ASSERT_TRUE(log.Scan(0, std::numeric_limits<int64_t>::max(),
                         [&](const checkpoint::PassRecord& r) {
                           if (r.client_id) stored.insert(*r.client_id);
                         })
                    .ok());
  }
  size_t missing = 0;
  for (const auto& id : acked) missing += stored.count(id) ? 0 : 1;
  EXPECT_EQ(missing, 0u) << "acknowledged records lost after kill -9 (of " << acked.size() << ")";
}

}  // namespace
}  // namespace ow::testing
