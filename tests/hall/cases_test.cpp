// Applications through the HTTP API on both backends: drafts and submission with case numbers,
// every transition and refused ones, the officer's queue and claims, deadlines across holidays
// and a correction round, and concurrent officers (one wins, the other gets 409).
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "core/time.h"
#include "identity/validate.h"
#include "support/backend_test.h"

namespace ow::hall {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

constexpr char kTaxItem[] = "330000-0203-01";      // enterprise, promised 5 / legal 20 days
constexpr char kCitizenItem[] = "330000-1019-01";  // citizen
constexpr char kTaxDept[] = "dept:330000-TAX";

std::string CreditCode(const std::string& serial9) {
  std::string first = "91330100" + serial9;
  return first + identity::CreditCodeCheckChar(first);
}

class CasesTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // Monday 2026-09-21, 10:00 in Shanghai; the clock is frozen so that days are exact.
    app().test_clock()->Set(
        TimePoint(std::chrono::milliseconds(*ParseRfc3339("2026-09-21T02:00:00Z"))));
    app().test_clock()->Freeze(true);
    applicant_ = Client();
    applicant_->RegisterAndLogin("张三", testing::MakeResidentId("330106", "19900307", 1));
    applicant_id_ = Person(testing::MakeResidentId("330106", "19900307", 1));
    auto e = app().enterprises().Register(applicant_id_, CreditCode("MA2H0000X"),
                                          "杭州示例科技有限公司", "legal_representative");
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    enterprise_ = *e;
    officer1_ = Officer("李四", testing::MakeResidentId("330106", "19850101", 2));
    officer2_ = Officer("王五", testing::MakeResidentId("330106", "19850101", 3));
    stranger_ = Client();
    stranger_->RegisterAndLogin("赵六", testing::MakeResidentId("330106", "19920202", 4));
  }

  std::string Person(const std::string& id_number) {
    auto p = app().identity().FindByIdNumber(id_number);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : "";
  }

  std::unique_ptr<TestClient> Officer(const std::string& name, const std::string& id_number) {
    auto c = Client();
    c->RegisterAndLogin(name, id_number);
    EXPECT_TRUE(
        app().identity().Grant(Person(id_number), Role::kServiceOfficer, kTaxDept, "admin").ok());
    c->Login(id_number);  // a new session carries the grant
    return c;
  }

  // A draft, or a submitted application: a draft, its two required files, then "submit" (the
  // item requires uploads, so the one-step POST cannot submit it). Submitted: the submit
  // action's answer, with status 201 as the one-step POST would give.
  Reply Apply(bool draft = false,
              json::object answers = {
                  {"deferral_request", "增值税 30 万元，延期 3 个月，疫情停工"}}) {
    Reply d = applicant_->Post("/api/v1/hall/applications", {{"item", kTaxItem},
                                                             {"enterprise_id", enterprise_},
                                                             {"answers", answers},
                                                             {"draft", true}});
    if (draft || d.status != 201) return d;
    const std::string id(d.body.at("id").as_string());
    UploadFiles(*applicant_, id);
    Reply s = Act(*applicant_, id, "submit");
    if (s.status == 200) s.status = 201;
    return s;
  }

  static void UploadFiles(TestClient& c, const std::string& id) {
    for (const char* material : {"bank_statements", "balance_sheet"}) {
      Reply f = c.CallRaw("POST", "/api/v1/hall/applications/" + id + "/files?material=" + material,
                          "%PDF-1.4 test", {{"Content-Type", "application/pdf"}});
      EXPECT_EQ(f.status, 201) << f.raw;
    }
  }

  Reply Act(TestClient& c, const std::string& ref, const std::string& action,
            const std::string& note = "", int64_t version = -1) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (version >= 0) headers.emplace_back("If-Match", "\"" + std::to_string(version) + "\"");
    json::object body{{"action", action}};
    if (!note.empty()) body["note"] = note;
    return c.Call("POST", "/api/v1/hall/applications/" + ref + "/actions", body, headers);
  }

  // Moves the frozen clock by whole days; sessions expire after 12 hours, so everyone logs in
  // again.
  void AdvanceDays(int days) {
    app().test_clock()->Advance(std::chrono::hours(24 * days));
    applicant_->Login(testing::MakeResidentId("330106", "19900307", 1));
    officer1_->Login(testing::MakeResidentId("330106", "19850101", 2));
    officer2_->Login(testing::MakeResidentId("330106", "19850101", 3));
  }

  std::unique_ptr<TestClient> applicant_, officer1_, officer2_, stranger_;
  std::string applicant_id_, enterprise_;
};

std::string FieldPath(const Reply& r) {
  return r.body.is_object() && r.body.as_object().contains("errors")
             ? std::string(r.body.at("errors").as_array()[0].at("path").as_string())
             : "";
}

TEST_P(CasesTest, DraftThenSubmitGivesACaseNumber) {
  if (!server_) return;
  // Who may apply for what.
  Reply no_enterprise = applicant_->Post("/api/v1/hall/applications", {{"item", kTaxItem}});
  EXPECT_EQ(no_enterprise.status, 422);
  EXPECT_EQ(FieldPath(no_enterprise), "$.enterprise_id");
  Reply citizen_item = applicant_->Post("/api/v1/hall/applications",
                                        {{"item", kCitizenItem}, {"enterprise_id", enterprise_}});
  EXPECT_EQ(FieldPath(citizen_item), "$.enterprise_id");
  Reply not_mine = stranger_->Post("/api/v1/hall/applications",
                                   {{"item", kTaxItem}, {"enterprise_id", enterprise_}});
  EXPECT_EQ(not_mine.status, 403);
  Reply unknown = Apply(true, {{"salary", "1"}});
  EXPECT_EQ(FieldPath(unknown), "$.answers.salary");

  // A draft, saved and completed later.
  Reply draft = Apply(true, {});
  ASSERT_EQ(draft.status, 201) << draft.raw;
  EXPECT_EQ(draft.body.at("state").as_string(), "draft");
  EXPECT_TRUE(draft.body.at("case_number").is_null());
  const std::string id(draft.body.at("id").as_string());
  Reply early = Act(*applicant_, id, "submit");
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(FieldPath(early), "$.answers.deferral_request");
  Reply saved = applicant_->Call("PUT", "/api/v1/hall/applications/" + id + "/answers",
                                 json::object{{"answers", {{"deferral_request", "延期三个月"}}}},
                                 {{"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 200) << saved.raw;
  EXPECT_EQ(saved.response.Header("ETag"), "\"2\"");
  Reply stale =
      applicant_->Call("PUT", "/api/v1/hall/applications/" + id + "/answers",
                       json::object{{"answers", json::object{}}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stranger_->Get("/api/v1/hall/applications/" + id).status, 404);
  EXPECT_EQ(officer1_->Get("/api/v1/hall/applications/" + id).status, 404);  // drafts are private
  UploadFiles(*applicant_, id);
  Reply submitted = Act(*applicant_, id, "submit");
  ASSERT_EQ(submitted.status, 200) << submitted.raw;
  EXPECT_EQ(submitted.body.at("state").as_string(), "submitted");
  const std::string number(submitted.body.at("case_number").as_string());
  EXPECT_TRUE(std::regex_match(number, std::regex("^330000-0203-20260921-00001$"))) << number;
  // Found by number as by id, and in the applicant's list.
  EXPECT_EQ(applicant_->Get("/api/v1/hall/applications/" + number).status, 200);
  Reply mine = applicant_->Get("/api/v1/me/hall/applications");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body.at("applications").as_array().size(), 1u);
  // The second case of the day gets the next number.
  Reply second = Apply();
  ASSERT_EQ(second.status, 201) << second.raw;
  EXPECT_EQ(second.body.at("case_number").as_string(), "330000-0203-20260921-00002");
}

TEST_P(CasesTest, AcceptanceDeadlineAndACorrectionRound) {
  if (!server_) return;
  Reply c = Apply();
  ASSERT_EQ(c.status, 201) << c.raw;
  const std::string n(c.body.at("case_number").as_string());
  // The queue shows it to the department's officers only.
  Reply queue = officer1_->Get("/api/v1/hall/queue");
  ASSERT_EQ(queue.status, 200) << queue.raw;
  ASSERT_EQ(queue.body.at("cases").as_array().size(), 1u);
  EXPECT_EQ(stranger_->Get("/api/v1/hall/queue").status, 403);
  EXPECT_EQ(stranger_->Get("/api/v1/hall/applications/" + n).status, 404);
  // The applicant cannot accept; the officer can.
  EXPECT_EQ(Act(*applicant_, n, "accept").status, 403);
  Reply accepted = Act(*officer1_, n, "accept");
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  const auto& deadline = accepted.body.at("deadline");
  EXPECT_EQ(deadline.at("due").as_string(), "2026-09-29");        // 5 working days (Mid-Autumn)
  EXPECT_EQ(deadline.at("legal_due").as_string(), "2026-10-26");  // 20, over National Day
  EXPECT_EQ(deadline.at("status").as_string(), "running");
  EXPECT_TRUE(accepted.body.at("assigned_to_me").as_bool());
  // Another officer cannot act on a claimed case.
  EXPECT_EQ(Act(*officer2_, n, "start_review").status, 409);

  // Correction: a reason is required; the clock stops until the applicant answers.
  EXPECT_EQ(FieldPath(Act(*officer1_, n, "request_correction")), "$.note");
  AdvanceDays(1);  // Tuesday 9/22
  Reply corr = Act(*officer1_, n, "request_correction", "请补充银行对账单");
  ASSERT_EQ(corr.status, 200) << corr.raw;
  EXPECT_EQ(corr.body.at("deadline").at("status").as_string(), "paused");
  AdvanceDays(17);  // Friday 10/9: 7 working days stopped (9/23-9/30 and 10/8-10/9)
  Reply resub = Act(*applicant_, n, "resubmit");
  ASSERT_EQ(resub.status, 200) << resub.raw;
  EXPECT_EQ(resub.body.at("state").as_string(), "review");
  EXPECT_EQ(resub.body.at("deadline").at("due").as_string(), "2026-10-14");
  EXPECT_EQ(resub.body.at("deadline").at("status").as_string(), "running");
  AdvanceDays(4);  // Tuesday 10/13: one working day left
  Reply warn = applicant_->Get("/api/v1/hall/applications/" + n);
  EXPECT_EQ(warn.body.at("deadline").at("status").as_string(), "warning");
  AdvanceDays(2);  // Thursday 10/15
  Reply late = officer1_->Get("/api/v1/hall/queue?overdue=1");
  ASSERT_EQ(late.status, 200);
  ASSERT_EQ(late.body.at("cases").as_array().size(), 1u);
  EXPECT_EQ(late.body.at("cases").as_array()[0].at("deadline").at("status").as_string(), "overdue");

  // Decision and closing; nothing moves a closed case.
  EXPECT_EQ(FieldPath(Act(*officer1_, n, "approve")), "$.note");
  ASSERT_EQ(Act(*officer1_, n, "approve", "准予延期缴纳至 2026-12-31").status, 200);
  Reply closed = Act(*officer1_, n, "close");
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(closed.body.at("deadline").at("status").as_string(), "done");
  EXPECT_EQ(Act(*applicant_, n, "withdraw").status, 409);
  EXPECT_EQ(Act(*officer1_, n, "close").status, 409);

  // The applicant sees the whole history; officers only by masked name.
  Reply full = applicant_->Get("/api/v1/hall/applications/" + n);
  const auto& history = full.body.at("history").as_array();
  std::vector<std::string> actions;
  for (const auto& h : history) actions.emplace_back(h.at("action").as_string());
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "accept", "request_correction",
                                               "resubmit", "approve", "close"}));
  EXPECT_EQ(history[2].at("actor").as_string(), "李*");
  EXPECT_EQ(history[3].at("note").as_string(), "请补充银行对账单");
  EXPECT_EQ(full.raw.find("李四"), std::string::npos);

  // Every state change reached the applicant's inbox, with the officer's reasons.
  Reply inbox = applicant_->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  int cases = 0;
  bool correction = false;
  for (const auto& m : inbox.body.at("messages").as_array()) {
    if (m.at("kind") != "case") continue;
    ++cases;
    EXPECT_EQ(m.at("link").as_string(), "/hall/cases/" + n);
    correction |=
        std::string(m.at("body_zh").as_string()).find("请补充银行对账单") != std::string::npos;
  }
  EXPECT_EQ(cases, 6);  // submit, accept, correction, resubmit, approve, close
  EXPECT_TRUE(correction);
}

TEST_P(CasesTest, RefusalAndWithdrawal) {
  if (!server_) return;
  Reply a = Apply();
  const std::string n1(a.body.at("case_number").as_string());
  EXPECT_EQ(Act(*officer1_, n1, "approve", "x").status, 409);  // not under review
  ASSERT_EQ(Act(*officer1_, n1, "refuse", "不属于本机关职权范围").status, 200);
  EXPECT_EQ(Act(*officer1_, n1, "accept").status, 409);
  Reply b = Apply();
  const std::string n2(b.body.at("case_number").as_string());
  ASSERT_EQ(Act(*applicant_, n2, "withdraw").status, 200);
  EXPECT_EQ(Act(*officer1_, n2, "accept").status, 409);
  Reply bad = Act(*applicant_, n2, "teleport");
  EXPECT_EQ(FieldPath(bad), "$.action");
}

TEST_P(CasesTest, ConcurrentOfficersOneWinsTheOtherGets409) {
  if (!server_) return;
  Reply a = Apply();
  ASSERT_EQ(a.status, 201);
  const std::string n(a.body.at("case_number").as_string());
  const int64_t version = a.body.at("version").as_int64();
  std::atomic<int> ok{0}, conflict{0}, other{0};
  auto attempt = [&](TestClient& c) {
    Reply r = Act(c, n, "accept", "", version);
    (r.status == 200 ? ok : r.status == 409 ? conflict : other)++;
  };
  std::thread t1(attempt, std::ref(*officer1_)), t2(attempt, std::ref(*officer2_));
  t1.join();
  t2.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
  EXPECT_EQ(other.load(), 0);
  Reply after = applicant_->Get("/api/v1/hall/applications/" + n);
  int accepts = 0;
  for (const auto& h : after.body.at("history").as_array()) accepts += h.at("action") == "accept";
  EXPECT_EQ(accepts, 1);

  // Claims: the first claim wins; the loser sees the case as someone else's.
  Reply b = Apply();
  const std::string m(b.body.at("case_number").as_string());
  Reply c1 = officer1_->Call("POST", "/api/v1/hall/applications/" + m + "/claim", nullptr);
  EXPECT_EQ(c1.status, 200) << c1.raw;
  EXPECT_EQ(officer2_->Call("POST", "/api/v1/hall/applications/" + m + "/claim", nullptr).status,
            409);
  EXPECT_EQ(officer2_->Call("POST", "/api/v1/hall/applications/" + m + "/release", nullptr).status,
            409);
  EXPECT_EQ(officer1_->Call("POST", "/api/v1/hall/applications/" + m + "/release", nullptr).status,
            200);
  EXPECT_EQ(officer2_->Call("POST", "/api/v1/hall/applications/" + m + "/claim", nullptr).status,
            200);
}

TEST_P(CasesTest, CaseNumbersStayUniqueUnderConcurrentSubmissions) {
  if (!server_) return;
  constexpr int kThreads = 8;
  std::vector<std::string> numbers(kThreads);
  std::vector<std::thread> threads;
  // Drafts with their files first; the submissions race.
  std::vector<std::string> drafts;
  for (int i = 0; i < kThreads; ++i) {
    Reply d =
        applicant_->Post("/api/v1/hall/applications", {{"item", kTaxItem},
                                                       {"enterprise_id", enterprise_},
                                                       {"answers", {{"deferral_request", "延期"}}},
                                                       {"draft", true}});
    ASSERT_EQ(d.status, 201) << d.raw;
    drafts.emplace_back(d.body.at("id").as_string());
    UploadFiles(*applicant_, drafts.back());
  }
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      TestClient c(server_->port());
      c.SetToken(applicant_->token());
      Reply r =
          c.Post("/api/v1/hall/applications/" + drafts[i] + "/actions", {{"action", "submit"}});
      if (r.status == 200) numbers[i] = std::string(r.body.at("case_number").as_string());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads));
  EXPECT_FALSE(distinct.count(""));
  EXPECT_TRUE(distinct.count("330000-0203-20260921-00008"));
}

OW_INSTANTIATE_BACKENDS(CasesTest);

}  // namespace
}  // namespace ow::hall
