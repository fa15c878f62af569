#include "healthcode/hc_fixture.h"

#include <random>
#include <stdexcept>

#include "core/time.h"
#include "store/database.h"

namespace ow::testing {

HcServer::HcServer(std::string db_url, std::string rules_file) {
  app::AppConfig cfg;
  cfg.db_url = db_url.empty() ? "sqlite:" + dir_.path() + "/ow.db" : db_url;
  cfg.key_file = dir_.path() + "/master.key";
  cfg.test_clock = true;
  cfg.db_pool = 4;
  if (!rules_file.empty()) cfg.rules_file = rules_file;
  auto a = app::Application::Open(cfg);
  if (!a.ok()) throw std::runtime_error("HcServer: " + a.status().ToString());
  app_ = std::move(a).value();
  app_->test_clock()->Freeze(true);
  http::ServerOptions so;
  so.port = 0;
  so.threads = 4;
  so.drain_timeout = std::chrono::seconds(2);
  server_ = std::make_unique<http::Server>(app_->dispatcher(), so);
  Status s = server_->Start();
  if (!s.ok()) throw std::runtime_error("HcServer: " + s.ToString());
  thread_ = std::thread([this] { server_->Run(); });
}

HcServer::~HcServer() {
  server_->Stop();
  thread_.join();
}

void SetShanghai(TestClock& clock, int day, int hour, int minute) {
  int64_t ms = ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil({2026, 2, 10}) + day)) +
               (hour * 60 + minute) * 60000LL;
  clock.Set(TimePoint(std::chrono::milliseconds(ms)));
}

}  // namespace ow::testing
