// The colour engine over HTTP with the test clock: declaration -> yellow -> check-ins ->
// green, missed days, red via a department signal, abnormal check-ins, reviews and
// overrides, appeals, region scopes, validation paths, corrections.
#include <gtest/gtest.h>

#include <set>

#include "core/time.h"
#include "healthcode/hc_fixture.h"

namespace ow::testing {
namespace {

const char kCitizenId[] = "330104199003071233";  // registered in 330104 (Hangzhou Gongshu)

std::set<std::string> ErrorPaths(const Reply& r) {
  std::set<std::string> out;
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return out;
  for (const auto& e : r.body.at("errors").as_array())
    out.insert(std::string(e.at("path").as_string()));
  return out;
}

std::vector<std::string> ReasonCodes(const Reply& r) {
  std::vector<std::string> out;
  for (const auto& x : r.body.at("reasons").as_array()) out.emplace_back(x.at("code").as_string());
  return out;
}

std::string Str(const json::value& v, std::string_view key) {
  return std::string(v.at(key).as_string());
}

class ColourApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Day(0, 9);
    citizen_.RegisterAndLogin("张小三", kCitizenId);
    login_ms_ = server_.app().clock().NowMillis();
  }

  // Moves the clock; sessions last 12 hours, so the citizen logs in again when needed.
  void Day(int day, int hour = 9, int minute = 0) {
    SetShanghai(server_.clock(), day, hour, minute);
    int64_t now = server_.app().clock().NowMillis();
    if (!citizen_.token().empty() && now - login_ms_ > 11 * 3600 * 1000LL) {
      citizen_.Login(kCitizenId);
      login_ms_ = now;
    }
  }
  std::string Now() { return FormatRfc3339(server_.app().clock().NowMillis()); }

  json::object Declaration(double temperature, json::array symptoms = {}, json::array travel = {}) {
    return {{"residence_region", "330104"},    {"temperature", temperature},
            {"symptoms", std::move(symptoms)}, {"travel", std::move(travel)},
            {"contact_with_case", false},      {"consent", true}};
  }
  Reply CheckIn(double temperature = 36.5, json::array symptoms = {}) {
    return citizen_.Post("/api/v1/me/checkins",
                         {{"temperature", temperature}, {"symptoms", std::move(symptoms)}});
  }
  // Registers a person and grants them a role.
  void Staff(TestClient& c, const std::string& name, const std::string& id, Role role,
             const std::string& scope) {
    c.RegisterAndLogin(name, id);
    auto pid = server_.app().identity().FindByIdNumber(id);
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(server_.app().identity().Grant(*pid, role, scope, "test").ok());
  }
  Reply Signal(TestClient& sender, const std::string& kind, const std::string& id = kCitizenId) {
    return sender.Post("/api/v1/signals", {{"id_number", id},
                                           {"kind", kind},
                                           {"source", "cdc:330104"},
                                           {"occurred_at", Now()},
                                           {"detail", "同航班"}});
  }

  HcServer server_;
  TestClient citizen_{server_.port()};
  int64_t login_ms_ = 0;
};

TEST_F(ColourApiTest, FeverDeclarationTurnsYellowAndSevenCheckInsTurnItGreen) {
  Reply d = citizen_.Post("/api/v1/me/declarations", Declaration(38.2, {"fever"}));
  ASSERT_EQ(d.status, 201) << d.raw;
  EXPECT_EQ(Str(d.body, "colour"), "yellow");
  EXPECT_FALSE(d.body.at("under_review").as_bool());
  EXPECT_FALSE(Str(d.body, "declaration_id").empty());
  EXPECT_EQ(ReasonCodes(d), (std::vector<std::string>{"declared_fever", "declared_symptoms"}));
  EXPECT_EQ(Str(d.body.at("reasons").at(0), "zh"),
            "因2月10日申报体温异常，需居家观察7天，已连续打卡0/7天");

  for (int day = 0; day < 7; ++day) {
    Day(day, 20);
    Reply c = CheckIn();
    ASSERT_EQ(c.status, 201) << c.raw;
    EXPECT_EQ(Str(c.body, "colour"), "yellow");
    EXPECT_EQ(c.body.at("streak").as_int64(), day + 1);
  }
  Day(6, 21);
  Reply y = citizen_.Get("/api/v1/me/colour");
  ASSERT_EQ(y.status, 200);
  EXPECT_EQ(Str(y.body, "colour"), "yellow");
  EXPECT_EQ(Str(y.body, "green_from"), "2026-02-17");
  EXPECT_EQ(Str(y.body, "quarantine_until"), "2026-02-16T16:00:00.000Z");
  EXPECT_EQ(y.body.at("streak_required").as_int64(), 7);
  EXPECT_EQ(Str(y.body, "rules_version"), "2026.1");
  EXPECT_EQ(Str(y.body.at("reasons").at(0), "zh"),
            "因2月10日申报体温异常，需居家观察7天，已连续打卡7/7天");

  Day(7, 0);
  Reply g = citizen_.Get("/api/v1/me/colour");
  EXPECT_EQ(Str(g.body, "colour"), "green");
  EXPECT_TRUE(g.body.at("reasons").as_array().empty());
  Reply t = citizen_.Get("/api/v1/me/colour/timeline");
  ASSERT_EQ(t.status, 200);
  const auto& tl = t.body.at("timeline").as_array();
  ASSERT_EQ(tl.size(), 2u);
  EXPECT_EQ(Str(tl[0], "new_colour"), "yellow");
  EXPECT_EQ(Str(tl[0], "cause"), "declaration");
  EXPECT_EQ(Str(tl[1], "old_colour"), "yellow");
  EXPECT_EQ(Str(tl[1], "new_colour"), "green");
  EXPECT_EQ(Str(tl[1], "at"), "2026-02-16T16:00:00.000Z");  // 00:00 Feb 17 in Shanghai
}

TEST_F(ColourApiTest, MissedDayRestartsTheStreak) {
  ASSERT_EQ(citizen_.Post("/api/v1/me/declarations", Declaration(37.8)).status, 201);
  for (int day : {0, 1, 2}) {
    Day(day, 20);
    ASSERT_EQ(CheckIn().status, 201);
  }
  Day(4, 8);  // day 3 passed without a check-in
  Reply c = citizen_.Get("/api/v1/me/colour");
  EXPECT_EQ(c.body.at("streak").as_int64(), 0);
  EXPECT_EQ(Str(c.body, "green_from"), "2026-02-20");
  Reply first = CheckIn();
  EXPECT_EQ(first.body.at("streak").as_int64(), 1);
  for (int day = 5; day <= 9; ++day) {
    Day(day, 8);
    ASSERT_EQ(CheckIn().status, 201);
  }
  Day(9, 9);
  EXPECT_EQ(Str(citizen_.Get("/api/v1/me/colour").body, "colour"), "yellow");  // 6 of 7
  Day(10, 8);
  Reply last = CheckIn();
  EXPECT_EQ(Str(last.body, "colour"), "green");
}

TEST_F(ColourApiTest, CloseContactSignalIsRedForFourteenDaysAndCheckIns) {
  TestClient cdc(server_.port());
  Staff(cdc, "疾控系统", "330104197002200057", Role::kDepartmentSystem, "33");
  Reply s = Signal(cdc, "close_contact");
  ASSERT_EQ(s.status, 201) << s.raw;
  EXPECT_EQ(Str(s.body, "colour"), "red");
  EXPECT_EQ(s.raw.find(kCitizenId), std::string::npos);
  EXPECT_EQ(s.raw.find("张"), std::string::npos);

  Reply c = citizen_.Get("/api/v1/me/colour");
  EXPECT_EQ(Str(c.body, "colour"), "red");
  EXPECT_EQ(c.body.at("streak_required").as_int64(), 14);
  EXPECT_EQ(Str(c.body.at("reasons").at(0), "zh"),
            "因2月10日被判定为密切接触者，需集中隔离14天，已连续打卡0/14天");
  for (int day = 0; day < 14; ++day) {
    Day(day, 19);
    Reply r = CheckIn();
    ASSERT_EQ(r.status, 201) << r.raw;
    EXPECT_EQ(Str(r.body, "colour"), "red") << day;
  }
  Day(13, 23, 59);
  EXPECT_EQ(Str(citizen_.Get("/api/v1/me/colour").body, "colour"), "red");
  Day(14, 0);
  EXPECT_EQ(Str(citizen_.Get("/api/v1/me/colour").body, "colour"), "green");
}

TEST_F(ColourApiTest, AbnormalCheckInRaisesYellowAndOnePerDay) {
  Reply c = CheckIn(37.5);
  ASSERT_EQ(c.status, 201) << c.raw;
  EXPECT_EQ(Str(c.body, "colour"), "yellow");
  EXPECT_EQ(c.body.at("streak").as_int64(), 0);
  EXPECT_EQ(ReasonCodes(citizen_.Get("/api/v1/me/colour")),
            (std::vector<std::string>{"abnormal_checkin"}));
  Reply again = CheckIn();
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.ContentType(), "application/problem+json");
  Day(1, 0, 5);
  Reply cough = CheckIn(36.5, {"cough"});
  EXPECT_EQ(cough.status, 201);
  EXPECT_EQ(cough.body.at("streak").as_int64(), 0);
}

TEST_F(ColourApiTest, UncertainDeclarationReviewedAndOverriddenWithReason) {
  json::array travel{{{"region", "420106"}, {"from", "2026-02-05"}, {"to", "2026-02-07"}}};
  Reply d = citizen_.Post("/api/v1/me/declarations", Declaration(36.5, {}, travel));
  ASSERT_EQ(d.status, 201) << d.raw;
  EXPECT_TRUE(d.body.at("under_review").as_bool());
  EXPECT_EQ(Str(d.body, "colour"), "green");

  TestClient official(server_.port());
  Staff(official, "卫健干部", "330106198505120021", Role::kHealthOfficial, "3301");
  Reply q = official.Get("/api/v1/reviews");
  ASSERT_EQ(q.status, 200) << q.raw;
  const auto& items = q.body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0], "kind"), "declaration");
  EXPECT_EQ(Str(items[0], "detail"), "travel_watch_region");
  EXPECT_EQ(Str(items[0].at("person"), "masked_id"), "3301**********1233");
  EXPECT_EQ(q.raw.find(kCitizenId), std::string::npos);
  EXPECT_EQ(q.raw.find("张小三"), std::string::npos);
  std::string id = Str(items[0], "review_id");

  Reply no_reason = official.Post("/api/v1/reviews/" + id,
                                  {{"decision", "override"}, {"colour", "yellow"}, {"reason", ""}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(ErrorPaths(no_reason), (std::set<std::string>{"$.reason"}));
  Reply no_colour =
      official.Post("/api/v1/reviews/" + id, {{"decision", "override"}, {"reason", "x"}});
  EXPECT_EQ(ErrorPaths(no_colour), (std::set<std::string>{"$.colour"}));

  Reply ok =
      official.Post("/api/v1/reviews/" + id,
                    {{"decision", "override"}, {"colour", "yellow"}, {"reason", "途经中风险地区"}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(Str(ok.body, "colour"), "yellow");
  Reply c = citizen_.Get("/api/v1/me/colour");
  EXPECT_EQ(Str(c.body, "colour"), "yellow");
  EXPECT_FALSE(c.body.at("under_review").as_bool());
  EXPECT_EQ(ReasonCodes(c), (std::vector<std::string>{"official_override_yellow"}));
  EXPECT_NE(Str(c.body.at("reasons").at(0), "zh").find("途经中风险地区"), std::string::npos);
  EXPECT_EQ(
      official.Post("/api/v1/reviews/" + id, {{"decision", "approve"}, {"reason", "again"}}).status,
      409);
  EXPECT_TRUE(official.Get("/api/v1/reviews").body.at("items").as_array().empty());
  Reply decls = citizen_.Get("/api/v1/me/declarations");
  EXPECT_EQ(Str(decls.body.at("declarations").at(0), "status"), "overridden");

  auto pid = server_.app().identity().FindByIdNumber("330106198505120021");
  auto entries = server_.app().audit().List(10, *pid);
  ASSERT_TRUE(entries.ok());
  bool found = false;
  for (const auto& e : *entries)
    if (e.event.action == "healthcode.review.decide" &&
        e.event.reason.find("途经中风险地区") != std::string::npos)
      found = true;
  EXPECT_TRUE(found);
}

TEST_F(ColourApiTest, ApproveClearsTheReviewFlag) {
  json::array travel{{{"region", "420106"}, {"from", "2026-02-08"}, {"to", "2026-02-09"}}};
  ASSERT_EQ(citizen_.Post("/api/v1/me/declarations", Declaration(36.5, {}, travel)).status, 201);
  TestClient official(server_.port());
  Staff(official, "卫健干部", "330106198505120021", Role::kHealthOfficial, "33");
  std::string id = Str(official.Get("/api/v1/reviews").body.at("items").at(0), "review_id");
  Reply ok =
      official.Post("/api/v1/reviews/" + id, {{"decision", "approve"}, {"reason", "已核实"}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  Reply c = citizen_.Get("/api/v1/me/colour");
  EXPECT_EQ(Str(c.body, "colour"), "green");
  EXPECT_FALSE(c.body.at("under_review").as_bool());
}

// Declarations and appeals refuse control characters with the path and a machine code; an
// appeal may still span lines.
TEST_F(ColourApiTest, ControlCharactersInDeclarationsAndAppealsAre422) {
  json::array travel{{{"region", std::string("3301\x00"
                                             "2",
                                             6)},
                      {"from", "2026-02-09"},
                      {"to", "2026-02-09"}}};
  json::object decl = Declaration(36.5, {}, travel);
  decl["residence_region"] =
      "33\x1b"
      "104";
  Reply d = citizen_.Post("/api/v1/me/declarations", decl);
  EXPECT_EQ(d.status, 422) << d.raw;
  ASSERT_TRUE(d.body.is_object()) << d.raw;
  std::set<std::string> control_paths;
  for (const auto& e : d.body.at("errors").as_array())
    if (e.as_object().contains("code") && e.at("code").as_string() == "control_character")
      control_paths.emplace(e.at("path").as_string());
  EXPECT_EQ(control_paths, (std::set<std::string>{"$.residence_region", "$.travel[0].region"}))
      << d.raw;
  EXPECT_EQ(citizen_.Get("/api/v1/me/declarations").body.at("declarations").as_array().size(), 0u);

  TestClient cdc(server_.port());
  Staff(cdc, "疾控系统", "330104197002200057", Role::kDepartmentSystem, "");
  ASSERT_EQ(Signal(cdc, "close_contact").status, 201);
  Reply bad = citizen_.Post("/api/v1/me/appeals", {{"text", "我当天不在该航班上\x07"}});
  EXPECT_EQ(bad.status, 422) << bad.raw;
  ASSERT_TRUE(bad.body.is_object()) << bad.raw;
  EXPECT_EQ(bad.body.at("errors").at(0).at("path").as_string(), "$.text");
  EXPECT_EQ(bad.body.at("errors").at(0).at("code").as_string(), "control_character");
  Reply ok =
      citizen_.Post("/api/v1/me/appeals", {{"text", "我当天不在该航班上。\n座位号见附件。"}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
}

TEST_F(ColourApiTest, AppealFlow) {
  TestClient cdc(server_.port());
  Staff(cdc, "疾控系统", "330104197002200057", Role::kDepartmentSystem, "");
  ASSERT_EQ(Signal(cdc, "close_contact").status, 201);
  Reply a = citizen_.Post("/api/v1/me/appeals", {{"text", "我当天不在该航班上"}});
  ASSERT_EQ(a.status, 201) << a.raw;
  EXPECT_EQ(citizen_.Post("/api/v1/me/appeals", {{"text", "again"}}).status, 409);
  EXPECT_EQ(ErrorPaths(citizen_.Post("/api/v1/me/appeals", {{"text", ""}})),
            (std::set<std::string>{"$.text"}));
  Reply mine = citizen_.Get("/api/v1/me/appeals");
  ASSERT_EQ(mine.body.at("appeals").as_array().size(), 1u);
  EXPECT_EQ(Str(mine.body.at("appeals").at(0), "status"), "open");
  EXPECT_TRUE(mine.body.at("appeals").at(0).at("outcome").is_null());

  TestClient official(server_.port());
  Staff(official, "卫健干部", "330106198505120021", Role::kHealthOfficial, "330104");
  Reply q = official.Get("/api/v1/reviews");
  ASSERT_EQ(q.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(q.body.at("items").at(0), "kind"), "appeal");
  EXPECT_EQ(Str(q.body.at("items").at(0), "colour"), "red");
  std::string id = Str(q.body.at("items").at(0), "review_id");
  Reply d =
      official.Post("/api/v1/reviews/" + id,
                    {{"decision", "override"}, {"colour", "green"}, {"reason", "核实无接触"}});
  ASSERT_EQ(d.status, 200) << d.raw;
  EXPECT_EQ(Str(citizen_.Get("/api/v1/me/colour").body, "colour"), "green");
  Reply after = citizen_.Get("/api/v1/me/appeals");
  const auto& appeal = after.body.at("appeals").at(0);
  EXPECT_EQ(Str(appeal, "status"), "decided");
  EXPECT_EQ(Str(appeal.at("outcome"), "decision"), "override");
  EXPECT_EQ(Str(appeal.at("outcome"), "colour"), "green");
  EXPECT_EQ(Str(appeal.at("outcome"), "reason"), "核实无接触");
  // A new appeal is possible once the first is decided.
  EXPECT_EQ(citizen_.Post("/api/v1/me/appeals", {{"text", "再次申诉"}}).status, 201);
}

TEST_F(ColourApiTest, OfficialsSeeOnlyTheirRegions) {
  ASSERT_EQ(citizen_.Post("/api/v1/me/appeals", {{"text", "请复核"}}).status, 201);
  TestClient xiamen(server_.port());
  Staff(xiamen, "厦门干部", MakeResidentId("350203", "19800101", 11), Role::kHealthOfficial,
        "3502");
  EXPECT_TRUE(xiamen.Get("/api/v1/reviews").body.at("items").as_array().empty());
  TestClient local(server_.port());
  Staff(local, "杭州干部", "330106198505120021", Role::kHealthOfficial, "3301");
  std::string id = Str(local.Get("/api/v1/reviews").body.at("items").at(0), "review_id");
  Reply forbidden =
      xiamen.Post("/api/v1/reviews/" + id, {{"decision", "approve"}, {"reason", "越权"}});
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(citizen_.Get("/api/v1/reviews").status, 403);
  EXPECT_EQ(local.Post("/api/v1/reviews/nope", {{"decision", "approve"}, {"reason", "x"}}).status,
            404);

  // The residence region of the latest declaration decides, not the registration region.
  ASSERT_EQ(citizen_
                .Post("/api/v1/me/declarations", {{"residence_region", "350203"},
                                                  {"temperature", 36.5},
                                                  {"symptoms", json::array{}},
                                                  {"contact_with_case", false},
                                                  {"consent", true}})
                .status,
            201);
  EXPECT_EQ(xiamen.Get("/api/v1/reviews").body.at("items").as_array().size(), 1u);
  EXPECT_TRUE(local.Get("/api/v1/reviews").body.at("items").as_array().empty());

  // A department system scoped elsewhere cannot send signals about this person.
  TestClient beijing(server_.port());
  Staff(beijing, "北京系统", MakeResidentId("110101", "19800101", 12), Role::kDepartmentSystem,
        "11");
  EXPECT_EQ(Signal(beijing, "close_contact").status, 403);
  EXPECT_EQ(Signal(citizen_, "close_contact").status, 403);  // citizens cannot
}

TEST_F(ColourApiTest, DeclarationValidationNamesEveryField) {
  json::object bad{
      {"residence_region", "999999"},
      {"temperature", 50},
      {"symptoms", json::array{"fever", "sneezing", "fever"}},
      {"travel", json::array{{{"region", "420106"}, {"from", "2026-02-12"}, {"to", "2026-02-11"}},
                             {{"region", "42010"}, {"from", "2026-01-01"}, {"to", "2026-01-02"}},
                             {{"region", "420106"}, {"from", "2026-02-01"}, {"when", "x"}}}},
      {"contact_with_case", "no"},
      {"consent", false},
      {"employer", "ACME"}};
  Reply r = citizen_.Post("/api/v1/me/declarations", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.ContentType(), "application/problem+json");
  EXPECT_EQ(ErrorPaths(r),
            (std::set<std::string>{"$.residence_region", "$.temperature", "$.symptoms[1]",
                                   "$.symptoms[2]", "$.travel[0].from", "$.travel[0].to",
                                   "$.travel[1].region", "$.travel[1].from", "$.travel[1].to",
                                   "$.travel[2].to", "$.travel[2].when", "$.contact_with_case",
                                   "$.consent", "$.employer"}));
  Reply missing = citizen_.Post("/api/v1/me/declarations", json::object{});
  EXPECT_EQ(ErrorPaths(missing),
            (std::set<std::string>{"$.residence_region", "$.temperature", "$.symptoms",
                                   "$.contact_with_case", "$.consent"}));
  Reply check = citizen_.Post("/api/v1/me/checkins", {{"temperature", 33}, {"mood", "ok"}});
  EXPECT_EQ(ErrorPaths(check), (std::set<std::string>{"$.temperature", "$.symptoms", "$.mood"}));
  EXPECT_EQ(citizen_.CallRaw("POST", "/api/v1/me/checkins", "{").status, 400);
  TestClient anonymous(server_.port());
  EXPECT_EQ(anonymous.Post("/api/v1/me/declarations", Declaration(36.5)).status, 401);
}

TEST_F(ColourApiTest, SignalValidation) {
  TestClient cdc(server_.port());
  Staff(cdc, "疾控系统", "330104197002200057", Role::kDepartmentSystem, "");
  Reply bad = cdc.Post("/api/v1/signals", {{"id_number", kCitizenId},
                                           {"kind", "sneeze"},
                                           {"source", ""},
                                           {"occurred_at", "yesterday"},
                                           {"name", "张小三"}});
  EXPECT_EQ(ErrorPaths(bad),
            (std::set<std::string>{"$.kind", "$.source", "$.occurred_at", "$.name"}));
  Reply future = cdc.Post("/api/v1/signals", {{"id_number", kCitizenId},
                                              {"kind", "close_contact"},
                                              {"source", "cdc"},
                                              {"occurred_at", "2026-03-01T00:00:00Z"}});
  EXPECT_EQ(ErrorPaths(future), (std::set<std::string>{"$.occurred_at"}));
  Reply unknown = Signal(cdc, "close_contact", MakeResidentId("330104", "19900307", 124));
  EXPECT_EQ(unknown.status, 404);
}

TEST_F(ColourApiTest, CorrectionReplacesADeclarationAndIsAudited) {
  Reply d = citizen_.Post("/api/v1/me/declarations", Declaration(38.5, {"cough"}));
  ASSERT_EQ(d.status, 201);
  std::string first = Str(d.body, "declaration_id");
  json::object fix = Declaration(36.6);
  fix["declaration_id"] = first;
  Reply c = citizen_.Post("/api/v1/me/corrections", fix);
  ASSERT_EQ(c.status, 201) << c.raw;
  EXPECT_EQ(Str(c.body, "colour"), "green");
  EXPECT_EQ(Str(c.body, "corrects"), first);
  Reply list = citizen_.Get("/api/v1/me/declarations");
  const auto& decls = list.body.at("declarations").as_array();
  ASSERT_EQ(decls.size(), 2u);
  EXPECT_EQ(Str(decls[0], "status"), "accepted");
  EXPECT_EQ(Str(decls[0], "corrects"), first);
  EXPECT_EQ(Str(decls[1], "status"), "superseded");
  EXPECT_EQ(citizen_.Post("/api/v1/me/corrections", fix).status, 409);
  fix["declaration_id"] = "nope";
  EXPECT_EQ(citizen_.Post("/api/v1/me/corrections", fix).status, 404);
  fix.erase("declaration_id");
  EXPECT_EQ(ErrorPaths(citizen_.Post("/api/v1/me/corrections", fix)),
            (std::set<std::string>{"$.declaration_id"}));
  auto pid = server_.app().identity().FindByIdNumber(kCitizenId);
  auto entries = server_.app().audit().List(20, *pid);
  ASSERT_TRUE(entries.ok());
  bool audited = false;
  for (const auto& e : *entries) audited |= e.event.action == "healthcode.declaration.correct";
  EXPECT_TRUE(audited);
}

TEST_F(ColourApiTest, ContradictingDeclarationGoesToReview) {
  TestClient cdc(server_.port());
  Staff(cdc, "疾控系统", "330104197002200057", Role::kDepartmentSystem, "");
  ASSERT_EQ(Signal(cdc, "fever_clinic_visit").status, 201);
  Reply d = citizen_.Post("/api/v1/me/declarations", Declaration(36.5));
  ASSERT_EQ(d.status, 201);
  EXPECT_TRUE(d.body.at("under_review").as_bool());
  EXPECT_EQ(Str(d.body, "colour"), "yellow");  // the signal still counts
}

TEST_F(ColourApiTest, ColourServiceInterfaceAndWithdrawal) {
  auto pid = server_.app().identity().FindByIdNumber(kCitizenId);
  ASSERT_TRUE(pid.ok());
  auto& colours = server_.app().health_codes();
  healthcode::Signal s{*pid,
                       healthcode::SignalKind::kStayMediumRiskArea,
                       "risk_area:7",
                       server_.app().clock().NowMillis(),
                       "",
                       "area:7"};
  auto st = colours.ApplySignal(s);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->colour, codes::Colour::kYellow);
  EXPECT_EQ(st->version, 1);
  auto cur = colours.Current(*pid);
  ASSERT_TRUE(cur.ok());
  EXPECT_EQ(cur->colour, codes::Colour::kYellow);
  ASSERT_TRUE(colours.WithdrawSignals("area:7").ok());
  cur = colours.Current(*pid);
  EXPECT_EQ(cur->colour, codes::Colour::kGreen);
  EXPECT_EQ(cur->version, 2);
  auto unknown = colours.Current("nobody");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->colour, codes::Colour::kGreen);
}

}  // namespace
}  // namespace ow::testing
