// BenchNode: one OneWindow node for benchmarks — an Application and its HTTP server on a free
// loopback port, in this process, over SQLite in a temporary directory (or a given database),
// removed when the node goes. Restart() closes the node and opens it again on the same
// database, as after a crash or an upgrade. Plus the latency quantile the benches report.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/application.h"
#include "http/server.h"

namespace ow::benchsupport {

class BenchNode {
 public:
  // `configure` adjusts the configuration after the defaults (database in the node's temp
  // directory, key file beside it).
  static Result<std::unique_ptr<BenchNode>> Start(
      const std::string& name, const std::function<void(app::AppConfig&)>& configure = {},
      int io_threads = 0);
  ~BenchNode();
  BenchNode(const BenchNode&) = delete;
  BenchNode& operator=(const BenchNode&) = delete;

  // Closes the server and the application, then opens both again on the same database.
  Status Restart();

  uint16_t port() const { return server_->port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  app::Application& app() { return *app_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  BenchNode() = default;
  Status Open();
  void Close();

  std::filesystem::path dir_;
  app::AppConfig config_;
  int io_threads_ = 0;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// A valid resident ID: the 14 digits of region and birth date (e.g. "33010619900101"), then
// the sequence n (mod 1000) and its check character.
std::string ResidentId(std::string_view region_and_birth, int n);

// The p-quantile (0..1) of `samples`, nearest rank; 0 for none.
double Quantile(std::vector<double> samples, double p);

}  // namespace ow::benchsupport
