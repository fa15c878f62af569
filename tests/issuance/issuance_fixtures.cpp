#include "issuance_fixtures.h"

#include <gtest/gtest.h>

namespace ow::testing {

Result<healthcode::ColourState> FakeColours::Current(const std::string& person_id) {
  std::lock_guard lock(mu_);
  auto it = states_.find(person_id);
  if (it != states_.end()) return it->second;
  healthcode::ColourState green;
  green.rules_version = "test-1";
  return green;
}

Result<healthcode::ColourState> FakeColours::ApplySignal(const healthcode::Signal&) {
  return Status::Internal("FakeColours does not take signals");
}

Status FakeColours::WithdrawSignals(const std::string&) { return Status::Ok(); }

void FakeColours::Set(const std::string& person_id, healthcode::ColourState state) {
  std::lock_guard lock(mu_);
  states_[person_id] = std::move(state);
}

RegionServer::RegionServer(std::string region, std::string db_url, std::string key_file) {
  app::AppConfig cfg;
  cfg.db_url = db_url.empty() ? "sqlite:" + dir_.path() + "/ow.db" : db_url;
  cfg.key_file = key_file.empty() ? dir_.path() + "/master.key" : key_file;
  cfg.test_clock = true;
  cfg.db_pool = 4;
  cfg.issuer_region = std::move(region);
  auto a = app::Application::Open(cfg);
  if (!a.ok()) throw std::runtime_error("RegionServer: " + a.status().ToString());
  app_ = std::move(a).value();
  app_->issuer().set_colour_service(&colours_);
  http::ServerOptions so;
  so.port = 0;
  so.threads = 2;
  so.drain_timeout = std::chrono::seconds(2);
  server_ = std::make_unique<http::Server>(app_->dispatcher(), so);
  Status s = server_->Start();
  if (!s.ok()) throw std::runtime_error("RegionServer: " + s.ToString());
  thread_ = std::thread([this] { server_->Run(); });
}

RegionServer::~RegionServer() {
  server_->Stop();
  thread_.join();
}

std::unique_ptr<TestClient> UserWithRole(uint16_t port, app::Application& app,
                                         const std::string& name, const std::string& id_number,
                                         Role role, const std::string& scope,
                                         std::string* person_id) {
  auto client = std::make_unique<TestClient>(port);
  client->RegisterAndLogin(name, id_number);
  auto person = app.identity().FindByIdNumber(id_number);
  EXPECT_TRUE(person.ok()) << person.status().ToString();
  if (!person.ok()) return client;
  if (role != Role::kCitizen) {
    Status s = app.identity().Grant(*person, role, scope, "test");
    EXPECT_TRUE(s.ok()) << s.ToString();
    client->Login(id_number);
  }
  if (person_id) *person_id = *person;
  return client;
}

}  // namespace ow::testing
