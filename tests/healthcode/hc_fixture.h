// Fixtures for the colour engine's integration tests: a real node (Application + HTTP server)
// with the test clock, an optional rules file and an optional PostgreSQL database, plus
// helpers to register citizens and officials.
#pragma once

#include "support/pg_test_db.h"

#include <memory>
#include <string>
#include <thread>

#include "app/application.h"
#include "http/server.h"
#include "support/test_server.h"

namespace ow::testing {

// Like TestServer, but with a configurable rules file and database URL.
class HcServer {
 public:
  explicit HcServer(std::string db_url = "", std::string rules_file = "");
  ~HcServer();

  uint16_t port() const { return server_->port(); }
  app::Application& app() { return *app_; }
  TestClock& clock() { return *app_->test_clock(); }
  const std::string& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// Sets the test clock to a Shanghai date and time (day 0 = 2026-02-10 + day).
void SetShanghai(TestClock& clock, int day, int hour, int minute = 0);

}  // namespace ow::testing
