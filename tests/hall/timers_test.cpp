// The hall timers with two nodes on one database (SQLite file and PostgreSQL): the deadline
// warning, the overdue notice and the escalation to the department's supervisor each reach
// their inbox exactly once, whichever node runs and even when both run at once; the lease
// keeps the run on one node and passes to the other when the holder stops (expiry by the
// test clock). A closed, unrated case gets one rating reminder after three days.
#include <gtest/gtest.h>

#include <thread>

#include "calendar/work_calendar.h"
#include "core/time.h"
#include "hall_apply.h"
#include "identity/validate.h"
#include "support/backend_test.h"

namespace ow::hall {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;
using testing::TestServer;

constexpr char kTaxItem[] = "330000-0203-01";  // enterprise, promised 5 working days
constexpr char kTaxDept[] = "dept:330000-TAX";

std::string CreditCode(const std::string& serial9) {
  std::string first = "91330100" + serial9;
  return first + identity::CreditCodeCheckChar(first);
}

class TimersTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    const std::string url =
        GetParam() == "postgres" ? pg_.url() : "sqlite:" + server_->dir() + "/ow.db";
    const std::string key = server_->dir() + "/master.key";
    node2_ = std::make_unique<TestServer>([&](app::AppConfig& c) {
      c.db_url = url;
      c.key_file = key;
    });
    // Monday 2026-09-21, 10:00 in Shanghai, on both nodes.
    SetDate(*ParseDate("2026-09-21"));
    applicant_ = Client();
    applicant_->RegisterAndLogin("张三", testing::MakeResidentId("330106", "19900307", 1));
    applicant_id_ = Person(testing::MakeResidentId("330106", "19900307", 1));
    auto e = app().enterprises().Register(applicant_id_, CreditCode("MA2H0000X"),
                                          "杭州示例科技有限公司", "legal_representative");
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    enterprise_ = *e;
    officer_ = Client();
    officer_->RegisterAndLogin("李四", testing::MakeResidentId("330106", "19850101", 2));
    officer_id_ = Person(testing::MakeResidentId("330106", "19850101", 2));
    ASSERT_TRUE(app().identity().Grant(officer_id_, Role::kServiceOfficer, kTaxDept, "admin").ok());
    officer_->Login(testing::MakeResidentId("330106", "19850101", 2));
    other_officer_ = Client();
    other_officer_->RegisterAndLogin("王五", testing::MakeResidentId("330106", "19850101", 3));
    other_officer_id_ = Person(testing::MakeResidentId("330106", "19850101", 3));
    ASSERT_TRUE(
        app().identity().Grant(other_officer_id_, Role::kServiceOfficer, kTaxDept, "admin").ok());
    supervisor_id_ = Register("钱七", testing::MakeResidentId("330106", "19800505", 5));
    // A supervisor's scope names a department like an officer's.
    EXPECT_EQ(app()
                  .identity()
                  .Grant(supervisor_id_, Role::kServiceOfficer, "dept-supervisor:TAX", "admin")
                  .code(),
              Code::kInvalid);
    ASSERT_TRUE(
        app()
            .identity()
            .Grant(supervisor_id_, Role::kServiceOfficer, "dept-supervisor:330000-TAX", "admin")
            .ok());
  }

  std::string Register(const std::string& name, const std::string& id_number) {
    Client()->RegisterAndLogin(name, id_number);
    return Person(id_number);
  }

  std::string Person(const std::string& id_number) {
    auto p = app().identity().FindByIdNumber(id_number);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : "";
  }

  // Both nodes' clocks at 10:00 Shanghai on `d`, frozen.
  void SetDate(const Date& d) {
    const std::string at = FormatDate(d) + "T02:00:00Z";
    for (TestServer* s : {server_.get(), node2_.get()}) {
      s->app().test_clock()->Set(TimePoint(std::chrono::milliseconds(*ParseRfc3339(at))));
      s->app().test_clock()->Freeze(true);
    }
  }

  void Login() {
    applicant_->Login(testing::MakeResidentId("330106", "19900307", 1));
    officer_->Login(testing::MakeResidentId("330106", "19850101", 2));
  }

  Reply Act(const std::string& ref, const std::string& action, const std::string& note = "") {
    json::object body{{"action", action}};
    if (!note.empty()) body["note"] = note;
    return officer_->Post("/api/v1/hall/applications/" + ref + "/actions", body);
  }

  std::string Submit() {
    Reply r = ow::testing::ApplyWithUploads(
        *applicant_,
        {{"item", kTaxItem},
         {"enterprise_id", enterprise_},
         {"answers", {{"deferral_request", "增值税 30 万元，延期 3 个月，疫情停工"}}}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? std::string(r.body.at("case_number").as_string()) : "";
  }

  int Count(const std::string& person, const std::string& title) {
    auto list = app().inbox().List(person, "");
    EXPECT_TRUE(list.ok());
    int n = 0;
    if (list.ok())
      for (const auto& m : *list) n += m.content.title_zh == title;
    return n;
  }

  // Both nodes run their lease-guarded job, then both run the timers directly at once.
  void RunEverywhere() {
    ASSERT_TRUE(app().RunHallTimers().ok());
    ASSERT_TRUE(node2_->app().RunHallTimers().ok());
    Status a, b;
    std::thread t1([&] { a = app().hall_timers().RunOnce().status(); });
    std::thread t2([&] { b = node2_->app().hall_timers().RunOnce().status(); });
    t1.join();
    t2.join();
    ASSERT_TRUE(a.ok()) << a.ToString();
    ASSERT_TRUE(b.ok()) << b.ToString();
  }

  std::unique_ptr<TestServer> node2_;
  std::unique_ptr<TestClient> applicant_, officer_, other_officer_;
  std::string applicant_id_, enterprise_, officer_id_, other_officer_id_, supervisor_id_;
};

TEST_P(TimersTest, EachNoticeFiresOnceWithTwoNodes) {
  if (!server_) return;
  const auto& cal = calendar::WorkCalendar::China();
  const Date accepted = *ParseDate("2026-09-21");
  const std::string n = Submit();
  ASSERT_EQ(Act(n, "accept").status, 200);  // claims it: the notices go to this officer
  const Date due = cal.AddWorkdays(accepted, 5);
  const std::string warning = "办件" + n + "即将到期", overdue = "办件" + n + "已超期",
                    escalation = "督办：办件" + n + "超期未办结";

  // Three working days left: nothing yet.
  RunEverywhere();
  EXPECT_EQ(Count(officer_id_, warning), 0);

  // Two working days left: the warning, once, to the assignee only.
  SetDate(cal.AddWorkdays(accepted, 3));
  RunEverywhere();
  RunEverywhere();
  EXPECT_EQ(Count(officer_id_, warning), 1);
  EXPECT_EQ(Count(other_officer_id_, warning), 0);
  auto lease = app().job_lease().Get("hall_timers");
  ASSERT_TRUE(lease.ok() && lease->has_value());
  EXPECT_EQ((*lease)->holder, app().job_lease().holder());  // node 1 ran first and kept it

  // The day after the due date, node 1 has stopped: node 2 takes the expired lease over and
  // sends the overdue notice (no escalation yet).
  SetDate(cal.AddWorkdays(due, 1));
  ASSERT_TRUE(node2_->app().RunHallTimers().ok());
  lease = app().job_lease().Get("hall_timers");
  ASSERT_TRUE(lease.ok() && lease->has_value());
  EXPECT_EQ((*lease)->holder, node2_->app().job_lease().holder());
  EXPECT_EQ(Count(officer_id_, overdue), 1);
  ASSERT_TRUE(app().RunHallTimers().ok());  // node 1 is back: node 2 holds the lease
  RunEverywhere();
  EXPECT_EQ(Count(officer_id_, overdue), 1);
  EXPECT_EQ(Count(supervisor_id_, escalation), 0);

  // Two working days past the due date: escalated to the department's supervisor, once.
  SetDate(cal.AddWorkdays(due, 2));
  RunEverywhere();
  RunEverywhere();
  EXPECT_EQ(Count(supervisor_id_, escalation), 1);
  EXPECT_EQ(Count(officer_id_, escalation), 0);
  EXPECT_EQ(Count(officer_id_, warning), 1);
  EXPECT_EQ(Count(officer_id_, overdue), 1);
  auto sent = app().db().Query("SELECT kind FROM hall_timer_notices ORDER BY kind");
  ASSERT_TRUE(sent.ok());
  ASSERT_EQ(sent->size(), 3u);
  EXPECT_EQ((*sent)[0].Text(0), "escalation");
  EXPECT_EQ((*sent)[1].Text(0), "overdue");
  EXPECT_EQ((*sent)[2].Text(0), "warning");
}

TEST_P(TimersTest, UnclaimedCasesWarnTheDepartmentAndClosedOnesRemindToRate) {
  if (!server_) return;
  const auto& cal = calendar::WorkCalendar::China();
  const Date accepted = *ParseDate("2026-09-21");
  const std::string n = Submit();
  ASSERT_EQ(Act(n, "accept").status, 200);
  ASSERT_EQ(officer_->Call("POST", "/api/v1/hall/applications/" + n + "/release").status, 200);
  SetDate(cal.AddWorkdays(accepted, 4));
  Login();
  RunEverywhere();
  const std::string warning = "办件" + n + "即将到期";
  EXPECT_EQ(Count(officer_id_, warning), 1);
  EXPECT_EQ(Count(other_officer_id_, warning), 1);

  // Closed and rated: no reminder. Closed and not rated: one, three days after closing.
  ASSERT_EQ(Act(n, "start_review").status, 200);
  ASSERT_EQ(Act(n, "approve", "准予").status, 200);
  ASSERT_EQ(Act(n, "close").status, 200);
  const std::string m = Submit();
  ASSERT_EQ(Act(m, "accept").status, 200);
  ASSERT_EQ(Act(m, "start_review").status, 200);
  ASSERT_EQ(Act(m, "approve", "准予").status, 200);
  ASSERT_EQ(Act(m, "close").status, 200);
  ASSERT_EQ(applicant_
                ->Post("/api/v1/hall/applications/" + m + "/rating",
                       {{"levels", {{"overall", "satisfied"}}}})
                .status,
            201);
  const std::string reminder = "还没有评价办件" + n;
  RunEverywhere();
  EXPECT_EQ(Count(applicant_id_, reminder), 0);
  for (TestServer* s : {server_.get(), node2_.get()})
    s->app().test_clock()->Advance(std::chrono::hours(72));
  RunEverywhere();
  RunEverywhere();
  EXPECT_EQ(Count(applicant_id_, reminder), 1);
  EXPECT_EQ(Count(applicant_id_, "还没有评价办件" + m), 0);
}

OW_INSTANTIATE_BACKENDS(TimersTest);

}  // namespace
}  // namespace ow::hall
