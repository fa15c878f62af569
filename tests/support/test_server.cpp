#include "support/test_server.h"

#include <gtest/gtest.h>

#include <strings.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>

namespace ow::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = (std::filesystem::temp_directory_path() /
           ("ow-test-" + std::to_string(rd()) + std::to_string(rd())))
              .string();
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestServer::TestServer(std::string db_url, bool test_clock, std::string key_file,
                       std::string public_url) {
  app::AppConfig cfg = DefaultConfig();
  if (!db_url.empty()) cfg.db_url = std::move(db_url);
  if (!key_file.empty()) cfg.key_file = std::move(key_file);
  cfg.test_clock = test_clock;
  cfg.public_url = std::move(public_url);
  Start(cfg);
}

TestServer::TestServer(const std::function<void(app::AppConfig&)>& configure) {
  app::AppConfig cfg = DefaultConfig();
  configure(cfg);
  Start(cfg);
}

app::AppConfig TestServer::DefaultConfig() const {
  app::AppConfig cfg;
  cfg.db_url = "sqlite:" + dir_.path() + "/ow.db";
  cfg.key_file = dir_.path() + "/master.key";
  cfg.test_clock = true;
  cfg.db_pool = 4;
  return cfg;
}

TestServer::TestServer(const TestServerOptions& options) {
  app::AppConfig cfg = DefaultConfig();
  if (!options.db_url.empty()) cfg.db_url = options.db_url;
  if (options.configure) options.configure(cfg);
  Start(cfg, options.io_threads, options.pre_stop);
}

void TestServer::Start(const app::AppConfig& cfg, int io_threads,
                       std::chrono::milliseconds pre_stop) {
  auto a = app::Application::Open(cfg);
  if (!a.ok()) throw std::runtime_error("TestServer: " + a.status().ToString());
  app_ = std::move(a).value();
  http::ServerOptions so;
  so.port = 0;
  so.threads = io_threads;
  so.drain_timeout = std::chrono::seconds(2);
  so.pre_stop = pre_stop;
  server_ = std::make_unique<http::Server>(app_->dispatcher(), so);
  Status s = server_->Start();
  if (!s.ok()) throw std::runtime_error("TestServer: " + s.ToString());
  app_->UseListeningPort(server_->port());
  thread_ = std::thread([this] { server_->Run(); });
}

TestServer::~TestServer() {
  server_->Stop(/*now=*/true);
  thread_.join();
}

namespace {

bool IsTextType(std::string_view content_type) {
  return content_type.find("json") != std::string_view::npos ||
         content_type.find("text/") != std::string_view::npos ||
         content_type.find("xml") != std::string_view::npos;
}

// With OW_API_RECORD_DIR set, appends one JSON line per call to $OW_API_RECORD_DIR/<pid>.jsonl
// for the API contract check (tests/contract/check.mjs). Binary response bodies are left out
// (null).
void RecordCall(std::string_view method, std::string_view target, std::string_view body,
                const std::vector<std::pair<std::string, std::string>>& headers,
                const Reply& reply) {
  static const char* dir = std::getenv("OW_API_RECORD_DIR");
  if (dir == nullptr || *dir == '\0' || reply.status == 0) return;
  std::string request_type = body.empty() ? "" : "application/json";
  for (const auto& [k, v] : headers)
    if (k.size() == 12 && strncasecmp(k.c_str(), "Content-Type", 12) == 0) request_type = v;
  std::string response_type = reply.ContentType();
  json::object line{
      {"method", method},
      {"target", target},
      {"request_content_type", request_type},
      {"request_body", body},
      {"status", reply.status},
      {"response_content_type", response_type},
      {"response_body", IsTextType(response_type) ? json::value(reply.raw) : nullptr}};
  static std::mutex mu;
  std::lock_guard lock(mu);
  std::ofstream out(std::string(dir) + "/" + std::to_string(::getpid()) + ".jsonl",
                    std::ios::app | std::ios::binary);
  out << json::serialize(line) << '\n';
}

}  // namespace

Reply TestClient::CallRaw(std::string_view method, std::string_view target, std::string_view body,
                          std::vector<std::pair<std::string, std::string>> headers) {
  if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
  auto r = client_->Send(method, target, body, headers);
  Reply out;
  if (!r.ok()) {
    ADD_FAILURE() << "request failed: " << r.status().ToString();
    return out;
  }
  out.status = r->status;
  out.raw = r->body;
  out.response = *r;
  boost::system::error_code ec;
  auto v = json::parse(r->body, ec);
  if (!ec) out.body = std::move(v);
  RecordCall(method, target, body, headers, out);
  return out;
}

Reply TestClient::Call(std::string_view method, std::string_view target, const json::value& body,
                       std::vector<std::pair<std::string, std::string>> headers) {
  std::string text = body.is_null() ? "" : json::serialize(body);
  return CallRaw(method, target, text, std::move(headers));
}

std::string TestClient::RegisterAndLogin(const std::string& name, const std::string& id_number,
                                         const std::string& password) {
  std::string saved = token_;
  token_.clear();
  Reply r =
      Post("/api/v1/citizens", {{"name", name}, {"id_number", id_number}, {"password", password}});
  EXPECT_EQ(r.status, 201) << r.raw;
  return Login(id_number, password);
}

std::string TestClient::Login(const std::string& id_number, const std::string& password) {
  token_.clear();
  Reply r = Post("/api/v1/sessions", {{"id_number", id_number}, {"password", password}});
  EXPECT_EQ(r.status, 201) << r.raw;
  if (r.status == 201) token_ = std::string(r.body.at("token").as_string());
  return token_;
}

std::string MakeResidentId(const std::string& region6, const std::string& birth8, int seq) {
  static const int kW[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", seq % 1000);
  std::string s = region6 + birth8 + buf;
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * kW[i];
  return s + "10X98765432"[sum % 11];
}

}  // namespace ow::testing
