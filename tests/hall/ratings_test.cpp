// Ratings (好差评) through the HTTP API on both backends: every refused rating (an open case,
// someone else's case, twice, bad levels and comments), the invitation at closing, a bad
// rating's rectification task (核实 → 整改 → 反馈) answered to the applicant, and the public
// statistics figures (counts, satisfaction rate, on-time rate, average working days).
#include <gtest/gtest.h>

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

constexpr char kTaxItem[] = "330000-0203-01";  // enterprise, promised 5 / legal 20 days
constexpr char kTaxDept[] = "330000-TAX";

std::string CreditCode(const std::string& serial9) {
  std::string first = "91330100" + serial9;
  return first + identity::CreditCodeCheckChar(first);
}

std::string Str(const json::value& v) { return std::string(v.as_string()); }

std::string FieldPath(const Reply& r, std::string* code = nullptr) {
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return "";
  const auto& e = r.body.at("errors").as_array()[0].as_object();
  if (code && e.contains("code")) *code = Str(e.at("code"));
  return Str(e.at("path"));
}

class RatingsTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // Monday 2026-09-21, 10:00 in Shanghai, frozen.
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
    officer_ = Client();
    officer_->RegisterAndLogin("李四", testing::MakeResidentId("330106", "19850101", 2));
    officer_id_ = Person(testing::MakeResidentId("330106", "19850101", 2));
    EXPECT_TRUE(
        app()
            .identity()
            .Grant(officer_id_, Role::kServiceOfficer, std::string("dept:") + kTaxDept, "admin")
            .ok());
    officer_->Login(testing::MakeResidentId("330106", "19850101", 2));
    stranger_ = Client();
    stranger_->RegisterAndLogin("赵六", testing::MakeResidentId("330106", "19920202", 4));
  }

  std::string Person(const std::string& id_number) {
    auto p = app().identity().FindByIdNumber(id_number);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : "";
  }

  Reply Act(TestClient& c, const std::string& ref, const std::string& action,
            const std::string& note = "") {
    json::object body{{"action", action}};
    if (!note.empty()) body["note"] = note;
    return c.Post("/api/v1/hall/applications/" + ref + "/actions", body);
  }

  // A submitted case number.
  std::string Submit() {
    Reply r = ow::testing::ApplyWithUploads(
        *applicant_,
        {{"item", kTaxItem},
         {"enterprise_id", enterprise_},
         {"answers", {{"deferral_request", "增值税 30 万元，延期 3 个月，疫情停工"}}}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? Str(r.body.at("case_number")) : "";
  }

  // Accepted today, approved after `review_days` days, closed.
  std::string Closed(int review_days = 0) {
    const std::string n = Submit();
    EXPECT_EQ(Act(*officer_, n, "accept").status, 200);
    EXPECT_EQ(Act(*officer_, n, "start_review").status, 200);
    if (review_days > 0) AdvanceDays(review_days);
    EXPECT_EQ(Act(*officer_, n, "approve", "准予延期").status, 200);
    EXPECT_EQ(Act(*officer_, n, "close").status, 200);
    return n;
  }

  void AdvanceDays(int days) {
    app().test_clock()->Advance(std::chrono::hours(24 * days));
    applicant_->Login(testing::MakeResidentId("330106", "19900307", 1));
    officer_->Login(testing::MakeResidentId("330106", "19850101", 2));
    stranger_->Login(testing::MakeResidentId("330106", "19920202", 4));
  }

  Reply Rate(TestClient& c, const std::string& n, json::object levels,
             const std::string& comment = "") {
    json::object body{{"levels", std::move(levels)}};
    if (!comment.empty()) body["comment"] = comment;
    return c.Post("/api/v1/hall/applications/" + n + "/rating", body);
  }

  // Inbox titles (zh) of a person, newest first.
  std::vector<std::string> Titles(const std::string& person) {
    auto list = app().inbox().List(person, "");
    EXPECT_TRUE(list.ok());
    std::vector<std::string> out;
    if (list.ok())
      for (const auto& m : *list) out.push_back(m.content.title_zh);
    return out;
  }

  std::unique_ptr<TestClient> applicant_, officer_, stranger_;
  std::string applicant_id_, enterprise_, officer_id_;
};

TEST_P(RatingsTest, EveryRefusedRating) {
  if (!server_) return;
  const std::string open = Submit();
  // An open case cannot be rated yet.
  EXPECT_EQ(Rate(*applicant_, open, {{"overall", "satisfied"}}).status, 409);
  const std::string n = Closed();
  // Someone else's case does not exist for them; nor for an anonymous caller.
  EXPECT_EQ(Rate(*stranger_, n, {{"overall", "satisfied"}}).status, 404);
  EXPECT_EQ(Rate(*officer_, n, {{"overall", "satisfied"}}).status, 404);
  TestClient anonymous(server_->port());
  EXPECT_EQ(Rate(anonymous, n, {{"overall", "satisfied"}}).status, 401);
  // Bad levels, dimensions and comments, each at its path.
  std::string code;
  Reply bad_level = Rate(*applicant_, n, {{"overall", "great"}});
  EXPECT_EQ(bad_level.status, 422);
  EXPECT_EQ(FieldPath(bad_level, &code), "$.levels.overall");
  EXPECT_EQ(code, "unknown_level");
  Reply not_text = Rate(*applicant_, n, {{"overall", 5}});
  EXPECT_EQ(FieldPath(not_text, &code), "$.levels.overall");
  EXPECT_EQ(code, "unknown_level");
  Reply dimension = Rate(*applicant_, n, {{"overall", "satisfied"}, {"speed", "satisfied"}});
  EXPECT_EQ(FieldPath(dimension, &code), "$.levels.speed");
  EXPECT_EQ(code, "unknown_dimension");
  Reply no_overall = Rate(*applicant_, n, {{"efficiency", "satisfied"}});
  EXPECT_EQ(FieldPath(no_overall, &code), "$.levels.overall");
  EXPECT_EQ(code, "required");
  std::string long_comment;
  for (int i = 0; i < 501; ++i) long_comment += "好";
  Reply too_long = Rate(*applicant_, n, {{"overall", "satisfied"}}, long_comment);
  EXPECT_EQ(FieldPath(too_long, &code), "$.comment");
  EXPECT_EQ(code, "too_long");
  EXPECT_EQ(applicant_->Get("/api/v1/hall/applications/" + n + "/rating").status, 404);

  // 500 characters are fine; the rating is taken once.
  Reply ok = Rate(*applicant_, n,
                  {{"overall", "very_satisfied"},
                   {"efficiency", "satisfied"},
                   {"guide_accuracy", "basically_satisfied"},
                   {"convenience", "very_satisfied"},
                   {"usability", "satisfied"}},
                  long_comment.substr(0, 500 * 3));
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(Str(ok.body.at("levels").at("guide_accuracy")), "basically_satisfied");
  EXPECT_FALSE(ok.body.at("bad").as_bool());
  EXPECT_TRUE(ok.body.at("rectification").is_null());
  EXPECT_EQ(Rate(*applicant_, n, {{"overall", "very_dissatisfied"}}).status, 409);
  Reply again = applicant_->Get("/api/v1/hall/applications/" + n + "/rating");
  EXPECT_EQ(Str(again.body.at("levels").at("overall")), "very_satisfied");
  EXPECT_EQ(stranger_->Get("/api/v1/hall/applications/" + n + "/rating").status, 404);
  EXPECT_EQ(officer_->Get("/api/v1/hall/applications/" + n + "/rating").status, 200);
  // A good rating opens no task.
  Reply tasks = officer_->Get("/api/v1/hall/rectifications");
  EXPECT_TRUE(tasks.body.at("rectifications").as_array().empty());
}

TEST_P(RatingsTest, ClosingInvitesToRateAndADecidedCaseMayBeRated) {
  if (!server_) return;
  const std::string n = Submit();
  ASSERT_EQ(Act(*officer_, n, "accept").status, 200);
  ASSERT_EQ(Act(*officer_, n, "start_review").status, 200);
  ASSERT_EQ(Act(*officer_, n, "reject", "不符合条件").status, 200);
  auto titles = Titles(applicant_id_);
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "请评价办件" + n), 0);
  ASSERT_EQ(Act(*officer_, n, "close").status, 200);
  titles = Titles(applicant_id_);
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "请评价办件" + n), 1);

  // Decided but not closed: rateable.
  const std::string m = Submit();
  ASSERT_EQ(Act(*officer_, m, "accept").status, 200);
  ASSERT_EQ(Act(*officer_, m, "start_review").status, 200);
  ASSERT_EQ(Act(*officer_, m, "approve", "准予").status, 200);
  EXPECT_EQ(Rate(*applicant_, m, {{"overall", "satisfied"}}).status, 201);
}

TEST_P(RatingsTest, BadRatingIsVerifiedRectifiedAndAnswered) {
  if (!server_) return;
  const std::string n = Closed();
  Reply rated =
      Rate(*applicant_, n, {{"overall", "basically_satisfied"}, {"efficiency", "dissatisfied"}},
           "材料要求与指南不一致");
  ASSERT_EQ(rated.status, 201) << rated.raw;
  EXPECT_TRUE(rated.body.at("bad").as_bool());
  const auto& task = rated.body.at("rectification");
  EXPECT_EQ(Str(task.at("state")), "verify");
  const Date due =
      calendar::WorkCalendar::China().AddWorkdays(ShanghaiDate(app().clock().NowMillis()), 5);
  EXPECT_EQ(Str(task.at("due")), FormatDate(due));
  EXPECT_FALSE(task.as_object().contains("steps"));  // the applicant sees no internal notes
  auto titles = Titles(officer_id_);
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "差评整改：办件" + n), 1);

  // The department's officers see the task; others do not.
  Reply list = officer_->Get("/api/v1/hall/rectifications");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body.at("rectifications").as_array().size(), 1u);
  const json::object t = list.body.at("rectifications").as_array()[0].as_object();
  const std::string id = Str(t.at("id"));
  EXPECT_EQ(Str(t.at("comment")), "材料要求与指南不一致");
  EXPECT_EQ(Str(t.at("levels").at("efficiency")), "dissatisfied");
  EXPECT_EQ(stranger_->Get("/api/v1/hall/rectifications").status, 403);
  EXPECT_EQ(officer_->Get("/api/v1/hall/rectifications?state=nope").status, 422);
  const std::string act = "/api/v1/hall/rectifications/" + id + "/actions";
  EXPECT_EQ(stranger_->Post(act, {{"action", "verify"}, {"note", "x"}}).status, 403);

  // Steps in order, each with a note.
  std::string code;
  EXPECT_EQ(FieldPath(officer_->Post(act, {{"action", "verify"}}), &code), "$.note");
  EXPECT_EQ(FieldPath(officer_->Post(act, {{"action", "close"}, {"note", "x"}}), &code),
            "$.action");
  EXPECT_EQ(code, "unknown_action");
  EXPECT_EQ(officer_->Post(act, {{"action", "respond"}, {"note", "x"}}).status, 409);
  Reply verified = officer_->Post(act, {{"action", "verify"}, {"note", "指南第3项表述有误"}});
  ASSERT_EQ(verified.status, 200) << verified.raw;
  EXPECT_EQ(Str(verified.body.at("state")), "rectify");
  // A stale version is refused.
  Reply stale =
      officer_->Call("POST", act, {{"action", "rectify"}, {"note", "x"}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409);
  Reply rectified = officer_->Call("POST", act, {{"action", "rectify"}, {"note", "已修订办事指南"}},
                                   {{"If-Match", "\"2\""}});
  ASSERT_EQ(rectified.status, 200) << rectified.raw;
  EXPECT_EQ(Str(rectified.body.at("state")), "feedback");
  // Until the answer, the applicant sees no response.
  Reply before = applicant_->Get("/api/v1/hall/applications/" + n + "/rating");
  EXPECT_TRUE(before.body.at("rectification").at("response").is_null());
  Reply answered = officer_->Post(
      act, {{"action", "respond"}, {"note", "感谢您的反馈，办事指南已更正，材料清单已统一。"}});
  ASSERT_EQ(answered.status, 200) << answered.raw;
  EXPECT_EQ(Str(answered.body.at("state")), "done");
  EXPECT_EQ(answered.body.at("steps").as_array().size(), 3u);
  EXPECT_EQ(officer_->Post(act, {{"action", "respond"}, {"note", "x"}}).status, 409);

  // The applicant sees the answer and was told of it.
  Reply seen = applicant_->Get("/api/v1/hall/applications/" + n + "/rating");
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(Str(seen.body.at("rectification").at("state")), "done");
  EXPECT_EQ(Str(seen.body.at("rectification").at("response")),
            "感谢您的反馈，办事指南已更正，材料清单已统一。");
  titles = Titles(applicant_id_);
  EXPECT_EQ(std::count(titles.begin(), titles.end(), "办件" + n + "的评价已有答复"), 1);
  // The officer reading the rating sees the steps.
  Reply officer_view = officer_->Get("/api/v1/hall/applications/" + n + "/rating");
  EXPECT_EQ(officer_view.body.at("rectification").at("steps").as_array().size(), 3u);
}

TEST_P(RatingsTest, PublicStatisticsPerItemAndDepartment) {
  if (!server_) return;
  TestClient anonymous(server_->port());
  Reply empty = anonymous.Get(std::string("/api/v1/hall/stats?item=") + kTaxItem);
  ASSERT_EQ(empty.status, 200) << empty.raw;
  ASSERT_EQ(empty.body.at("items").as_array().size(), 1u);
  EXPECT_TRUE(empty.body.at("items").at(0).at("satisfaction_rate").is_null());
  EXPECT_EQ(empty.body.at("items").at(0).at("rated").as_int64(), 0);

  // Case 1: accepted Monday 9/21, decided the same day: on time, 0 working days.
  const std::string fast = Closed();
  ASSERT_EQ(Rate(*applicant_, fast, {{"overall", "very_satisfied"}}).status, 201);
  // Case 2: accepted, decided and closed after the due date (5 working days).
  const Date accepted = ShanghaiDate(app().clock().NowMillis());
  const std::string slow = Closed(/*review_days=*/14);
  const Date decided = ShanghaiDate(app().clock().NowMillis());
  const int used = calendar::WorkCalendar::China().WorkdaysBetween(accepted, decided);
  ASSERT_GT(used, 5);
  ASSERT_EQ(Rate(*applicant_, slow, {{"overall", "very_dissatisfied"}}).status, 201);
  // Case 3: open, counts nowhere.
  Submit();

  Reply stats = anonymous.Get(std::string("/api/v1/hall/stats?item=") + kTaxItem);
  ASSERT_EQ(stats.status, 200) << stats.raw;
  const json::value& s = stats.body.at("items").at(0);
  EXPECT_EQ(Str(s.at("item")), kTaxItem);
  EXPECT_EQ(s.at("rated").as_int64(), 2);
  EXPECT_EQ(s.at("counts").at("very_satisfied").as_int64(), 1);
  EXPECT_EQ(s.at("counts").at("very_dissatisfied").as_int64(), 1);
  EXPECT_EQ(s.at("counts").at("satisfied").as_int64(), 0);
  EXPECT_DOUBLE_EQ(s.at("satisfaction_rate").as_double(), 0.5);
  EXPECT_EQ(s.at("closed").as_int64(), 2);
  EXPECT_EQ(s.at("on_time").as_int64(), 1);
  EXPECT_DOUBLE_EQ(s.at("on_time_rate").as_double(), 0.5);
  EXPECT_EQ(s.at("decided").as_int64(), 2);
  EXPECT_DOUBLE_EQ(s.at("avg_workdays").as_double(), used / 2.0);
  // The department's row adds up its items; the filter by department agrees.
  ASSERT_EQ(stats.body.at("departments").as_array().size(), 1u);
  const json::value& d = stats.body.at("departments").at(0);
  EXPECT_EQ(Str(d.at("department")), kTaxDept);
  EXPECT_EQ(d.at("rated").as_int64(), 2);
  Reply by_dept = anonymous.Get(std::string("/api/v1/hall/stats?department=") + kTaxDept);
  ASSERT_EQ(by_dept.status, 200);
  for (const auto& item : by_dept.body.at("items").as_array())
    EXPECT_EQ(Str(item.at("department")), kTaxDept);
  EXPECT_EQ(by_dept.body.at("departments").at(0).at("on_time").as_int64(), 1);
  // Every item of the catalogue is listed without a filter.
  Reply all = anonymous.Get("/api/v1/hall/stats");
  EXPECT_GE(all.body.at("items").as_array().size(), 4u);
  // Unknown filters.
  std::string code;
  EXPECT_EQ(FieldPath(anonymous.Get("/api/v1/hall/stats?item=000000-0000-00"), &code), "$.item");
  EXPECT_EQ(code, "unknown_item");
  EXPECT_EQ(FieldPath(anonymous.Get("/api/v1/hall/stats?department=330000-NONE"), &code),
            "$.department");
}

OW_INSTANTIATE_BACKENDS(RatingsTest);

}  // namespace
}  // namespace ow::hall
