// TestServer: a real OneWindow node (Application + Beast server on a free loopback port) for
// integration tests, over SQLite in a temp directory or over PostgreSQL when given a URL.
// TestClient wraps http::Client with JSON helpers and a bearer token.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "app/application.h"
#include "http/client.h"
#include "http/server.h"

namespace ow::testing {

namespace json = boost::json;

// A fresh temp directory removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// What a test may change of a TestServer beyond the database: the I/O threads, and any
// setting of the application's configuration (hashing pool, admission limits, ...).
struct TestServerOptions {
  std::string db_url;  // empty = SQLite file in a temp dir
  int io_threads = 2;
  std::function<void(app::AppConfig&)> configure;  // called after the defaults are set
  std::chrono::milliseconds pre_stop{0};           // http::ServerOptions::pre_stop
};

class TestServer {
 public:
  // db_url empty = SQLite file in a temp dir. The test clock is enabled by default. The public
  // URL (OIDC issuer) defaults to http://127.0.0.1:<port>.
  explicit TestServer(std::string db_url = "", bool test_clock = true, std::string key_file = "",
                      std::string public_url = "");
  // The default test configuration (SQLite and key file in the temp dir, test clock) changed
  // by `configure` before the node starts.
  explicit TestServer(const std::function<void(app::AppConfig&)>& configure);
  explicit TestServer(const TestServerOptions& options);
  ~TestServer();

  uint16_t port() const { return server_->port(); }
  app::Application& app() { return *app_; }
  http::Server& server() { return *server_; }
  const std::string& dir() const { return dir_.path(); }

 private:
  app::AppConfig DefaultConfig() const;
  void Start(const app::AppConfig& cfg, int io_threads = 2,
             std::chrono::milliseconds pre_stop = std::chrono::milliseconds(0));

  TempDir dir_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

struct Reply {
  int status = 0;
  json::value body;  // parsed JSON (null if not JSON)
  std::string raw;
  http::ClientResponse response;
  std::string ContentType() const { return response.Header("Content-Type"); }
};

class TestClient {
 public:
  explicit TestClient(uint16_t port) : client_(std::make_unique<http::Client>("127.0.0.1", port)) {}

  Reply Call(std::string_view method, std::string_view target, const json::value& body = nullptr,
             std::vector<std::pair<std::string, std::string>> headers = {});
  Reply CallRaw(std::string_view method, std::string_view target, std::string_view body,
                std::vector<std::pair<std::string, std::string>> headers = {});
  Reply Get(std::string_view target) { return Call("GET", target); }
  Reply Post(std::string_view target, const json::value& body) {
    return Call("POST", target, body);
  }

  // Registers a citizen (name, id) with a default password, logs in, keeps the token.
  std::string RegisterAndLogin(const std::string& name, const std::string& id_number,
                               const std::string& password = "correct horse 1");
  std::string Login(const std::string& id_number, const std::string& password = "correct horse 1");
  void SetToken(std::string token) { token_ = std::move(token); }
  const std::string& token() const { return token_; }

 private:
  std::unique_ptr<http::Client> client_;
  std::string token_;
};

// A valid resident ID for region + birth date + sequence (computes the check digit).
std::string MakeResidentId(const std::string& region6, const std::string& birth8, int seq);

}  // namespace ow::testing
