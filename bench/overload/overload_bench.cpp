// OverloadBench: the hashing-flood and admission-control benchmarks (see overload_bench.h).
#include "overload/overload_bench.h"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "app/application.h"
#include "http/client.h"
#include "http/server.h"

namespace ow::overload {

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

double MillisSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The p-quantile (0..1) of `v` (nearest rank); 0 for no samples.
double Quantile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Sleeps `seconds` in short steps, returning early once `stop` is set.
void SleepUnless(const std::atomic<bool>& stop, double seconds) {
  auto until = Clock::now() +
               std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  while (!stop.load() && Clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

// The Retry-After of a 503 in seconds (1 when missing or malformed).
double RetryAfterSeconds(const http::ClientResponse& r) {
  try {
    return std::max(0.0, std::stod(r.Header("Retry-After")));
  } catch (...) {
    return 1;
  }
}

// One node: Application + HTTP server on a free loopback port, over SQLite in a temp dir.
class Node {
 public:
  static Result<std::unique_ptr<Node>> Start(const std::function<void(app::AppConfig&)>& configure,
                                             int io_threads) {
    std::unique_ptr<Node> n(new Node());
    n->dir_ = std::filesystem::temp_directory_path() /
              ("ow-overload-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(n->dir_);
    app::AppConfig config;
    config.db_url = "sqlite:" + (n->dir_ / "bench.db").string();
    config.key_file = (n->dir_ / "master.key").string();
    if (configure) configure(config);
    OW_ASSIGN_OR_RETURN(n->app_, app::Application::Open(config));
    http::ServerOptions so;
    so.port = 0;
    so.threads = io_threads;
    so.drain_timeout = std::chrono::seconds(5);
    n->server_ = std::make_unique<http::Server>(n->app_->dispatcher(), so);
    OW_RETURN_IF_ERROR(n->server_->Start());
    n->thread_ = std::thread([s = n->server_.get()] { s->Run(); });
    return n;
  }
  ~Node() {
    if (server_) {
      server_->Stop();
      if (thread_.joinable()) thread_.join();
    }
    server_.reset();
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  uint16_t port() const { return server_->port(); }
  app::Application& app() { return *app_; }

 private:
  Node() = default;
  std::filesystem::path dir_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

constexpr char kAdminId[] = "330104197002200057";
constexpr char kCitizenId[] = "330104199003071233";
constexpr char kPassword[] = "bench password 1";

Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// What the load needs: a gate (place + staff token) and a citizen with a code.
struct Fixture {
  std::string staff_token;
  std::string place_id;
  std::string citizen_token;
  std::string scan_body;  // a valid scan of the citizen's code at the gate
};

Result<std::string> Field(const http::ClientResponse& r, int want, const char* what,
                          const char* field) {
  if (r.status != want)
    return Status::Internal(std::string(what) + ": HTTP " + std::to_string(r.status) + " " +
                            r.body);
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains(field))
    return Status::Internal(std::string(what) + ": no " + field + " in " + r.body);
  return std::string(v.at(field).as_string());
}

Result<Fixture> Prepare(Node& node) {
  auto& identity = node.app().identity();
  OW_ASSIGN_OR_RETURN(std::string admin,
                      identity.Register({"赵管理", kAdminId, kPassword, {}, {}}));
  OW_RETURN_IF_ERROR(identity.Grant(admin, Role::kAdmin, "", "bench"));
  OW_RETURN_IF_ERROR(identity.Register({"张三", kCitizenId, kPassword, {}, {}}).status());
  http::Client c("127.0.0.1", node.port());
  Fixture f;
  auto login = [&](const char* id) -> Result<std::string> {
    json::object body{{"id_number", id}, {"password", kPassword}};
    OW_ASSIGN_OR_RETURN(auto r, c.Send("POST", "/api/v1/sessions", json::serialize(body)));
    return Field(r, 201, "login", "token");
  };
  OW_ASSIGN_OR_RETURN(f.staff_token, login(kAdminId));
  OW_ASSIGN_OR_RETURN(f.citizen_token, login(kCitizenId));
  OW_ASSIGN_OR_RETURN(auto place,
                      c.Send("POST", "/api/v1/places",
                             R"({"name":"bench gate","kind":"community_gate","region":"330104"})",
                             Bearer(f.staff_token)));
  OW_ASSIGN_OR_RETURN(f.place_id, Field(place, 201, "create place", "place_id"));
  OW_ASSIGN_OR_RETURN(auto code,
                      c.Send("GET", "/api/v1/me/health-code", "", Bearer(f.citizen_token)));
  OW_ASSIGN_OR_RETURN(std::string payload, Field(code, 200, "health code", "payload"));
  f.scan_body = json::serialize(
      json::object{{"payload", payload}, {"place_id", f.place_id}, {"direction", "in"}});
  OW_ASSIGN_OR_RETURN(auto scan,
                      c.Send("POST", "/api/v1/scans", f.scan_body, Bearer(f.staff_token)));
  if (scan.status / 100 != 2 || scan.body.find("\"allowed\":true") == std::string::npos)
    return Status::Internal("bench scan not allowed: " + std::to_string(scan.status) + " " +
                            scan.body);
  return f;
}

// Latencies of one kind of request, merged from several threads.
struct Samples {
  std::mutex mu;
  std::vector<double> ok_ms;       // answered as intended
  std::vector<double> refused_ms;  // 503 (overloaded)
  int64_t errors = 0;
  int64_t other = 0;  // expected refusals other than 503 (429)

  void Merge(const std::vector<double>& ok, const std::vector<double>& refused, int64_t err,
             int64_t oth) {
    std::lock_guard lock(mu);
    ok_ms.insert(ok_ms.end(), ok.begin(), ok.end());
    refused_ms.insert(refused_ms.end(), refused.begin(), refused.end());
    errors += err;
    other += oth;
  }
};

// Sends one request every `interval_ms` until `stop`, recording 2xx latencies (anything else
// is an error: probes are never refused).
void Probe(uint16_t port, std::string method, std::string target, std::string body, Headers headers,
           double interval_ms, const std::atomic<bool>& stop, Samples& out,
           const std::atomic<bool>* measuring) {
  http::Client c("127.0.0.1", port);
  std::vector<double> ok, refused;
  int64_t errors = 0;
  while (!stop.load()) {
    auto t = Clock::now();
    auto r = c.Send(method, target, body, headers);
    double ms = MillisSince(t);
    if (measuring != nullptr && !measuring->load()) {
      // warming up: not counted
    } else if (r.ok() && r->status / 100 == 2) {
      ok.push_back(ms);
    } else if (r.ok() && r->status == 503) {
      refused.push_back(ms);
    } else {
      ++errors;
    }
    SleepUnless(stop, std::max(0.0, interval_ms - ms) / 1000);
  }
  out.Merge(ok, refused, errors, 0);
}

}  // namespace

Result<std::vector<BenchLine>> RunHashingFlood(const HashingFloodOptions& o) {
  OW_ASSIGN_OR_RETURN(auto node, Node::Start(
                                     [&](app::AppConfig& c) {
                                       c.hashing_workers = o.hashing_workers;
                                       c.hashing_queue = o.hashing_queue;
                                     },
                                     o.io_threads));
  OW_ASSIGN_OR_RETURN(Fixture f, Prepare(*node));
  const uint16_t port = node->port();

  // Probes of /healthz and of a gate scan, alone (baseline) and then beside the flood.
  auto probe_phase = [&](double seconds, std::atomic<bool>& stop,
                         const std::function<void()>& beside, Samples& health, Samples& scans) {
    std::thread h(Probe, port, "GET", "/healthz", "", Headers{}, o.probe_interval_ms,
                  std::cref(stop), std::ref(health), nullptr);
    std::thread s(Probe, port, "POST", "/api/v1/scans", f.scan_body, Bearer(f.staff_token),
                  o.probe_interval_ms, std::cref(stop), std::ref(scans), nullptr);
    if (beside) beside();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    h.join();
    s.join();
  };

  Samples base_health, base_scans;
  std::atomic<bool> base_stop{false};
  probe_phase(o.baseline_seconds, base_stop, nullptr, base_health, base_scans);

  // The flood: registrations of the already-registered citizen (409 after a full hash) and
  // successful logins, back to back on every connection.
  Samples flood;
  std::atomic<int64_t> hashed{0};
  std::vector<std::thread> flooders;
  Samples health, scans;
  auto t0 = Clock::now();
  std::atomic<bool> stop{false};
  probe_phase(
      o.seconds, stop,
      [&] {
        for (int i = 0; i < o.connections; ++i)
          flooders.emplace_back([&, i] {
            http::Client c("127.0.0.1", port);
            const std::string reg = json::serialize(
                json::object{{"name", "张三"}, {"id_number", kCitizenId}, {"password", kPassword}});
            const std::string login =
                json::serialize(json::object{{"id_number", kCitizenId}, {"password", kPassword}});
            std::vector<double> ok, refused;
            int64_t errors = 0, other = 0;
            for (int k = i; !stop.load(); ++k) {
              bool registration = k % 2 == 0;
              auto t = Clock::now();
              auto r = c.Send("POST", registration ? "/api/v1/citizens" : "/api/v1/sessions",
                              registration ? reg : login);
              double ms = MillisSince(t);
              if (!r.ok()) {
                ++errors;
              } else if (r->status == (registration ? 409 : 201)) {
                ok.push_back(ms);
                ++hashed;
              } else if (r->status == 503) {
                refused.push_back(ms);
                if (o.honour_retry_after) SleepUnless(stop, RetryAfterSeconds(*r));
              } else if (r->status == 429) {
                ++other;  // per-address throttling, an intended refusal too
              } else {
                ++errors;
              }
            }
            flood.Merge(ok, refused, errors, other);
          });
      },
      health, scans);
  for (auto& t : flooders) t.join();
  const double flood_s = std::chrono::duration<double>(Clock::now() - t0).count();

  std::vector<BenchLine> out;
  auto line = [&](std::string name, double v, std::string unit) {
    out.push_back({std::move(name), v, std::move(unit)});
  };
  const double flood_total = static_cast<double>(flood.ok_ms.size() + flood.refused_ms.size() +
                                                 flood.other + flood.errors);
  line("hashing_flood_connections", o.connections, "connections");
  line("hashing_flood_baseline_healthz_p99_ms", Quantile(base_health.ok_ms, 0.99), "ms");
  line("hashing_flood_baseline_scan_p99_ms", Quantile(base_scans.ok_ms, 0.99), "ms");
  line("hashing_flood_healthz_p50_ms", Quantile(health.ok_ms, 0.50), "ms");
  line("hashing_flood_healthz_p99_ms", Quantile(health.ok_ms, 0.99), "ms");
  line("hashing_flood_scan_p50_ms", Quantile(scans.ok_ms, 0.50), "ms");
  line("hashing_flood_scan_p99_ms", Quantile(scans.ok_ms, 0.99), "ms");
  line("hashing_flood_probes", static_cast<double>(health.ok_ms.size() + scans.ok_ms.size()),
       "requests");
  line("hashing_flood_errors",
       static_cast<double>(health.errors + scans.errors + flood.errors + health.refused_ms.size() +
                           scans.refused_ms.size()),
       "requests");
  line("hashing_flood_hashed_per_s", static_cast<double>(hashed.load()) / flood_s, "requests/s");
  line("hashing_flood_503_share",
       flood_total > 0 ? static_cast<double>(flood.refused_ms.size()) / flood_total : 0, "ratio");
  line("hashing_flood_503_p99_ms", Quantile(flood.refused_ms, 0.99), "ms");
  line("hashing_flood_hashed_p99_ms", Quantile(flood.ok_ms, 0.99), "ms");
  line("hashing_flood_429", static_cast<double>(flood.other), "requests");
  line("hashing_flood_503_per_s", static_cast<double>(flood.refused_ms.size()) / flood_s,
       "requests/s");
  return out;
}

namespace {

struct PhaseResult {
  Samples scans, codes, health;
  double seconds = 0;
};

// One phase of the admission benchmark on a fresh node: `connections` closed loops, half
// scanning, half fetching the citizen's health code, after a warm-up second.
Status RunAdmissionPhase(const AdmissionBenchOptions& o, bool admission_on, PhaseResult& res) {
  OW_ASSIGN_OR_RETURN(auto node, Node::Start(
                                     [&](app::AppConfig& c) {
                                       int limit = admission_on ? o.max_inflight : 0;
                                       c.admission.scans = limit;
                                       c.admission.reads = limit;
                                       c.admission.writes = limit;
                                       c.admission.max_queue_delay_ms =
                                           admission_on ? o.max_queue_delay_ms : 0;
                                     },
                                     o.io_threads));
  OW_ASSIGN_OR_RETURN(Fixture f, Prepare(*node));
  const uint16_t port = node->port();
  std::atomic<bool> stop{false}, measuring{false};
  std::atomic<int> connected{0};
  // The probe connects before the load does (a monitor's connection is open already).
  std::thread health(Probe, port, "GET", "/healthz", "", Headers{}, 20.0, std::cref(stop),
                     std::ref(res.health), &measuring);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::vector<std::thread> clients;
  clients.reserve(o.connections);
  for (int i = 0; i < o.connections; ++i)
    clients.emplace_back([&, i] {
      bool scan = i % 2 == 0;
      http::Client c("127.0.0.1", port);
      Headers auth = Bearer(scan ? f.staff_token : f.citizen_token);
      std::vector<double> ok, refused;
      int64_t errors = 0;
      (void)c.Send("GET", "/healthz");  // connected before the measurement starts
      ++connected;
      while (!stop.load()) {
        auto t = Clock::now();
        auto r = scan ? c.Send("POST", "/api/v1/scans", f.scan_body, auth)
                      : c.Send("GET", "/api/v1/me/health-code", "", auth);
        double ms = MillisSince(t);
        bool counted = measuring.load();
        if (r.ok() && r->status / 100 == 2) {
          if (counted) ok.push_back(ms);
        } else if (r.ok() && r->status == 503) {
          if (counted) refused.push_back(ms);
          if (o.honour_retry_after) SleepUnless(stop, RetryAfterSeconds(*r));
        } else if (counted) {
          ++errors;
        }
      }
      (scan ? res.scans : res.codes).Merge(ok, refused, errors, 0);
    });
  // Every connection open (connecting 1,000 at once takes a while), then a warm-up second.
  auto give_up = Clock::now() + std::chrono::seconds(60);
  while (connected.load() < o.connections && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  measuring = true;
  auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  measuring = false;
  res.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  stop = true;
  for (auto& t : clients) t.join();
  health.join();
  return Status::Ok();
}

}  // namespace

Result<std::vector<BenchLine>> RunAdmissionBench(const AdmissionBenchOptions& o) {
  PhaseResult off, on;
  OW_RETURN_IF_ERROR(RunAdmissionPhase(o, false, off));
  OW_RETURN_IF_ERROR(RunAdmissionPhase(o, true, on));
  std::vector<BenchLine> out;
  auto line = [&](std::string name, double v, std::string unit) {
    out.push_back({std::move(name), v, std::move(unit)});
  };
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0; };
  line("admission_connections", o.connections, "connections");
  line("admission_max_inflight", o.max_inflight, "requests");
  line("admission_max_queue_delay", o.max_queue_delay_ms, "ms");
  for (auto* p : {&off, &on}) {
    std::string pre = p == &off ? "admission_off_" : "admission_on_";
    line(pre + "scan_p99_ms", Quantile(p->scans.ok_ms, 0.99), "ms");
    line(pre + "code_p99_ms", Quantile(p->codes.ok_ms, 0.99), "ms");
    line(pre + "scan_p50_ms", Quantile(p->scans.ok_ms, 0.50), "ms");
    line(pre + "code_p50_ms", Quantile(p->codes.ok_ms, 0.50), "ms");
    line(pre + "healthz_p50_ms", Quantile(p->health.ok_ms, 0.50), "ms");
    line(pre + "healthz_p99_ms", Quantile(p->health.ok_ms, 0.99), "ms");
    line(pre + "ok_per_s",
         static_cast<double>(p->scans.ok_ms.size() + p->codes.ok_ms.size()) / p->seconds,
         "requests/s");
    double refused = static_cast<double>(p->scans.refused_ms.size() + p->codes.refused_ms.size());
    double all = refused + static_cast<double>(p->scans.ok_ms.size() + p->codes.ok_ms.size() +
                                               p->scans.errors + p->codes.errors);
    line(pre + "503_share", all > 0 ? refused / all : 0, "ratio");
    std::vector<double> r503 = p->scans.refused_ms;
    r503.insert(r503.end(), p->codes.refused_ms.begin(), p->codes.refused_ms.end());
    line(pre + "503_p99_ms", Quantile(r503, 0.99), "ms");
    line(pre + "errors",
         static_cast<double>(p->scans.errors + p->codes.errors + p->health.errors +
                             p->health.refused_ms.size()),
         "requests");
  }
  line("admission_scan_p99_on_vs_off",
       ratio(Quantile(on.scans.ok_ms, 0.99), Quantile(off.scans.ok_ms, 0.99)), "x");
  line("admission_code_p99_on_vs_off",
       ratio(Quantile(on.codes.ok_ms, 0.99), Quantile(off.codes.ok_ms, 0.99)), "x");
  return out;
}

}  // namespace ow::overload
