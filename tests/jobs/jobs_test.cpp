// Online recruitment through the HTTP API on SQLite and PostgreSQL: posting rules (with
// dept-sim as the market regulator's registry), the public search and expiry, the posting page
// and its JobPosting JSON-LD.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "deptsim/dataset.h"
#include "jobs/postings.h"
#include "support/backend_test.h"
#include "support/process.h"

namespace ow::jobs {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

constexpr int kSimSize = 60;

class JobsTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    sim_port_ = testing::FreePort();
    sim_ = new testing::ChildProcess(
        {"dept-sim", "--port", std::to_string(sim_port_), "--data-size", std::to_string(kSimSize)});
    ASSERT_TRUE(testing::WaitHealthy(sim_port_, 20000)) << sim_->Output();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }

  void SetUp() override {
    std::string url;
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    testing::TestServerOptions o;
    o.db_url = url;
    o.configure = [](app::AppConfig& c) {
      c.hall_exchange.default_url = "http://127.0.0.1:" + std::to_string(sim_port_);
      c.hall_exchange.max_attempts = 1;
    };
    server_ = std::make_unique<testing::TestServer>(o);
    // The simulator's data set is seeded: find one active and one deregistered enterprise.
    const deptsim::Dataset data("onewindow-demo", kSimSize);
    for (const auto& e : data.enterprises()) {
      if (e.status == "active" && active_uscc_.empty()) active_uscc_ = e.uscc;
      if (e.status == "deregistered" && gone_uscc_.empty()) gone_uscc_ = e.uscc;
    }
    ASSERT_FALSE(active_uscc_.empty());
    ASSERT_FALSE(gone_uscc_.empty());
    employer_ = Client();
    employer_->RegisterAndLogin("王五", EmployerId());
    const std::string person = *app().identity().FindByIdNumber(EmployerId());
    auto e = app().enterprises().Register(person, active_uscc_, "杭州示例科技有限公司",
                                          "legal_representative");
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    enterprise_ = *e;
    auto g = app().enterprises().Register(person, gone_uscc_, "已注销贸易有限公司", "agent");
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    gone_enterprise_ = *g;
    stranger_ = Client();
    stranger_->RegisterAndLogin("赵六", StrangerId());
    public_ = Client();
  }

  static std::string EmployerId() { return testing::MakeResidentId("330106", "19800101", 3); }
  static std::string StrangerId() { return testing::MakeResidentId("330106", "19920202", 4); }

  app::Application& app() { return server_->app(); }
  std::unique_ptr<TestClient> Client() { return std::make_unique<TestClient>(server_->port()); }

  std::string InDays(int days) {
    return FormatDate(CivilFromDays(DaysFromCivil(ShanghaiDate(app().clock().NowMillis())) + days));
  }

  json::object Body(json::object changes = {}) {
    json::object b{{"enterprise_id", enterprise_},
                   {"title", "软件工程师 Software Engineer"},
                   {"description", "负责政务服务平台后端开发。Backend work on C++ services."},
                   {"region", "330106"},
                   {"locality", "杭州市西湖区"},
                   {"street_address", "文三路 90 号"},
                   {"postal_code", "310012"},
                   {"employment_type", "FULL_TIME"},
                   {"salary_min", 12000},
                   {"salary_max", 20000},
                   {"openings", 3},
                   {"valid_through", InDays(30)}};
    for (auto& [k, v] : changes) b[k] = v;
    return b;
  }

  std::string Post(json::object changes = {}) {
    app().test_clock()->Advance(std::chrono::seconds(1));  // distinct posting times
    Reply r = employer_->Post("/api/v1/jobs", Body(std::move(changes)));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? std::string(r.body.at("id").as_string()) : std::string();
  }

  int64_t Total(const std::string& query) {
    Reply r = public_->Get("/api/v1/jobs" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.raw;
    return r.status == 200 ? r.body.at("total").as_int64() : -1;
  }

  static bool HasError(const Reply& r, const std::string& path, const std::string& code) {
    if (r.status != 422 || !r.body.is_object() || !r.body.as_object().contains("errors"))
      return false;
    for (const auto& e : r.body.at("errors").as_array())
      if (e.at("path") == path.c_str() && e.at("code") == code.c_str()) return true;
    return false;
  }

  static int sim_port_;
  static testing::ChildProcess* sim_;
  testing::PgTestDatabase pg_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<TestClient> employer_, stranger_, public_;
  std::string active_uscc_, gone_uscc_, enterprise_, gone_enterprise_;
};

int JobsTest::sim_port_ = 0;
testing::ChildProcess* JobsTest::sim_ = nullptr;

TEST_P(JobsTest, MemberOfAnActiveEnterprisePosts) {
  Reply r = employer_->Post("/api/v1/jobs", Body());
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body.at("enterprise_name"), "杭州示例科技有限公司");
  EXPECT_EQ(r.body.at("status"), "open");
  EXPECT_EQ(r.body.at("public"), true);
  const std::string id(r.body.at("id").as_string());
  Reply got = public_->Get("/api/v1/jobs/" + id);
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body.at("salary_max"), 20000);
  Reply mine = employer_->Get("/api/v1/enterprises/" + enterprise_ + "/jobs");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body.at("jobs").as_array().size(), 1u);
}

TEST_P(JobsTest, DeregisteredEnterpriseIsRefusedAndNothingIsStored) {
  Reply r = employer_->Post("/api/v1/jobs", Body({{"enterprise_id", gone_enterprise_}}));
  EXPECT_TRUE(HasError(r, "$.enterprise_id", "enterprise_deregistered")) << r.raw;
  EXPECT_EQ(r.ContentType().substr(0, 24), "application/problem+json");
  EXPECT_EQ(Total(""), 0);
  Reply mine = employer_->Get("/api/v1/enterprises/" + gone_enterprise_ + "/jobs");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(mine.body.at("jobs").as_array().empty());
}

TEST_P(JobsTest, OnlyTheEnterprisesPeoplePost) {
  Reply r = stranger_->Post("/api/v1/jobs", Body());
  EXPECT_EQ(r.status, 403) << r.raw;
  Reply anon = public_->Post("/api/v1/jobs", Body());
  EXPECT_EQ(anon.status, 401) << anon.raw;
  EXPECT_EQ(stranger_->Get("/api/v1/enterprises/" + enterprise_ + "/jobs").status, 403);
  EXPECT_EQ(Total(""), 0);
}

TEST_P(JobsTest, BadPostingsAreProblemsWithPathsAndCodes) {
  Reply r = employer_->Post("/api/v1/jobs", Body({{"salary_min", 30000},
                                                  {"employment_type", "FOREVER"},
                                                  {"region", "33010"},
                                                  {"postal_code", "31001a"},
                                                  {"valid_through", InDays(-1)}}));
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_TRUE(HasError(r, "$.salary_max", "salary_range")) << r.raw;
  EXPECT_TRUE(HasError(r, "$.employment_type", "unknown_type")) << r.raw;
  EXPECT_TRUE(HasError(r, "$.region", "bad_region")) << r.raw;
  EXPECT_TRUE(HasError(r, "$.postal_code", "bad_postal_code")) << r.raw;
  EXPECT_TRUE(HasError(r, "$.valid_through", "in_past")) << r.raw;
  json::object missing = Body();
  missing.erase("title");
  Reply m = employer_->Post("/api/v1/jobs", missing);
  EXPECT_EQ(m.status, 422);
  EXPECT_NE(m.raw.find("$.title"), std::string::npos) << m.raw;
  EXPECT_EQ(Total(""), 0);
}

TEST_P(JobsTest, SearchFiltersByRegionKeywordTypeAndSalary) {
  Post();  // 330106 FULL_TIME 12000-20000 软件工程师
  Post({{"title", "厨师 Chef"},
        {"description", "酒店后厨，包食宿。"},
        {"region", "330102"},
        {"employment_type", "PART_TIME"},
        {"salary_min", 5000},
        {"salary_max", 7000}});
  Post({{"title", "仓库管理员"},
        {"description", "物流园区仓储管理。"},
        {"region", "350102"},
        {"locality", "福州市鼓楼区"},
        {"postal_code", "350001"},
        {"salary_min", 6000},
        {"salary_max", 9000}});
  EXPECT_EQ(Total(""), 3);
  EXPECT_EQ(Total("?region=33"), 2);
  EXPECT_EQ(Total("?region=330000"), 2);
  EXPECT_EQ(Total("?region=3301"), 2);
  EXPECT_EQ(Total("?region=330106"), 1);
  EXPECT_EQ(Total("?region=35"), 1);
  EXPECT_EQ(Total("?q=%E5%B7%A5%E7%A8%8B%E5%B8%88"), 1);  // 工程师
  EXPECT_EQ(Total("?q=%E5%B8%88"), 2);                    // 师: 工程师 and 厨师
  EXPECT_EQ(Total("?q=chef"), 1);
  EXPECT_EQ(Total("?q=%E5%8C%85%E9%A3%9F%E5%AE%BF"), 1);  // 包食宿, in the description
  EXPECT_EQ(Total("?q=nothing-like-this"), 0);
  EXPECT_EQ(Total("?type=PART_TIME"), 1);
  EXPECT_EQ(Total("?type=FULL_TIME&region=35"), 1);
  EXPECT_EQ(Total("?salary_min=8000"), 2);
  EXPECT_EQ(Total("?salary_min=15000"), 1);
  Reply page = public_->Get("/api/v1/jobs?limit=2");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.at("jobs").as_array().size(), 2u);
  EXPECT_EQ(page.body.at("total"), 3);
  EXPECT_EQ(page.body.at("jobs").at(0).at("title"), "仓库管理员");  // newest first
  Reply bad = public_->Get("/api/v1/jobs?type=SOMETIMES&region=3x&salary_min=-1&limit=0");
  EXPECT_TRUE(HasError(bad, "$.type", "unknown_type")) << bad.raw;
  EXPECT_TRUE(HasError(bad, "$.region", "bad_region")) << bad.raw;
  EXPECT_TRUE(HasError(bad, "$.salary_min", "bad_number")) << bad.raw;
  EXPECT_TRUE(HasError(bad, "$.limit", "bad_limit")) << bad.raw;
}

// Many postings: a broad query reports "1000+" instead of counting every match, and both query
// plans (driven by a rare keyword's posting list, or probing each candidate for common ones)
// give the same answers.
TEST_P(JobsTest, BroadSearchesCapTheTotalAndBothPlansAgree) {
  const int64_t now = app().clock().NowMillis();
  ASSERT_TRUE(app()
                  .db()
                  .Transact([&](store::Tx& tx) -> Status {
                    for (int i = 0; i < 1200; ++i) {
                      Posting p;
                      p.in.enterprise_id = enterprise_;
                      p.enterprise_name = "杭州示例科技有限公司";
                      p.credit_code = active_uscc_;
                      // Every posting is a 叉车司机; every fifth also says 夜班.
                      p.in.title = i % 5 == 0 ? "叉车司机 夜班" : "叉车司机";
                      p.in.description = "仓储物流。";
                      p.in.region = i % 2 == 0 ? "330106" : "350102";
                      p.in.locality = "某区";
                      p.in.street_address = "某路 1 号";
                      p.in.postal_code = "310012";
                      p.in.employment_type = i % 3 == 0 ? "PART_TIME" : "FULL_TIME";
                      p.in.salary_min = 5000;
                      p.in.salary_max = 8000;
                      p.in.openings = 1;
                      p.in.valid_through = InDays(30);
                      p.valid_through_ms = now + 30LL * 86'400'000;
                      p.status = "open";
                      p.registry_status = "active";
                      p.created_by = "test";
                      p.created_at_ms = now - i * 1000;
                      OW_RETURN_IF_ERROR(PostingService::InsertRaw(tx, p));
                    }
                    return Status::Ok();
                  })
                  .ok());
  auto search = [&](const std::string& query) { return public_->Get("/api/v1/jobs" + query); };
  Reply broad = search("?q=%E5%8F%89%E8%BD%A6");  // 叉车: all 1,200
  ASSERT_EQ(broad.status, 200) << broad.raw;
  EXPECT_EQ(broad.body.at("total"), 1000);
  EXPECT_EQ(broad.body.at("total_exact"), false);
  EXPECT_EQ(broad.body.at("jobs").as_array().size(), 20u);
  EXPECT_EQ(broad.body.at("jobs").at(0).at("title"), "叉车司机 夜班");  // newest first (i = 0)
  // Narrower queries are counted exactly.
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"?q=%E5%A4%9C%E7%8F%AD&region=330106", 120},             // 夜班, i % 10 == 0
      {"?q=%E5%A4%9C%E7%8F%AD%20%E5%8F%89%E8%BD%A6", 240},      // 夜班 叉车, i % 5 == 0
      {"?q=%E5%8F%89%E8%BD%A6&region=35&type=PART_TIME", 200},  // 叉车, i % 6 == 3
      {"?q=%E5%A4%9C%E7%8F%AD&type=PART_TIME", 80},             // 夜班, i % 15 == 0
      {"?q=%E5%8F%89%E8%BD%A6%E5%A4%9C%E7%8F%AD%E5%8E%A8", 0},  // 叉车夜班厨: 班厨 is nowhere
  };
  std::vector<std::string> first_ids(cases.size());
  for (int64_t limit : {int64_t{5000}, int64_t{10}}) {  // rare-term plan, then probes only
    app().job_postings().set_driving_term_limit(limit);
    for (size_t c = 0; c < cases.size(); ++c) {
      Reply r = search(cases[c].first);
      ASSERT_EQ(r.status, 200) << cases[c].first << " " << r.raw;
      EXPECT_EQ(r.body.at("total"), cases[c].second) << cases[c].first << " limit " << limit;
      EXPECT_EQ(r.body.at("total_exact"), true) << cases[c].first;
      std::string ids;
      for (const auto& j : r.body.at("jobs").as_array())
        ids += std::string(j.at("id").as_string()) + ",";
      if (limit == 5000)
        first_ids[c] = ids;
      else
        EXPECT_EQ(ids, first_ids[c]) << cases[c].first;
    }
  }
}

TEST_P(JobsTest, ExpiredAndClosedPostingsDisappear) {
  const std::string soon = Post({{"valid_through", InDays(1)}});
  const std::string later = Post({{"valid_through", InDays(10)}});
  EXPECT_EQ(Total(""), 2);
  // Two days on, the first posting's last day is over.
  app().test_clock()->Advance(std::chrono::hours(48));
  employer_->Login(EmployerId());  // sessions last 12 hours
  stranger_->Login(StrangerId());
  EXPECT_EQ(Total(""), 1);
  EXPECT_EQ(public_->Get("/api/v1/jobs/" + soon).status, 404);
  EXPECT_EQ(public_->Get("/jobs/" + soon).status, 404);
  Reply own = employer_->Get("/api/v1/jobs/" + soon);  // the enterprise still sees it
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body.at("public"), false);
  EXPECT_EQ(stranger_->Post("/api/v1/jobs/" + later + "/close", json::object{}).status, 404);
  ASSERT_EQ(employer_->Post("/api/v1/jobs/" + later + "/close", json::object{}).status, 200);
  EXPECT_EQ(Total(""), 0);
}

// The <script type="application/ld+json"> element of a page, as served.
std::string JsonLdOf(const std::string& html) {
  const std::string open = "<script type=\"application/ld+json\">";
  size_t a = html.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  size_t b = html.find("</script>", a);
  return b == std::string::npos ? "" : html.substr(a, b - a);
}

TEST_P(JobsTest, PostingPageCarriesJobPostingJsonLdAsServed) {
  const std::string evil = "第一行</script><script>alert(1)</script> & <b>more</b>";
  const std::string id = Post({{"description", evil}});
  Reply r = public_->Get("/jobs/" + id);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.ContentType(), "text/html; charset=utf-8");
  // The JSON-LD is the first script of the page, and the description cannot close it.
  EXPECT_EQ(r.raw.find("<script"), r.raw.find("<script type=\"application/ld+json\">"));
  EXPECT_EQ(r.raw.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(r.raw.find("<script>"), std::string::npos);
  const std::string ld = JsonLdOf(r.raw);
  ASSERT_FALSE(ld.empty()) << r.raw;
  json::value v = json::parse(ld);
  EXPECT_EQ(v.at("@type"), "JobPosting");
  EXPECT_EQ(v.at("description"), evil.c_str());
  EXPECT_EQ(v.at("title"), "软件工程师 Software Engineer");
  EXPECT_EQ(v.at("employmentType"), "FULL_TIME");
  EXPECT_EQ(v.at("hiringOrganization").at("name"), "杭州示例科技有限公司");
  const auto& addr = v.at("jobLocation").at("address");
  EXPECT_EQ(addr.at("addressCountry"), "CN");
  EXPECT_EQ(addr.at("addressRegion"), "浙江省");
  EXPECT_EQ(addr.at("addressLocality"), "杭州市西湖区");
  EXPECT_EQ(addr.at("postalCode"), "310012");
  EXPECT_EQ(addr.at("streetAddress"), "文三路 90 号");
  EXPECT_EQ(v.at("baseSalary").at("currency"), "CNY");
  EXPECT_EQ(v.at("baseSalary").at("value").at("minValue"), 12000);
  EXPECT_EQ(v.at("baseSalary").at("value").at("maxValue"), 20000);
  EXPECT_EQ(v.at("baseSalary").at("value").at("unitText"), "MONTH");
  EXPECT_EQ(v.at("identifier").at("value"), id.c_str());
  EXPECT_EQ(v.at("directApply"), true);
  const std::string through(v.at("validThrough").as_string());
  EXPECT_EQ(through, InDays(30) + "T23:59:59+08:00");
  const std::string posted(v.at("datePosted").as_string());
  EXPECT_EQ(posted.substr(0, 10), InDays(0));
  // The visible text is escaped too.
  EXPECT_NE(r.raw.find("&lt;/script&gt;&lt;script&gt;alert(1)"), std::string::npos);
  EXPECT_EQ(public_->Get("/jobs/no-such-posting").status, 404);
}

OW_INSTANTIATE_BACKENDS(JobsTest);

// ---- scan to apply, résumés, the pipeline, interviews, retention ----

class ApplyTest : public JobsTest {
 protected:
  void SetUp() override {
    JobsTest::SetUp();
    if (!server_) return;
    posting_ = Post();
    applicant_ = Client();
    applicant_->RegisterAndLogin("李雷", ApplicantId());
    applicant_person_ = *app().identity().FindByIdNumber(ApplicantId());
  }
  static std::string ApplicantId() { return testing::MakeResidentId("330106", "19950505", 5); }

  json::object Resume(const std::string& name = "李雷") {
    return {{"basics", {{"name", name}, {"email", "lilei@example.cn"}, {"phone", "13800000000"}}},
            {"education", json::array{{{"institution", "浙江大学"},
                                       {"area", "计算机科学"},
                                       {"studyType", "本科"},
                                       {"startDate", "2013-09"},
                                       {"endDate", "2017-06"}}}},
            {"work", json::array{{{"name", "某网络公司"},
                                  {"position", "后端工程师"},
                                  {"startDate", "2017-07"},
                                  {"summary", "负责支付系统。"}}}}};
  }

  std::string Apply(TestClient& c, const std::string& posting, json::object extra = {}) {
    json::object body{{"consent", true}};
    for (auto& [k, v] : extra) body[k] = v;
    Reply r = c.Post("/api/v1/jobs/" + posting + "/applications", body);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? std::string(r.body.at("id").as_string()) : std::string();
  }

  Reply Move(const std::string& id, const std::string& to, int64_t version,
             const std::string& link = "") {
    json::object b{{"to", to}, {"version", version}};
    if (!link.empty()) b["meeting_link"] = link;
    return employer_->Post("/api/v1/job-applications/" + id + "/status", b);
  }

  int64_t JobMessages(TestClient& c) {
    Reply r = c.Get("/api/v1/me/inbox");
    EXPECT_EQ(r.status, 200) << r.raw;
    int64_t n = 0;
    for (const auto& m : r.body.at("messages").as_array()) n += m.at("kind") == "job" ? 1 : 0;
    return n;
  }

  std::string posting_, applicant_person_;
  std::unique_ptr<TestClient> applicant_;
};

TEST_P(ApplyTest, PosterTokenValidTamperedForeignAndExpired) {
  Reply png = employer_->Get("/api/v1/jobs/" + posting_ + "/poster.png");
  ASSERT_EQ(png.status, 200) << png.raw;
  EXPECT_EQ(png.ContentType(), "image/png");
  EXPECT_EQ(png.raw.substr(1, 3), "PNG");
  Reply svg = employer_->Get("/api/v1/jobs/" + posting_ + "/poster.svg");
  ASSERT_EQ(svg.status, 200);
  EXPECT_NE(svg.raw.find("<svg"), std::string::npos);
  EXPECT_EQ(stranger_->Get("/api/v1/jobs/" + posting_ + "/poster.png").status, 403);

  const std::string token = app().job_applications().ScanToken(posting_);
  Reply ok = applicant_->Get("/api/v1/jobs/" + posting_ + "/apply?token=" + token);
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body.at("resume").at("basics").at("name"), "李雷");  // from the real-name profile
  EXPECT_EQ(ok.body.at("resume_stored"), false);

  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  Reply bad = applicant_->Get("/api/v1/jobs/" + posting_ + "/apply?token=" + tampered);
  EXPECT_TRUE(HasError(bad, "$.token", "token_invalid")) << bad.raw;
  const std::string other = Post({{"title", "另一个岗位"}});
  Reply foreign = applicant_->Get("/api/v1/jobs/" + other + "/apply?token=" + token);
  EXPECT_TRUE(HasError(foreign, "$.token", "token_invalid")) << foreign.raw;

  app().test_clock()->Advance(std::chrono::hours(25));
  applicant_->Login(ApplicantId());  // sessions last 12 hours
  Reply expired = applicant_->Get("/api/v1/jobs/" + posting_ + "/apply?token=" + token);
  EXPECT_TRUE(HasError(expired, "$.token", "token_expired")) << expired.raw;
  Reply refused = applicant_->Post("/api/v1/jobs/" + posting_ + "/applications",
                                   {{"consent", true}, {"token", token}});
  EXPECT_TRUE(HasError(refused, "$.token", "token_expired")) << refused.raw;
  // Nothing was stored by the refused application.
  Reply mine = applicant_->Get("/api/v1/me/job-applications");
  EXPECT_TRUE(mine.body.at("applications").as_array().empty());
}

TEST_P(ApplyTest, ConsentIsRequired) {
  Reply r = applicant_->Post("/api/v1/jobs/" + posting_ + "/applications",
                             {{"consent", false}, {"resume", Resume()}});
  EXPECT_TRUE(HasError(r, "$.consent", "consent_required")) << r.raw;
  Reply list = employer_->Get("/api/v1/jobs/" + posting_ + "/applications");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_TRUE(list.body.at("applications").as_array().empty());
}

TEST_P(ApplyTest, ResumeIsKeptAndReusedAndMaskedForTheEmployerUntilInterview) {
  const std::string token = app().job_applications().ScanToken(posting_);
  const std::string id = Apply(*applicant_, posting_, {{"token", token}, {"resume", Resume()}});
  Reply me = applicant_->Get("/api/v1/me/resume");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body.at("stored"), true);
  EXPECT_EQ(me.body.at("resume").at("education").at(0).at("institution"), "浙江大学");
  // A second application without a résumé reuses the stored one.
  const std::string second = Post({{"title", "测试工程师"}});
  const std::string id2 = Apply(*applicant_, second);
  Reply a2 = applicant_->Get("/api/v1/job-applications/" + id2);
  ASSERT_EQ(a2.status, 200);
  EXPECT_EQ(a2.body.at("resume").at("work").at(0).at("position"), "后端工程师");
  EXPECT_EQ(a2.body.at("source"), "web");

  Reply list = employer_->Get("/api/v1/jobs/" + posting_ + "/applications");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body.at("applications").as_array().size(), 1u);
  const auto& seen = list.body.at("applications").at(0);
  EXPECT_EQ(seen.at("source"), "scan");
  EXPECT_EQ(seen.at("applicant").at("revealed"), false);
  EXPECT_NE(seen.at("resume").at("basics").at("name"), "李雷");
  EXPECT_FALSE(seen.at("resume").at("basics").as_object().contains("phone"));
  const std::string masked_id(seen.at("applicant").at("masked_id").as_string());
  EXPECT_EQ(masked_id.find(ApplicantId()), std::string::npos);
  EXPECT_NE(masked_id.find('*'), std::string::npos);
  // Every read by the employer is in the applicant's audit trail.
  auto audit = app().audit().List(100, "", applicant_person_);
  ASSERT_TRUE(audit.ok());
  int reads = 0;
  for (const auto& e : *audit) reads += e.event.action == "jobs.application.read" ? 1 : 0;
  EXPECT_GE(reads, 1);
  ASSERT_EQ(Move(id, "shortlisted", 1).status, 200);
  Reply invited = Move(id, "interview", 2, "https://meeting.example.cn/j/123");
  ASSERT_EQ(invited.status, 200) << invited.raw;
  EXPECT_EQ(invited.body.at("applicant").at("revealed"), true);
  EXPECT_EQ(invited.body.at("resume").at("basics").at("name"), "李雷");
  EXPECT_EQ(invited.body.at("resume").at("basics").at("phone"), "13800000000");
  // The ID stays masked.
  EXPECT_EQ(invited.body.at("applicant").at("masked_id"), masked_id.c_str());
  EXPECT_EQ(stranger_->Get("/api/v1/job-applications/" + id).status, 404);
}

TEST_P(ApplyTest, WithdrawalRemovesTheEmployersAccess) {
  const std::string id = Apply(*applicant_, posting_, {{"resume", Resume()}});
  const std::string pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
  Reply up = applicant_->CallRaw("PUT", "/api/v1/job-applications/" + id + "/attachment", pdf,
                                 {{"Content-Type", "application/pdf"}});
  ASSERT_EQ(up.status, 204) << up.raw;
  Reply notpdf = applicant_->CallRaw("PUT", "/api/v1/job-applications/" + id + "/attachment",
                                     "hello", {{"Content-Type", "application/pdf"}});
  EXPECT_TRUE(HasError(notpdf, "$", "not_pdf")) << notpdf.raw;
  Reply got = employer_->Get("/api/v1/job-applications/" + id + "/attachment");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.raw, pdf);
  ASSERT_EQ(employer_->Get("/api/v1/job-applications/" + id).status, 200);

  Reply w = applicant_->Post("/api/v1/job-applications/" + id + "/withdraw", json::object{});
  ASSERT_EQ(w.status, 200) << w.raw;
  EXPECT_EQ(w.body.at("status"), "withdrawn");
  EXPECT_FALSE(w.body.as_object().contains("resume"));
  EXPECT_EQ(employer_->Get("/api/v1/job-applications/" + id).status, 404);
  EXPECT_EQ(employer_->Get("/api/v1/job-applications/" + id + "/attachment").status, 404);
  EXPECT_EQ(Move(id, "shortlisted", 1).status, 404);
  Reply list = employer_->Get("/api/v1/jobs/" + posting_ + "/applications");
  EXPECT_TRUE(list.body.at("applications").as_array().empty());
  // The person may apply again.
  Apply(*applicant_, posting_);
}

TEST_P(ApplyTest, PipelineTransitionsAreCheckedAndTheApplicantIsTold) {
  const std::string id = Apply(*applicant_, posting_, {{"resume", Resume()}});
  const int64_t before = JobMessages(*applicant_);
  EXPECT_EQ(before, 1);  // the application itself
  Reply skip = Move(id, "offer", 1);
  EXPECT_TRUE(HasError(skip, "$.to", "bad_transition")) << skip.raw;
  ASSERT_EQ(Move(id, "shortlisted", 1).status, 200);
  Reply stale = Move(id, "interview", 1);
  EXPECT_EQ(stale.status, 409) << stale.raw;
  EXPECT_NE(stale.raw.find("stale_version"), std::string::npos);
  ASSERT_EQ(Move(id, "interview", 2).status, 200);
  ASSERT_EQ(Move(id, "offer", 3).status, 200);
  EXPECT_EQ(JobMessages(*applicant_), before + 3);
  Reply after = Move(id, "rejected", 4);
  EXPECT_TRUE(HasError(after, "$.to", "bad_transition")) << after.raw;
  EXPECT_EQ(
      stranger_
          ->Post("/api/v1/job-applications/" + id + "/status", {{"to", "rejected"}, {"version", 4}})
          .status,
      404);
  Reply mine = applicant_->Get("/api/v1/job-applications/" + id);
  EXPECT_EQ(mine.body.at("status"), "offer");
}

// The VEVENT property `name` of a calendar ("" when missing).
std::string IcsProperty(const std::string& ics, const std::string& name) {
  const size_t a = ics.find("\r\n" + name + ":");
  if (a == std::string::npos) return "";
  const size_t b = ics.find("\r\n", a + 2);
  return ics.substr(a + 3 + name.size(), b - a - 3 - name.size());
}

TEST_P(ApplyTest, InterviewSlotsKeepCapacityAndTheCalendarEntryFollowsReschedules) {
  auto other = Client();
  other->RegisterAndLogin("韩梅梅", testing::MakeResidentId("330106", "19960606", 6));
  const std::string a1 = Apply(*applicant_, posting_, {{"resume", Resume()}});
  const std::string a2 = Apply(*other, posting_, {{"resume", Resume("韩梅梅")}});
  // Slots tomorrow at 10:00 and 11:00 Shanghai, one place each.
  const Date tomorrow = CivilFromDays(DaysFromCivil(ShanghaiDate(app().clock().NowMillis())) + 1);
  const int64_t ten = ShanghaiMidnightMillis(tomorrow) + 10 * 3600 * 1000LL;
  std::vector<std::string> slots;
  for (int64_t start : std::vector<int64_t>{ten, ten + int64_t{3600 * 1000}}) {
    Reply s = employer_->Post("/api/v1/jobs/" + posting_ + "/interview-slots",
                              {{"start", FormatRfc3339(start)},
                               {"end", FormatRfc3339(start + 30 * 60 * 1000)},
                               {"capacity", 1}});
    ASSERT_EQ(s.status, 201) << s.raw;
    slots.push_back(std::string(s.body.at("id").as_string()));
  }
  // Not invited yet: no slots, no booking.
  EXPECT_EQ(applicant_->Get("/api/v1/jobs/" + posting_ + "/interview-slots").status, 403);
  EXPECT_EQ(
      applicant_->Post("/api/v1/job-applications/" + a1 + "/interview", {{"slot_id", slots[0]}})
          .status,
      409);
  for (const std::string& id : {a1, a2}) {
    ASSERT_EQ(Move(id, "shortlisted", 1).status, 200);
    ASSERT_EQ(Move(id, "interview", 2, "https://meeting.example.cn/j/9").status, 200);
  }
  Reply listed = applicant_->Get("/api/v1/jobs/" + posting_ + "/interview-slots");
  ASSERT_EQ(listed.status, 200) << listed.raw;
  EXPECT_EQ(listed.body.at("slots").as_array().size(), 2u);
  Reply b1 =
      applicant_->Post("/api/v1/job-applications/" + a1 + "/interview", {{"slot_id", slots[0]}});
  ASSERT_EQ(b1.status, 200) << b1.raw;
  // The slot's one place is taken: the other applicant is refused by the scheduling module.
  Reply full =
      other->Post("/api/v1/job-applications/" + a2 + "/interview", {{"slot_id", slots[0]}});
  EXPECT_EQ(full.status, 409) << full.raw;
  EXPECT_NE(full.raw.find("slot_full"), std::string::npos) << full.raw;

  Reply ics1 = applicant_->Get("/api/v1/job-applications/" + a1 + "/interview.ics");
  ASSERT_EQ(ics1.status, 200) << ics1.raw;
  EXPECT_EQ(ics1.ContentType().substr(0, 13), "text/calendar");
  const std::string uid = IcsProperty(ics1.raw, "UID");
  EXPECT_FALSE(uid.empty());
  EXPECT_EQ(IcsProperty(ics1.raw, "SEQUENCE"), "0");
  EXPECT_EQ(IcsProperty(ics1.raw, "DTSTART"), "20" + FormatRfc3339(ten).substr(2, 2) +
                                                  FormatRfc3339(ten).substr(5, 2) +
                                                  FormatRfc3339(ten).substr(8, 2) + "T020000Z");
  EXPECT_EQ(IcsProperty(ics1.raw, "URL"), "https://meeting.example.cn/j/9");

  // Rescheduling to 11:00 keeps the UID and raises SEQUENCE; 10:00 is free again.
  ASSERT_EQ(
      applicant_->Post("/api/v1/job-applications/" + a1 + "/interview", {{"slot_id", slots[1]}})
          .status,
      200);
  Reply ics2 = employer_->Get("/api/v1/job-applications/" + a1 + "/interview.ics");
  ASSERT_EQ(ics2.status, 200) << ics2.raw;
  EXPECT_EQ(IcsProperty(ics2.raw, "UID"), uid);
  EXPECT_EQ(IcsProperty(ics2.raw, "SEQUENCE"), "1");
  Reply b2 = other->Post("/api/v1/job-applications/" + a2 + "/interview", {{"slot_id", slots[0]}});
  EXPECT_EQ(b2.status, 200) << b2.raw;
  EXPECT_EQ(stranger_->Get("/api/v1/job-applications/" + a1 + "/interview.ics").status, 404);
}

TEST_P(ApplyTest, ApplicationsAndResumesArePurgedAfterRetention) {
  const std::string id = Apply(*applicant_, posting_, {{"resume", Resume()}});
  ASSERT_TRUE(app().RunJobsPurge().ok());
  EXPECT_EQ(applicant_->Get("/api/v1/job-applications/" + id).status, 200);  // still kept
  app().test_clock()->Advance(std::chrono::hours(24 * (app().config().jobs.retention_days + 1)));
  applicant_->Login(ApplicantId());  // sessions last 12 hours
  ASSERT_TRUE(app().RunJobsPurge().ok());
  EXPECT_EQ(applicant_->Get("/api/v1/job-applications/" + id).status, 404);
  Reply me = applicant_->Get("/api/v1/me/resume");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body.at("stored"), false);
  EXPECT_FALSE(me.body.at("resume").at("basics").as_object().contains("phone"));
  EXPECT_TRUE(me.body.at("resume").at("education").as_array().empty());
}

OW_INSTANTIATE_BACKENDS(ApplyTest);

}  // namespace
}  // namespace ow::jobs
