// `onewindow bench jobs` (see jobs_bench.h).
#include "jobs/jobs_bench.h"

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "core/time.h"
#include "http/client.h"
#include "jobs/applications.h"
#include "jobs/postings.h"
#include "support/bench_node.h"

namespace ow::jobsbench {

namespace {

using SteadyClock = std::chrono::steady_clock;
double MillisSince(SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

const std::vector<std::string>& Regions() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out;
    for (const char* city : {"3301", "3302", "3303", "3501", "3502", "3601", "3609"})
      for (int d = 2; d <= 7; ++d) out.push_back(std::string(city) + "0" + std::to_string(d));
    return out;
  }();
  return k;
}

const std::vector<std::string> kRoles = {
    "软件工程师", "厨师", "仓库管理员", "会计",   "销售代表",   "护士",     "电工", "司机",
    "客服专员",   "教师", "保安",       "质检员", "数据分析师", "前端开发", "店长", "焊工"};
const std::vector<std::string> kPerks = {"五险一金", "包食宿",   "双休",     "年终奖",
                                         "带薪年假", "弹性工作", "交通补贴", "节日福利"};

}  // namespace

Result<std::vector<BenchLine>> RunJobsBench(const JobsBenchOptions& o) {
  if (o.postings < 1 || o.searches < 1 || o.applications < 0 || o.threads < 1)
    return Status::Invalid("postings, searches and threads must be positive");
  OW_ASSIGN_OR_RETURN(auto node, benchsupport::BenchNode::Start("jobs", [&](app::AppConfig& c) {
                        if (!o.db_url.empty()) c.db_url = o.db_url;
                      }));
  app::Application& app = node->app();
  store::Database& db = app.db();
  std::vector<BenchLine> lines;
  const int64_t now = app.clock().NowMillis();
  const Date today = ShanghaiDate(now);
  const auto& regions = Regions();
  const std::vector<std::string>& types = jobs::EmploymentTypes();

  // Load.
  std::mt19937_64 rng(0x10b5);
  const auto load0 = SteadyClock::now();
  constexpr int kBatch = 2000;
  for (int done = 0; done < o.postings;) {
    const int n = std::min(kBatch, o.postings - done);
    OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
      std::mt19937_64 r(0x10b5 + done);  // the same batch again on a retry
      for (int i = 0; i < n; ++i) {
        jobs::Posting p;
        const std::string& role = kRoles[r() % kRoles.size()];
        p.in.enterprise_id = "bench-enterprise-" + std::to_string(r() % 5000);
        p.enterprise_name = "示例企业" + std::to_string(r() % 5000) + "有限公司";
        p.credit_code = "91330106MA2" + std::to_string(1000000 + r() % 8999999);
        p.in.title = role;
        p.in.description = "招聘" + role + "，" + kPerks[r() % kPerks.size()] + "，" +
                           kPerks[r() % kPerks.size()] + "。工作认真负责，有相关经验者优先。";
        p.in.region = regions[r() % regions.size()];
        p.in.locality = "某市某区";
        p.in.street_address = "某路 " + std::to_string(r() % 500 + 1) + " 号";
        p.in.postal_code = "310012";
        p.in.employment_type = types[r() % 5];
        p.in.salary_min = 3000 + static_cast<int64_t>(r() % 20) * 500;
        p.in.salary_max = p.in.salary_min + 2000 + static_cast<int64_t>(r() % 10) * 500;
        p.in.openings = 1 + static_cast<int64_t>(r() % 5);
        // A tenth has expired already.
        const int days = static_cast<int>(r() % 100) - 10;
        const Date through = CivilFromDays(DaysFromCivil(today) + days);
        p.in.valid_through = FormatDate(through);
        p.valid_through_ms = jobs::EndOfShanghaiDay(through);
        p.status = "open";
        p.registry_status = "active";
        p.created_by = "bench";
        p.created_at_ms = now - static_cast<int64_t>(r() % (90LL * 86'400'000));
        OW_RETURN_IF_ERROR(jobs::PostingService::InsertRaw(tx, p));
      }
      return Status::Ok();
    }));
    done += n;
  }
  const double load_s = MillisSince(load0) / 1000;
  lines.push_back({"postings", static_cast<double>(o.postings), "postings"});
  lines.push_back({"load_postings_per_s", o.postings / load_s, "postings/s"});
  if (db.dialect() == store::Dialect::kSqlite)
    (void)db.Exec("ANALYZE");
  else
    (void)db.Exec("ANALYZE jobs_postings");

  // Search (region + keyword + type), interleaved with /healthz.
  http::Client c("127.0.0.1", node->port());
  std::vector<double> search_ms, healthz_ms;
  int bad = 0;
  int64_t hits = 0;
  auto pct = [](const std::string& s) {
    std::string out;
    for (unsigned char ch : s) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
    return out;
  };
  for (int i = 0; i < o.searches; ++i) {
    const std::string region = regions[rng() % regions.size()].substr(0, i % 3 == 0 ? 4 : 6);
    std::string target = "/api/v1/jobs?region=" + region +
                         "&q=" + pct(kRoles[rng() % kRoles.size()]) + "&type=" + types[rng() % 5];
    if (i % 4 == 0) target += "&salary_min=8000";
    auto t = SteadyClock::now();
    auto r = c.Send("GET", target);
    search_ms.push_back(MillisSince(t));
    if (!r.ok() || r->status != 200) {
      ++bad;
    } else {
      hits += boost::json::parse(r->body).at("total").as_int64();
    }
    t = SteadyClock::now();
    auto h = c.Send("GET", "/healthz");
    healthz_ms.push_back(MillisSince(t));
    if (!h.ok() || h->status != 200) ++bad;
  }
  if (bad > 0) return Status::Internal(std::to_string(bad) + " searches or healthz reads failed");
  lines.push_back({"search_p50_ms", benchsupport::Quantile(search_ms, 0.5), "ms"});
  lines.push_back({"search_p99_ms", benchsupport::Quantile(search_ms, 0.99), "ms"});
  lines.push_back({"search_mean_total", static_cast<double>(hits) / o.searches, "postings"});
  lines.push_back({"healthz_p50_ms", benchsupport::Quantile(healthz_ms, 0.5), "ms"});
  lines.push_back({"healthz_p99_ms", benchsupport::Quantile(healthz_ms, 0.99), "ms"});

  // The epidemic-information portal of a region, served from the portal's cache, against
  // /healthz in the same run (goal: portal_vs_healthz >= 0.8, the ratio of mean latencies, i.e.
  // of requests per second on one connection).
  std::vector<double> portal_ms, portal_healthz_ms;
  const std::vector<std::string> portal_regions = {"330106", "3301", "350102"};
  for (const std::string& r : portal_regions) {  // the first render of each fills the cache
    auto w = c.Send("GET", "/api/v1/regions/" + r + "/portal");
    if (!w.ok() || w->status != 200) return Status::Internal("portal of " + r + " unavailable");
  }
  for (int i = 0; i < o.searches; ++i) {
    auto t = SteadyClock::now();
    auto r = c.Send("GET", "/api/v1/regions/" + portal_regions[i % 3] + "/portal");
    portal_ms.push_back(MillisSince(t));
    if (!r.ok() || r->status != 200) ++bad;
    t = SteadyClock::now();
    auto h = c.Send("GET", "/healthz");
    portal_healthz_ms.push_back(MillisSince(t));
    if (!h.ok() || h->status != 200) ++bad;
  }
  if (bad > 0) return Status::Internal(std::to_string(bad) + " portal or healthz reads failed");
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
  };
  lines.push_back({"portal_p50_ms", benchsupport::Quantile(portal_ms, 0.5), "ms"});
  lines.push_back({"portal_p99_ms", benchsupport::Quantile(portal_ms, 0.99), "ms"});
  lines.push_back({"portal_vs_healthz", mean(portal_healthz_ms) / mean(portal_ms), "ratio"});

  // Applications: open postings, each person applies once to each of a few postings.
  if (o.applications > 0) {
    OW_ASSIGN_OR_RETURN(auto rows,
                        db.Query("SELECT id FROM jobs_postings WHERE valid_through_ms > ? "
                                 "ORDER BY created_at_ms DESC LIMIT 5000",
                                 {now}));
    std::vector<std::string> open;
    for (const auto& r : rows) open.push_back(r.Text(0));
    if (open.empty()) return Status::Internal("no open posting to apply to");
    boost::json::object resume{{"basics", {{"name", "应聘者"}}},
                               {"education", boost::json::array{}},
                               {"work", boost::json::array{}}};
    std::atomic<int> next{0}, failed{0};
    const auto t0 = SteadyClock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
      threads.emplace_back([&] {
        for (int i = next++; i < o.applications; i = next++) {
          Principal p;
          p.person_id = "bench-person-" + std::to_string(i / 4);
          jobs::ApplyInput in;
          in.consent = true;
          in.resume = resume;
          auto a = app.job_applications().Apply(p, open[(i * 7919) % open.size()], in);
          if (!a.ok()) ++failed;
        }
      });
    }
    for (auto& t : threads) t.join();
    const double s = MillisSince(t0) / 1000;
    lines.push_back({"applications", static_cast<double>(o.applications - failed), "applications"});
    lines.push_back({"applications_per_s", (o.applications - failed) / s, "applications/s"});
    lines.push_back({"application_refusals", static_cast<double>(failed.load()), "applications"});
  }
  return lines;
}

}  // namespace ow::jobsbench
