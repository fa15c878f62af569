#include "http/metrics.h"

#include <fmt/format.h>

namespace ow::http {

namespace {
std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::ObserveRequest(const std::string& route, const char* method, int status,
                             double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[{route, method}];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::Increment(const std::string& name, const std::string& help, int64_t by) {
  std::lock_guard lock(mu_);
  auto& c = counters_[name];
  c.first = help;
  c.second += by;
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_.emplace_back(name, help, std::move(read));
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP onewindow_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE onewindow_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format(
        "onewindow_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
        Escape(route), method, status, n);
  }
  out += "# HELP onewindow_http_request_duration_seconds HTTP request latency.\n";
  out += "# TYPE onewindow_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    std::string labels = fmt::format("route=\"{}\",method=\"{}\"", Escape(key.first), key.second);
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("onewindow_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], h.buckets[i]);
    out += fmt::format("onewindow_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, h.count);
    out += fmt::format("onewindow_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("onewindow_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  for (const auto& [name, c] : counters_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, c.first, name, name,
                       c.second);
  }
  for (const auto& [name, help, read] : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, read());
  }
  return out;
}

}  // namespace ow::http
