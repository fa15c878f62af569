// Metrics: Prometheus counters and latency histograms for HTTP requests, plus gauges and
// counters other modules register (database pool use, purges, ...). Rendered as the
// Prometheus text exposition format by GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace ow::http {

class Metrics {
 public:
  // Records one finished request.
  void ObserveRequest(const std::string& route, const char* method, int status, double seconds);

  // A counter other modules can increment (name must be a valid metric name).
  void Increment(const std::string& name, const std::string& help, int64_t by = 1);
  // A gauge read at scrape time.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read);

  std::string Render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<int64_t, kBuckets.size()> buckets{};
    int64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::map<std::string, std::pair<std::string, int64_t>> counters_;
  std::vector<std::tuple<std::string, std::string, std::function<double()>>> gauges_;
};

}  // namespace ow::http
