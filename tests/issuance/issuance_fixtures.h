// Shared pieces of the issuance tests: a scripted ColourService standing in for the colour
// engine, a OneWindow node configured for a given issuer region, and account helpers.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "healthcode/colour_state.h"
#include "support/test_server.h"

namespace ow::testing {

// Returns whatever state a test has set for a person (green with rules "test-1" otherwise).
class FakeColours : public healthcode::ColourService {
 public:
  Result<healthcode::ColourState> Current(const std::string& person_id) override;
  Result<healthcode::ColourState> ApplySignal(const healthcode::Signal& signal) override;
  Status WithdrawSignals(const std::string& ref) override;

  void Set(const std::string& person_id, healthcode::ColourState state);

 private:
  std::mutex mu_;
  std::map<std::string, healthcode::ColourState> states_;
};

// A node like TestServer (SQLite in its own temp dir, own master key, test clock) whose
// issuer region is configurable, so two of them act as two independent installations.
class RegionServer {
 public:
  explicit RegionServer(std::string region, std::string db_url = "", std::string key_file = "");
  ~RegionServer();

  uint16_t port() const { return server_->port(); }
  app::Application& app() { return *app_; }
  const std::string& dir() const { return dir_.path(); }
  FakeColours& colours() { return colours_; }

 private:
  TempDir dir_;
  FakeColours colours_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// Registers (name, id) on the node, grants `role` (unless citizen) and returns a logged-in
// client. Also returns the person id through `person_id` when given.
std::unique_ptr<TestClient> UserWithRole(uint16_t port, app::Application& app,
                                         const std::string& name, const std::string& id_number,
                                         Role role, const std::string& scope = "",
                                         std::string* person_id = nullptr);

}  // namespace ow::testing
