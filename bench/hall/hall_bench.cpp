// HallBench: fill, queue reads and end-to-end submissions (see hall_bench.h).
#include "hall/hall_bench.h"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <thread>

#include "app/application.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "http/client.h"
#include "support/bench_node.h"

namespace ow::hallbench {

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kPassword[] = "bench password 1";
constexpr int kFillBatch = 500;  // rows per INSERT statement
constexpr int kRowsPerTx = 20000;

double MillisSince(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

std::string Department(int d) {
  return "330000-D" + std::string(1, static_cast<char>('A' + d / 26)) +
         std::string(1, static_cast<char>('A' + d % 26));
}

std::string Basic(int i) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d", 5000 + i);
  return b;
}

std::string ItemCode(int i) { return "330000-" + Basic(i) + "-01"; }

// Synthetic citizen items: item i belongs to department i % departments.
Status WriteItems(const fs::path& dir, int items, int departments) {
  fs::create_directories(dir);
  for (int i = 0; i < items; ++i) {
    json::object item{
        {"code", ItemCode(i)},
        {"basic_code", Basic(i)},
        {"version", 1},
        {"kind", "public_service"},
        {"name",
         {{"zh", "基准事项" + std::to_string(i)}, {"en", "Bench item " + std::to_string(i)}}},
        {"department",
         {{"code", Department(i % departments)},
          {"name", {{"zh", "部门" + std::to_string(i % departments)}, {"en", "Department"}}}}},
        {"applicants", json::array{"citizen"}},
        {"legal_basis", json::array{"bench"}},
        {"conditions", {{"zh", json::array{"条件"}}, {"en", json::array{"condition"}}}},
        {"materials", json::array{json::object{{"id", "reason"},
                                               {"name", {{"zh", "理由"}, {"en", "Reason"}}},
                                               {"source", "form"},
                                               {"required", true}}}},
        {"legal_days", 20},
        {"promised_days", 5},
        {"visits", 0},
        {"fee_yuan", 0}};
    std::ofstream out(dir / ("item-" + std::to_string(i) + ".json"));
    out << json::serialize(item);
    if (!out) return Status::Internal("cannot write bench items");
  }
  return Status::Ok();
}

// Writes `cases` rows: states and deadlines spread as in a working hall (40 % closed, the rest
// open or finished otherwise), deadlines from 30 days ago to 30 days ahead.
Status Fill(store::Database& db, const HallBenchOptions& o, const std::string& officer,
            int64_t now_ms) {
  struct Share {
    const char* state;
    int percent;
  };
  static const Share kShares[] = {{"closed", 40},    {"withdrawn", 3}, {"refused", 2},
                                  {"submitted", 10}, {"accepted", 10}, {"review", 20},
                                  {"correction", 5}, {"approved", 5},  {"rejected", 5}};
  std::mt19937_64 rng(42);
  const Date today = ShanghaiDate(now_ms);
  const int64_t today_days = DaysFromCivil(today);
  int64_t written = 0;
  while (written < o.cases) {
    OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
      int64_t in_tx = 0;
      while (in_tx < kRowsPerTx && written + in_tx < o.cases) {
        const int64_t batch = std::min<int64_t>(kFillBatch, o.cases - written - in_tx);
        std::string sql =
            "INSERT INTO hall_cases (id, case_number, item_code, item_version, department, "
            "applicant, state, version, answers, assignee, created_at_ms, updated_at_ms, "
            "submitted_at_ms, accepted_on, due_on, legal_due_on, queue_key) VALUES ";
        std::vector<store::Value> params;
        for (int64_t k = 0; k < batch; ++k) {
          const int64_t i = written + in_tx + k;
          const int item = static_cast<int>(rng() % o.items);
          int pick = static_cast<int>(rng() % 100);
          const char* state = "closed";
          for (const Share& s : kShares) {
            if (pick < s.percent) {
              state = s.state;
              break;
            }
            pick -= s.percent;
          }
          const std::string st = state;
          const bool accepted = st != "submitted" && st != "refused" && st != "withdrawn";
          const int64_t due_days = today_days - 30 + static_cast<int64_t>(rng() % 61);
          const int64_t created = now_ms - static_cast<int64_t>(rng() % (60LL * kMillisPerDay));
          char number[64];
          std::snprintf(number, sizeof number, "330000-%s-%08lld-%05lld", Basic(item).c_str(),
                        static_cast<long long>(20200101 + i / 100000),
                        static_cast<long long>(i % 100000));
          const std::string due = accepted ? FormatDate(CivilFromDays(due_days)) : "";
          sql += k == 0 ? "" : ",";
          sql += "(?, ?, ?, 1, ?, ?, ?, 3, '{\"reason\":\"bench\"}', ?, ?, ?, ?, ?, ?, ?, ?)";
          params.insert(params.end(),
                        {crypto::NewId(), std::string(number), ItemCode(item),
                         Department(item % o.departments), crypto::NewId(), st,
                         rng() % 10 == 0 ? store::Value(officer) : store::Value(nullptr), created,
                         created, created,
                         accepted ? store::Value(FormatDate(CivilFromDays(due_days - 5)))
                                  : store::Value(nullptr),
                         accepted ? store::Value(due) : store::Value(nullptr),
                         accepted ? store::Value(FormatDate(CivilFromDays(due_days + 15)))
                                  : store::Value(nullptr),
                         accepted ? due : std::string("9999-12-31")});
        }
        OW_RETURN_IF_ERROR(tx.Exec(sql, params).status());
        in_tx += batch;
      }
      written += in_tx;
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

Result<std::string> Login(http::Client& c, const std::string& id) {
  json::object body{{"id_number", id}, {"password", kPassword}};
  OW_ASSIGN_OR_RETURN(auto r, c.Send("POST", "/api/v1/sessions", json::serialize(body)));
  if (r.status != 201)
    return Status::Internal("login: HTTP " + std::to_string(r.status) + " " + r.body);
  return std::string(json::parse(r.body).at("token").as_string());
}

std::string ResidentId(int n) { return benchsupport::ResidentId("33010619900101", n); }

}  // namespace

Result<std::vector<BenchLine>> RunHallBench(const HallBenchOptions& o) {
  if (o.cases < 1 || o.items < 1 || o.departments < 1 || o.items < o.departments)
    return Status::Invalid("need cases >= 1 and items >= departments >= 1");
  const fs::path items =
      fs::temp_directory_path() / ("ow-hall-items-" + std::to_string(std::random_device{}()));
  OW_RETURN_IF_ERROR(WriteItems(items, o.items, o.departments));
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{items};
  OW_ASSIGN_OR_RETURN(auto node, benchsupport::BenchNode::Start(
                                     "hall-bench",
                                     [&](app::AppConfig& c) {
                                       if (!o.db_url.empty()) c.db_url = o.db_url;
                                       c.hall_items_dir = items.string();
                                       // the bench registers its people in a burst
                                       c.identity.registrations = {0, 60'000};
                                       c.identity.logins = {0, 60'000};
                                     },
                                     o.io_threads));
  auto& identity = node->app().identity();
  // The officer of department 0 and the applicants.
  OW_ASSIGN_OR_RETURN(std::string officer,
                      identity.Register({"李办", ResidentId(1), kPassword, {}, {}}));
  OW_RETURN_IF_ERROR(
      identity.Grant(officer, Role::kServiceOfficer, "dept:" + Department(0), "bench"));
  for (int s = 0; s < o.submitters; ++s)
    OW_RETURN_IF_ERROR(
        identity.Register({"王申", ResidentId(100 + s), kPassword, {}, {}}).status());

  std::vector<BenchLine> lines;
  auto fill_start = Steady::now();
  OW_RETURN_IF_ERROR(Fill(node->app().db(), o, officer, node->app().clock().NowMillis()));
  const double fill_s = MillisSince(fill_start) / 1000;
  lines.push_back({"cases", static_cast<double>(o.cases), "cases"});
  lines.push_back({"fill_cases_per_s", static_cast<double>(o.cases) / fill_s, "cases/s"});

  // One officer's queue, interleaved with /healthz (the baseline of this run).
  http::Client c("127.0.0.1", node->port());
  OW_ASSIGN_OR_RETURN(std::string token, Login(c, ResidentId(1)));
  const Headers auth = {{"Authorization", "Bearer " + token}};
  static const char* kQueues[] = {"/api/v1/hall/queue",
                                  "/api/v1/hall/queue",
                                  "/api/v1/hall/queue?page=2",
                                  "/api/v1/hall/queue?page=5",
                                  "/api/v1/hall/queue?state=review",
                                  "/api/v1/hall/queue?overdue=1",
                                  "/api/v1/hall/queue?mine=1",
                                  "/api/v1/hall/queue?page=3"};
  std::vector<double> queue_ms, healthz_ms;
  int64_t bad = 0;
  for (int i = 0; i < o.queue_reads; ++i) {
    auto t = Steady::now();
    auto r = c.Send("GET", kQueues[i % 8], "", auth);
    queue_ms.push_back(MillisSince(t));
    if (!r.ok() || r->status != 200) ++bad;
    t = Steady::now();
    auto h = c.Send("GET", "/healthz");
    healthz_ms.push_back(MillisSince(t));
    if (!h.ok() || h->status != 200) ++bad;
  }
  if (bad > 0) return Status::Internal(std::to_string(bad) + " queue or healthz reads failed");
  lines.push_back({"queue_p50_ms", benchsupport::Quantile(queue_ms, 0.5), "ms"});
  lines.push_back({"queue_p99_ms", benchsupport::Quantile(queue_ms, 0.99), "ms"});
  lines.push_back({"healthz_p99_ms", benchsupport::Quantile(healthz_ms, 0.99), "ms"});
  lines.push_back(
      {"queue_p99_vs_healthz_p99",
       benchsupport::Quantile(queue_ms, 0.99) / benchsupport::Quantile(healthz_ms, 0.99), "x"});

  // Submissions end to end: each applicant creates and submits applications over HTTP.
  std::vector<std::string> tokens;
  for (int s = 0; s < o.submitters; ++s) {
    OW_ASSIGN_OR_RETURN(std::string t, Login(c, ResidentId(100 + s)));
    tokens.push_back(t);
  }
  std::atomic<int64_t> submitted{0}, failed{0};
  std::vector<std::vector<double>> per_thread(o.submitters);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  auto submit_start = Steady::now();
  for (int s = 0; s < o.submitters; ++s) {
    threads.emplace_back([&, s] {
      http::Client sc("127.0.0.1", node->port());
      const Headers h = {{"Authorization", "Bearer " + tokens[s]}};
      std::mt19937 rng(s);
      while (!stop.load()) {
        json::object body{{"item", ItemCode(static_cast<int>(rng() % o.items))},
                          {"answers", {{"reason", "疫情期间经营困难"}}}};
        auto t = Steady::now();
        auto r = sc.Send("POST", "/api/v1/hall/applications", json::serialize(body), h);
        per_thread[s].push_back(MillisSince(t));
        (r.ok() && r->status == 201 ? submitted : failed)++;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(o.submit_seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double submit_s = MillisSince(submit_start) / 1000;
  std::vector<double> submit_ms;
  for (auto& v : per_thread) submit_ms.insert(submit_ms.end(), v.begin(), v.end());
  if (failed.load() > 0)
    return Status::Internal(std::to_string(failed.load()) + " submissions failed");
  lines.push_back({"submissions_per_s", static_cast<double>(submitted.load()) / submit_s, "1/s"});
  lines.push_back({"submission_p99_ms", benchsupport::Quantile(submit_ms, 0.99), "ms"});
  const store::GroupCommit::Stats commits = node->app().hall_cases().CommitStats();
  lines.push_back({"submissions_per_commit",
                   commits.groups > 0 ? static_cast<double>(commits.units) / commits.groups : 0,
                   "submissions"});
  return lines;
}

}  // namespace ow::hallbench
