// A benchmark node and quantiles (see bench_node.h).
#include "support/bench_node.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "identity/validate.h"

namespace ow::benchsupport {

namespace fs = std::filesystem;

Result<std::unique_ptr<BenchNode>> BenchNode::Start(
    const std::string& name, const std::function<void(app::AppConfig&)>& configure,
    int io_threads) {
  std::unique_ptr<BenchNode> n(new BenchNode());
  n->dir_ =
      fs::temp_directory_path() / ("ow-" + name + "-" + std::to_string(std::random_device{}()));
  fs::create_directories(n->dir_);
  n->config_.db_url = "sqlite:" + (n->dir_ / "bench.db").string();
  n->config_.key_file = (n->dir_ / "master.key").string();
  if (configure) configure(n->config_);
  n->io_threads_ = io_threads;
  OW_RETURN_IF_ERROR(n->Open());
  return n;
}

Status BenchNode::Open() {
  OW_ASSIGN_OR_RETURN(app_, app::Application::Open(config_));
  http::ServerOptions so;
  so.port = 0;
  so.threads = io_threads_;
  so.drain_timeout = std::chrono::seconds(5);
  server_ = std::make_unique<http::Server>(app_->dispatcher(), so);
  OW_RETURN_IF_ERROR(server_->Start());
  app_->UseListeningPort(server_->port());
  thread_ = std::thread([s = server_.get()] { s->Run(); });
  return Status::Ok();
}

void BenchNode::Close() {
  if (server_) {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  server_.reset();
  app_.reset();
}

Status BenchNode::Restart() {
  Close();
  return Open();
}

BenchNode::~BenchNode() {
  Close();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string ResidentId(std::string_view region_and_birth, int n) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%03d", n % 1000);
  const std::string first = std::string(region_and_birth) + seq;
  return first + identity::ResidentIdCheckChar(first);
}

double Quantile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace ow::benchsupport
