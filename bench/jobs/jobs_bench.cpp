// `onewindow bench jobs` (see jobs_bench.h).
#include "jobs/jobs_bench.h"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>

#include "core/time.h"
#include "crypto/crypto.h"
#include "http/client.h"
#include "identity/validate.h"
#include "jobs/applications.h"
#include "jobs/postings.h"
#include "jobs/search_terms.h"
#include "support/bench_node.h"

namespace ow::jobsbench {

namespace {

namespace json = boost::json;

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
constexpr char kPassword[] = "bench password 1";

// Multi-row INSERTs of `values` (rows of columns.size() values, flattened) into `table`: one
// statement per few hundred rows instead of one per row (on PostgreSQL, one round trip and one
// parse each), under 30,000 parameters per statement (SQLite allows 32,766, PostgreSQL 65,535).
Status InsertRows(store::Tx& tx, std::string_view table,
                  const std::vector<std::string_view>& columns,
                  const std::vector<store::Value>& values) {
  const size_t width = columns.size();
  const size_t per_statement = std::min<size_t>(500, 30'000 / width);
  std::string head = "INSERT INTO " + std::string(table) + " (";
  std::string row = "(";
  for (size_t i = 0; i < width; ++i) {
    head += (i ? ", " : "") + std::string(columns[i]);
    row += i ? ", ?" : "?";
  }
  head += ") VALUES ";
  row += ")";
  std::vector<store::Value> chunk;
  for (size_t first = 0; first < values.size(); first += per_statement * width) {
    const size_t n = std::min(per_statement, (values.size() - first) / width);
    std::string sql = head;
    for (size_t i = 0; i < n; ++i) sql += (i ? ", " : "") + row;
    chunk.assign(values.begin() + static_cast<std::ptrdiff_t>(first),
                 values.begin() + static_cast<std::ptrdiff_t>(first + n * width));
    OW_RETURN_IF_ERROR(tx.Exec(sql, chunk).status());
  }
  return Status::Ok();
}

// What the application prefill needs of a loaded posting.
struct PostingRef {
  std::string id;
  std::string enterprise_id;
  std::string enterprise_name;
  std::string title;
  int64_t created_at_ms = 0;
  int64_t valid_through_ms = 0;
};

// A realistic JSON Resume (basics with contacts and a summary, one or two schools, one to three
// jobs) of prefilled applicant n, the same every time (~0.8-1.5 KB).
std::string ResumeText(uint64_t n) {
  static const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈",
                                                     "杨", "黄", "赵", "吴", "周"};
  static const std::vector<std::string> kGiven = {"伟", "芳", "娜", "秀英", "敏",
                                                  "静", "丽", "强", "磊",   "军"};
  static const std::vector<std::string> kSchools = {"浙江大学", "杭州职业技术学院", "福州大学",
                                                    "南昌大学", "宁波工程学院",     "厦门理工学院"};
  static const std::vector<std::string> kAreas = {"计算机科学与技术", "会计学",
                                                  "护理学",           "机械设计制造及其自动化",
                                                  "市场营销",         "烹饪工艺与营养"};
  std::mt19937_64 r(0x7e5 + n);
  const std::string& region = Regions()[r() % Regions().size()];
  const int born = 1975 + static_cast<int>(r() % 30);
  json::object basics{
      {"name", kSurnames[r() % kSurnames.size()] + kGiven[r() % kGiven.size()]},
      {"label", kRoles[r() % kRoles.size()]},
      {"email", "applicant" + std::to_string(n) + "@example.cn"},
      {"phone", "1" + std::to_string(3000000000ULL + r() % 6999999999ULL)},
      {"summary", "从事" + kRoles[r() % kRoles.size()] + "工作" + std::to_string(1 + r() % 15) +
                      "年，熟悉行业规范，责任心强，善于沟通与团队协作。希望在" + region +
                      "附近找到稳定的工作。"},
      {"location", {{"city", "某市"}, {"region", region}, {"countryCode", "CN"}}}};
  json::array education;
  for (int i = 0, k = 1 + static_cast<int>(r() % 2); i < k; ++i)
    education.push_back({{"institution", kSchools[r() % kSchools.size()]},
                         {"area", kAreas[r() % kAreas.size()]},
                         {"studyType", i == 0 ? "本科" : "硕士"},
                         {"startDate", std::to_string(born + 18 + 4 * i) + "-09"},
                         {"endDate", std::to_string(born + 22 + 3 * i) + "-06"}});
  json::array work;
  for (int i = 0, k = 1 + static_cast<int>(r() % 3); i < k; ++i)
    work.push_back(
        {{"name", "示例企业" + std::to_string(r() % 5000) + "有限公司"},
         {"position", kRoles[r() % kRoles.size()]},
         {"startDate", std::to_string(born + 23 + 3 * i) + "-03"},
         {"endDate", std::to_string(born + 26 + 3 * i) + "-02"},
         {"summary", "负责日常" + kRoles[r() % kRoles.size()] + "相关工作，" +
                         kPerks[r() % kPerks.size()] + "；参与流程改进，获得部门年度优秀员工。"}});
  return json::serialize(json::object{{"basics", std::move(basics)},
                                      {"education", std::move(education)},
                                      {"work", std::move(work)}});
}

}  // namespace

Result<std::vector<BenchLine>> RunJobsBench(const JobsBenchOptions& o) {
  const int64_t prefill =
      o.prefill_applications < 0 ? int64_t{o.postings} * 10 : o.prefill_applications;
  if (o.postings < 1 || o.searches < 1 || o.listings < 0 || o.applications < 0 || o.threads < 1)
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

  // The employer whose list of applications is measured: a registered person, legal
  // representative of a registered enterprise that stands for "bench enterprise 0" (about one
  // posting in 5,000).
  OW_ASSIGN_OR_RETURN(
      std::string employer,
      app.identity().Register(
          {"王招聘", benchsupport::ResidentId("33010619800101", 1), kPassword, {}, {}}));
  const std::string code17 = "91330106MA2000000";
  OW_ASSIGN_OR_RETURN(
      std::string enterprise0,
      app.enterprises().Register(employer, code17 + identity::CreditCodeCheckChar(code17),
                                 "示例企业0有限公司", "legal_representative"));

  // Load.
  std::mt19937_64 rng(0x10b5);
  std::vector<PostingRef> refs;
  refs.reserve(static_cast<size_t>(o.postings));
  const auto load0 = SteadyClock::now();
  constexpr int kBatch = 2000;
  std::vector<jobs::Posting> batch;
  std::vector<store::Value> posting_values, term_values;
  std::vector<std::pair<std::string, const std::string*>> terms;
  for (int done = 0; done < o.postings;) {
    const int n = std::min(kBatch, o.postings - done);
    batch.clear();
    std::mt19937_64 r(0x10b5 + done);
    for (int i = 0; i < n; ++i) {
      jobs::Posting p;
      const std::string& role = kRoles[r() % kRoles.size()];
      const uint64_t enterprise = r() % 5000;
      p.in.enterprise_id =
          enterprise == 0 ? enterprise0 : "bench-enterprise-" + std::to_string(enterprise);
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
      p.id = crypto::NewId();
      batch.push_back(std::move(p));
    }
    if (o.raw_posting_load) {
      OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
        for (jobs::Posting& p : batch) OW_RETURN_IF_ERROR(jobs::PostingService::InsertRaw(tx, p));
        return Status::Ok();
      }));
    } else {
      // The rows PostingService::InsertRaw writes (checked on samples below), in key order
      // within the batch.
      std::sort(batch.begin(), batch.end(),
                [](const jobs::Posting& a, const jobs::Posting& b) { return a.id < b.id; });
      posting_values.clear();
      terms.clear();
      for (const jobs::Posting& p : batch) {
        for (store::Value& v : jobs::PostingService::RowValues(p))
          posting_values.push_back(std::move(v));
        for (std::string& t : jobs::IndexTerms(p.in.title + "\n" + p.in.description))
          terms.emplace_back(std::move(t), &p.id);
      }
      std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
      });
      term_values.clear();
      for (auto& [t, id] : terms) {
        term_values.emplace_back(std::move(t));
        term_values.emplace_back(*id);
      }
      OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
        OW_RETURN_IF_ERROR(
            InsertRows(tx, "jobs_postings", jobs::PostingService::RowColumns(), posting_values));
        return InsertRows(tx, "jobs_terms", {"term", "posting_id"}, term_values);
      }));
    }
    for (const jobs::Posting& p : batch)
      refs.push_back({p.id, p.in.enterprise_id, p.enterprise_name, p.in.title, p.created_at_ms,
                      p.valid_through_ms});
    done += n;
  }
  const double load_s = MillisSince(load0) / 1000;
  lines.push_back({"postings", static_cast<double>(o.postings), "postings"});
  lines.push_back({"load_postings_per_s", o.postings / load_s, "postings/s"});
  // The loaded rows are the ones InsertRaw writes: the region prefixes and every index term of
  // a few postings.
  for (size_t i = 0; i < refs.size(); i += std::max<size_t>(1, refs.size() / 5)) {
    OW_ASSIGN_OR_RETURN(jobs::Posting p, app.job_postings().Get(refs[i].id));
    OW_ASSIGN_OR_RETURN(
        auto row, db.Query("SELECT region2, region4 FROM jobs_postings WHERE id = ?", {p.id}));
    if (row.empty() || row[0].Text(0) != p.in.region.substr(0, 2) ||
        row[0].Text(1) != p.in.region.substr(0, 4))
      return Status::Internal("posting " + p.id + " was not loaded as InsertRaw writes it");
    const auto want = jobs::IndexTerms(p.in.title + "\n" + p.in.description);
    for (const std::string& t : want) {
      OW_ASSIGN_OR_RETURN(auto hit, db.Query("SELECT 1 FROM jobs_terms WHERE term = ? AND "
                                             "posting_id = ?",
                                             {t, p.id}));
      if (hit.empty()) return Status::Internal("posting " + p.id + " lacks term " + t);
    }
  }

  // Prefill: existing applications, written straight into the tables with the rows Apply
  // writes for each (the application with its sealed résumé snapshot, the applicant's inbox
  // message "简历已投递", and the applicant's stored résumé), in transactions of 5,000
  // applications. Applications per posting are heavy-tailed (weight u^-0.6, a median of about
  // 6 for ten per posting, at most 2,000), each by distinct applicants (the live-application
  // uniqueness of (posting, person)), a fifth as many applicants as applications, so each
  // applies about five times; statuses are spread over the pipeline (3% withdrawn, their
  // résumé erased as Withdraw does). Inbox messages of later moves and PDF attachments are not
  // written.
  std::vector<std::string> listing_postings;  // enterprise 0's postings with applications
  int64_t listing_max = 0;
  if (prefill > 0) {
    const auto pre0 = SteadyClock::now();
    constexpr int64_t kMaxPerPosting = 2000;
    if (prefill > kMaxPerPosting * static_cast<int64_t>(refs.size()))
      return Status::Invalid("at most 2,000 prefilled applications per posting");
    std::sort(refs.begin(), refs.end(),
              [](const PostingRef& a, const PostingRef& b) { return a.id < b.id; });
    std::mt19937_64 pr(0xa991);
    std::uniform_real_distribution<double> unit(1e-12, 1.0);
    std::vector<double> weight(refs.size());
    double sum = 0;
    for (double& w : weight) sum += (w = std::pow(unit(pr), -0.6));
    std::vector<int32_t> count(refs.size());
    int64_t assigned = 0;
    double carry = 0;
    for (size_t i = 0; i < refs.size(); ++i) {
      const double want = static_cast<double>(prefill) * weight[i] / sum + carry;
      const int64_t c = std::min(kMaxPerPosting, static_cast<int64_t>(want));
      carry = want - std::floor(want);
      count[i] = static_cast<int32_t>(std::min(c, prefill - assigned));
      assigned += count[i];
    }
    for (size_t i = 0; assigned < prefill; i = (i + 1) % refs.size())
      if (count[i] < kMaxPerPosting) ++count[i], ++assigned;
    weight = {};
    const int64_t persons = std::max<int64_t>(kMaxPerPosting, prefill / 5);
    std::vector<int64_t> person_last(static_cast<size_t>(persons), 0);
    const std::string& key = app.keys().data_key();
    auto person_id = [](int64_t n) { return "bench-applicant-" + std::to_string(n); };
    std::vector<store::Value> app_values, inbox_values;
    std::vector<int64_t> who;
    int64_t in_batch = 0;
    auto flush = [&]() -> Status {
      if (in_batch == 0) return Status::Ok();
      OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) -> Status {
        OW_RETURN_IF_ERROR(
            InsertRows(tx, "jobs_applications",
                       {"id", "posting_id", "enterprise_id", "person_id", "status", "version",
                        "resume", "attachment", "source", "meeting_link", "booking_id",
                        "interview_sequence", "interview_start_ms", "interview_end_ms",
                        "consent_at_ms", "created_at_ms", "updated_at_ms"},
                       app_values));
        return InsertRows(tx, "inbox_messages",
                          {"id", "person_id", "kind", "title_zh", "title_en", "body_zh", "body_en",
                           "link", "created_at", "read_at"},
                          inbox_values);
      }));
      app_values.clear();
      inbox_values.clear();
      in_batch = 0;
      return Status::Ok();
    };
    for (size_t k = 0; k < refs.size(); ++k) {
      const PostingRef& post = refs[k];
      const int64_t c = count[k];
      if (c == 0) continue;
      if (post.enterprise_id == enterprise0) {
        listing_postings.push_back(post.id);
        listing_max = std::max(listing_max, c);
      }
      who.clear();
      while (static_cast<int64_t>(who.size()) < c) {
        while (static_cast<int64_t>(who.size()) < c)
          who.push_back(static_cast<int64_t>(pr() % static_cast<uint64_t>(persons)));
        std::sort(who.begin(), who.end());
        who.erase(std::unique(who.begin(), who.end()), who.end());
      }
      const int64_t open_until = std::min(now, post.valid_through_ms);
      for (int64_t n : who) {
        const std::string id = crypto::NewId();
        const std::string person = person_id(n);
        const int64_t created =
            post.created_at_ms +
            (open_until > post.created_at_ms
                 ? static_cast<int64_t>(pr() %
                                        static_cast<uint64_t>(open_until - post.created_at_ms))
                 : 0);
        const int u = static_cast<int>(pr() % 100);
        const char* status = u < 58   ? jobs::kReceived
                             : u < 72 ? jobs::kShortlisted
                             : u < 77 ? jobs::kInterview
                             : u < 79 ? jobs::kOffer
                             : u < 97 ? jobs::kRejected
                                      : jobs::kWithdrawn;
        const int64_t version = u < 58 ? 1 : u < 72 ? 2 : u < 77 ? 3 : u < 79 ? 4 : 2;
        const int64_t updated =
            u < 58
                ? created
                : created + static_cast<int64_t>(pr() % static_cast<uint64_t>(now - created + 1));
        const bool withdrawn = u >= 97;
        store::Value resume = nullptr;
        if (!withdrawn)
          resume = store::Blob{
              crypto::Seal(key, ResumeText(static_cast<uint64_t>(n)), "jobs-application:" + id)};
        std::string link;
        if (u >= 72 && u < 79 && pr() % 2 == 0)
          link = "https://meeting.example.cn/j/" + std::to_string(100000000 + pr() % 899999999);
        for (store::Value v : std::initializer_list<store::Value>{
                 id, post.id, post.enterprise_id, person, std::string(status), version,
                 std::move(resume), nullptr, std::string(pr() % 2 ? "scan" : "web"),
                 std::move(link), std::string(), int64_t{0}, int64_t{0}, int64_t{0}, created,
                 created, updated})
          app_values.push_back(std::move(v));
        store::Value read_at = nullptr;
        if (pr() % 10 < 7)
          read_at = std::min(now, created + static_cast<int64_t>(pr() % (48 * 3'600'000)));
        for (store::Value v : std::initializer_list<store::Value>{
                 crypto::NewId(), person, std::string("job"), "简历已投递：" + post.title,
                 "Application sent: " + post.title,
                 "您已同意向" + post.enterprise_name + "提供简历，可随时撤回。",
                 "You agreed to share your résumé with " + post.enterprise_name +
                     "; you may withdraw at any time.",
                 "/jobs/applications/" + id, created, std::move(read_at)})
          inbox_values.push_back(std::move(v));
        person_last[static_cast<size_t>(n)] =
            std::max(person_last[static_cast<size_t>(n)], updated);
        if (++in_batch == 5000) OW_RETURN_IF_ERROR(flush());
      }
    }
    OW_RETURN_IF_ERROR(flush());
    // The applicants' stored résumés (Apply keeps the one sent).
    std::vector<store::Value> resume_values;
    for (int64_t n = 0; n < persons; ++n) {
      const int64_t last = person_last[static_cast<size_t>(n)];
      if (last > 0) {
        const std::string person = person_id(n);
        resume_values.emplace_back(person);
        resume_values.emplace_back(store::Blob{
            crypto::Seal(key, ResumeText(static_cast<uint64_t>(n)), "jobs-resume:" + person)});
        resume_values.emplace_back(last);
      }
      if (resume_values.size() >= 3 * 5000 || (n + 1 == persons && !resume_values.empty())) {
        OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) {
          return InsertRows(tx, "jobs_resumes", {"person_id", "resume", "updated_at_ms"},
                            resume_values);
        }));
        resume_values.clear();
      }
    }
    const double pre_s = MillisSince(pre0) / 1000;
    lines.push_back({"prefilled_applications", static_cast<double>(prefill), "applications"});
    lines.push_back(
        {"load_applications_per_s", static_cast<double>(prefill) / pre_s, "applications/s"});
  }

  // Planner statistics of the loaded tables (and, on PostgreSQL, the visibility map that
  // index-only scans need, as autovacuum would leave it).
  const auto analyze0 = SteadyClock::now();
  if (db.dialect() == store::Dialect::kSqlite) {
    OW_RETURN_IF_ERROR(db.Exec("ANALYZE").status());
  } else {
    for (const char* t :
         {"jobs_postings", "jobs_terms", "jobs_applications", "jobs_resumes", "inbox_messages"})
      OW_RETURN_IF_ERROR(db.Exec(std::string("VACUUM ANALYZE ") + t).status());
  }
  lines.push_back({"analyze_s", MillisSince(analyze0) / 1000, "s"});

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

  // The employer's list of one posting's applications (ApplicationService::ForPosting: at most
  // 500, each loaded, its résumé opened and the read audited), over enterprise 0's postings;
  // and the query that finds them, alone, for the share of the table's size in it.
  if (o.listings > 0 && !listing_postings.empty()) {
    Principal employer_principal;
    employer_principal.person_id = employer;
    std::vector<double> list_ms, query_ms;
    int64_t listed = 0;
    for (int i = 0; i < o.listings; ++i) {
      const std::string& id = listing_postings[rng() % listing_postings.size()];
      auto t = SteadyClock::now();
      OW_ASSIGN_OR_RETURN(auto ids, db.Query("SELECT id FROM jobs_applications WHERE posting_id "
                                             "= ? AND status <> ? ORDER BY created_at_ms, id "
                                             "LIMIT 500",
                                             {id, std::string(jobs::kWithdrawn)}));
      query_ms.push_back(MillisSince(t));
      t = SteadyClock::now();
      auto list = app.job_applications().ForPosting(employer_principal, id);
      list_ms.push_back(MillisSince(t));
      if (!list.ok()) return Status::Internal("employer listing: " + list.status().ToString());
      if (list->size() != ids.size())
        return Status::Internal("employer listing of " + id + " has " +
                                std::to_string(list->size()) + " applications, not " +
                                std::to_string(ids.size()));
      listed += static_cast<int64_t>(list->size());
    }
    lines.push_back({"listing_p50_ms", benchsupport::Quantile(list_ms, 0.5), "ms"});
    lines.push_back({"listing_p99_ms", benchsupport::Quantile(list_ms, 0.99), "ms"});
    lines.push_back(
        {"listing_mean_size", static_cast<double>(listed) / o.listings, "applications"});
    lines.push_back({"listing_max_size", static_cast<double>(listing_max), "applications"});
    lines.push_back({"listing_query_p50_ms", benchsupport::Quantile(query_ms, 0.5), "ms"});
    lines.push_back({"listing_query_p99_ms", benchsupport::Quantile(query_ms, 0.99), "ms"});
  }

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
