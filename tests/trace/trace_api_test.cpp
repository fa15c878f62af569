// Case reports, contact tracing, risk areas, community tasks and the inbox, end to end over
// HTTP on both backends, with hand-built pass records whose contacts are known.
#include <gtest/gtest.h>

#include "core/time.h"
#include "support/backend_test.h"
#include "support/well_formed_xml.h"

namespace ow::testing {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kMinute = 60'000;

class TraceApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;  // no PostgreSQL server: skipped (or failed)
    official_ = Client();
    official_->RegisterAndLogin("王建国", "330102199208150047");
    Grant("330102199208150047", Role::kHealthOfficial, "3301");
    // Yesterday (Asia/Shanghai) at 00:00: the day of the scenario.
    Date today = ShanghaiDate(app().clock().NowMillis());
    day_ = ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil(today) - 1));
    onset_ = FormatDate(CivilFromDays(DaysFromCivil(today) - 1));
    gate_ = Place("蓝天城市花园 1号门", "330104");
    venue_ = Place("湖滨银泰", "330102");
    cafe_ = Place("南山路咖啡馆", "330102");
  }

  void Grant(const std::string& id, Role role, const std::string& scope) {
    auto pid = app().identity().FindByIdNumber(id);
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(app().identity().Grant(*pid, role, scope, "test").ok());
  }

  std::string Place(const std::string& name, const std::string& region) {
    Reply r =
        official_->Post("/api/v1/places", {{"name", name}, {"kind", "venue"}, {"region", region}});
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? std::string(r.body.at("place_id").as_string()) : "";
  }

  // Registers a citizen; returns their person id (the client stays logged in).
  std::string Citizen(TestClient& c, const std::string& name, const std::string& id) {
    c.RegisterAndLogin(name, id);
    return *app().identity().FindByIdNumber(id);
  }

  void Pass(const std::string& person, const std::string& place, int64_t at, const std::string& dir,
            bool allowed = true) {
    checkpoint::PassRecord r;
    r.person_id = person;
    r.subject = "s-" + person;
    r.issuer = "330000";
    r.place_id = place;
    r.at_ms = at;
    r.direction = *checkpoint::ParseDirection(dir);
    r.allowed = allowed;
    r.colour = allowed ? codes::Colour::kGreen : codes::Colour::kRed;
    r.reason = allowed ? "ok" : "red_code";
    r.staff_id = "staff";
    auto s = app().passes().AppendAndWait({r});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }
  void Stay(const std::string& person, const std::string& place, int64_t in, int64_t out) {
    Pass(person, place, in, "in");
    Pass(person, place, out, "out");
  }

  std::string Colour(TestClient& c) {
    Reply r = c.Get("/api/v1/me/colour");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? std::string(r.body.at("colour").as_string()) : "";
  }
  std::vector<std::string> ReasonCodes(TestClient& c) {
    Reply r = c.Get("/api/v1/me/colour");
    std::vector<std::string> out;
    for (const auto& x : r.body.at("reasons").as_array())
      out.emplace_back(x.at("code").as_string());
    return out;
  }

  Reply ReportCase(TestClient& who, const std::string& id_number, const std::string& status) {
    return who.Post("/api/v1/cases",
                    {{"id_number", id_number}, {"status", status}, {"onset_date", onset_}});
  }

  std::unique_ptr<TestClient> official_;
  int64_t day_ = 0;
  std::string onset_, gate_, venue_, cafe_;
};

// The scenario of the issue: the right contacts with their evidence, nobody else.
TEST_P(TraceApiTest, CaseRecoloursExactlyTheContactsWithEvidence) {
  auto a = Client(), b = Client(), c = Client(), d = Client(), e = Client(), f = Client(),
       g = Client(), h = Client();
  std::string pa = Citizen(*a, "张小三", "330104199003071233");
  std::string pb = Citizen(*b, "李小红", "330106198505120021");
  std::string pc = Citizen(*c, "赵相接", MakeResidentId("330104", "19800101", 11));
  std::string pd = Citizen(*d, "钱别处", MakeResidentId("330104", "19800101", 12));
  std::string pe = Citizen(*e, "孙早前", MakeResidentId("330104", "19800101", 13));
  std::string pf = Citizen(*f, "周进门", MakeResidentId("330104", "19800101", 14));
  std::string pg = Citizen(*g, "吴二传", MakeResidentId("330104", "19800101", 15));
  std::string ph = Citizen(*h, "郑拒绝", MakeResidentId("330104", "19800101", 16));

  const int64_t ten = day_ + 10 * kHour;
  Stay(pa, gate_, ten, ten + kHour);                        // the case: 10:00-11:00
  Stay(pb, gate_, ten + 30 * kMinute, ten + 50 * kMinute);  // overlaps: close
  Stay(pc, gate_, ten + kHour, ten + 2 * kHour);            // starts as A leaves: no
  Stay(pd, venue_, ten, ten + kHour);                       // same time, other place: no
  Stay(pe, gate_, ten - 5 * 24 * kHour, ten - 5 * 24 * kHour + kHour);  // before window: no
  Pass(pf, gate_, ten - 10 * kMinute, "in");                     // entry only, 10 min before: close
  Pass(ph, gate_, ten + 30 * kMinute, "in", /*allowed=*/false);  // refused at the gate: no
  Stay(pb, cafe_, ten + 5 * kHour, ten + 6 * kHour);             // B later meets G
  Stay(pg, cafe_, ten + 5 * kHour + 30 * kMinute, ten + 7 * kHour);  // secondary

  // The preview says what the report would do, and does nothing.
  Reply pre = official_->Post(
      "/api/v1/cases/preview",
      {{"id_number", "330104199003071233"}, {"status", "suspected"}, {"onset_date", onset_}});
  ASSERT_EQ(pre.status, 200) << pre.raw;
  EXPECT_EQ(pre.body.at("people").as_int64(), 4) << pre.raw;
  std::map<std::string, json::object> groups;
  for (const auto& g : pre.body.at("groups").as_array())
    groups[std::string(g.at("group").as_string())] = g.as_object();
  EXPECT_EQ(groups["case"].at("people").as_int64(), 1);
  EXPECT_EQ(groups["close"].at("people").as_int64(), 2);
  EXPECT_EQ(groups["close"].at("becomes").as_string(), "red");
  EXPECT_EQ(groups["close"].at("now").at("green").as_int64(), 2);
  EXPECT_EQ(groups["close"].at("worse").as_int64(), 2);
  EXPECT_EQ(groups["secondary"].at("people").as_int64(), 1);
  EXPECT_EQ(groups["secondary"].at("becomes").as_string(), "yellow");
  EXPECT_EQ(pre.raw.find(pb), std::string::npos);  // nobody named
  EXPECT_EQ(Colour(*a), "green");
  EXPECT_EQ(Colour(*b), "green");
  EXPECT_EQ(official_->Get("/api/v1/cases").body.at("cases").as_array().size(), 0u);
  // Bad input is refused the same way as the report itself.
  Reply bad = official_->Post(
      "/api/v1/cases/preview",
      {{"id_number", "330104199003071233"}, {"status", "maybe"}, {"onset_date", onset_}});
  EXPECT_EQ(bad.status, 422) << bad.raw;

  Reply r = ReportCase(*official_, "330104199003071233", "suspected");
  ASSERT_EQ(r.status, 201) << r.raw;
  std::string case_id(r.body.at("case_id").as_string());
  EXPECT_EQ(r.body.at("close_contacts").as_int64(), 2);
  EXPECT_EQ(r.body.at("secondary_contacts").as_int64(), 1);

  EXPECT_EQ(Colour(*a), "red");
  EXPECT_EQ(ReasonCodes(*a).at(0), "suspected_case");
  EXPECT_EQ(Colour(*b), "red");
  EXPECT_EQ(ReasonCodes(*b).at(0), "close_contact");
  EXPECT_EQ(Colour(*f), "red");
  EXPECT_EQ(Colour(*g), "yellow");
  EXPECT_EQ(ReasonCodes(*g).at(0), "secondary_contact");
  for (auto* x : {c.get(), d.get(), e.get(), h.get()}) EXPECT_EQ(Colour(*x), "green");

  Reply k = official_->Get("/api/v1/cases/" + case_id + "/contacts");
  ASSERT_EQ(k.status, 200) << k.raw;
  std::map<std::string, json::object> by_name;
  for (const auto& x : k.body.at("contacts").as_array())
    by_name[std::string(x.at("masked_name").as_string())] = x.as_object();
  ASSERT_EQ(by_name.size(), 3u) << k.raw;
  ASSERT_TRUE(by_name.count("李*红"));
  const auto& eb = by_name["李*红"];
  EXPECT_EQ(eb.at("level").as_string(), "close");
  const auto& ev = eb.at("evidence").at(0);
  EXPECT_EQ(ev.at("place_id").as_string(), gate_);
  EXPECT_EQ(ev.at("place_name").as_string(), "蓝天城市花园 1号门");
  EXPECT_EQ(ev.at("case_from").as_string(), FormatRfc3339(ten));
  EXPECT_EQ(ev.at("case_to").as_string(), FormatRfc3339(ten + kHour));
  EXPECT_EQ(ev.at("contact_from").as_string(), FormatRfc3339(ten + 30 * kMinute));
  EXPECT_EQ(ev.at("contact_to").as_string(), FormatRfc3339(ten + 50 * kMinute));
  EXPECT_EQ(eb.at("first_contact").as_string(), FormatRfc3339(ten + 30 * kMinute));
  ASSERT_TRUE(by_name.count("周*门"));
  EXPECT_TRUE(by_name["周*门"].at("evidence").at(0).at("contact_entry_only").as_bool());
  ASSERT_TRUE(by_name.count("吴*传"));
  EXPECT_EQ(by_name["吴*传"].at("level").as_string(), "secondary");
  EXPECT_EQ(by_name["吴*传"].at("via_masked_name").as_string(), "李*红");
  EXPECT_EQ(by_name["吴*传"].at("evidence").at(0).at("place_id").as_string(), cafe_);

  // The contact is told, without the case's identity.
  Reply inbox = b->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  bool told = false;
  for (const auto& m : inbox.body.at("messages").as_array()) {
    told = told || m.at("kind") == "trace";
    EXPECT_EQ(m.at("body_zh").as_string().find("张"), std::string::npos) << m;
    EXPECT_EQ(m.at("body_en").as_string().find(pa), std::string::npos) << m;
  }
  EXPECT_TRUE(told) << inbox.raw;
  EXPECT_GE(inbox.body.at("unread").as_int64(), 2);  // the trace notice and the colour change

  // Reading the contacts was audited.
  auto rows = app().db().Query(
      "SELECT COUNT(*) FROM audit_log WHERE action = 'pii.read' AND "
      "subject = ?",
      {"case:" + case_id});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].Int(0), 1);

  // Tracing again finds nobody new and sends nothing twice.
  Reply again = official_->Call("POST", "/api/v1/cases/" + case_id + "/trace");
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body.at("close_contacts").as_int64(), 2);
  EXPECT_EQ(b->Get("/api/v1/me/inbox").body.at("messages").as_array().size(),
            inbox.body.at("messages").as_array().size());
}

TEST_P(TraceApiTest, ExclusionRestoresTheColourTheRulesGive) {
  auto a = Client(), b = Client();
  std::string pa = Citizen(*a, "张小三", "330104199003071233");
  std::string pb = Citizen(*b, "李小红", "330106198505120021");
  // A declared a fever earlier today: yellow before the case report.
  Reply decl = a->Post("/api/v1/me/declarations", {{"residence_region", "330104"},
                                                   {"temperature", 38.2},
                                                   {"symptoms", json::array{"fever"}},
                                                   {"travel", json::array{}},
                                                   {"contact_with_case", false},
                                                   {"consent", true}});
  ASSERT_EQ(decl.status, 201) << decl.raw;
  ASSERT_EQ(Colour(*a), "yellow");
  Stay(pa, gate_, day_ + 9 * kHour, day_ + 10 * kHour);
  Stay(pb, gate_, day_ + 9 * kHour, day_ + 10 * kHour);

  Reply r = ReportCase(*official_, "330104199003071233", "suspected");
  ASSERT_EQ(r.status, 201) << r.raw;
  std::string id(r.body.at("case_id").as_string());
  EXPECT_EQ(Colour(*a), "red");
  EXPECT_EQ(Colour(*b), "red");

  Reply confirmed = official_->Post("/api/v1/cases/" + id + "/status", {{"status", "confirmed"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.raw;
  EXPECT_EQ(confirmed.body.at("status").as_string(), "confirmed");
  EXPECT_EQ(Colour(*a), "red");

  Reply excluded = official_->Post("/api/v1/cases/" + id + "/status",
                                   {{"status", "excluded"}, {"note", "两次核酸阴性"}});
  ASSERT_EQ(excluded.status, 200) << excluded.raw;
  EXPECT_EQ(Colour(*a), "yellow");  // the fever still counts: not blindly green
  EXPECT_EQ(Colour(*b), "green");
  EXPECT_EQ(excluded.body.at("close_contacts").as_int64(), 0);

  // Every step is audited.
  auto rows = app().db().Query(
      "SELECT COUNT(*) FROM audit_log WHERE action IN ('trace.case.report', 'trace.case.status')");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), 3);
}

TEST_P(TraceApiTest, ReportingRulesAndScopes) {
  auto a = Client(), hospital = Client(), far = Client();
  Citizen(*a, "张小三", "330104199003071233");
  const std::string hospital_id = MakeResidentId("330102", "19900101", 1);
  hospital->RegisterAndLogin("钱医生", hospital_id);
  Grant(hospital_id, Role::kDepartmentSystem, "");
  far->RegisterAndLogin("林远方", "350102198001010038");
  Grant("350102198001010038", Role::kHealthOfficial, "3501");

  Reply unknown = ReportCase(*hospital, MakeResidentId("330104", "19700101", 21), "confirmed");
  EXPECT_EQ(unknown.status, 422) << unknown.raw;
  EXPECT_EQ(unknown.ContentType(), "application/problem+json");
  Reply bad = hospital->Post(
      "/api/v1/cases",
      {{"id_number", "330104199003071233"}, {"status", "maybe"}, {"onset_date", "2020-13-01"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.raw.find("$.status"), std::string::npos);
  EXPECT_NE(bad.raw.find("$.onset_date"), std::string::npos);

  Reply out_of_region = ReportCase(*far, "330104199003071233", "suspected");
  EXPECT_EQ(out_of_region.status, 403);
  EXPECT_EQ(Colour(*a), "green");

  Reply ok = ReportCase(*hospital, "330104199003071233", "asymptomatic");
  ASSERT_EQ(ok.status, 201) << ok.raw;
  std::string id(ok.body.at("case_id").as_string());
  EXPECT_EQ(Colour(*a), "red");
  EXPECT_EQ(ReasonCodes(*a).at(0), "asymptomatic_case");
  EXPECT_EQ(hospital->Get("/api/v1/cases/" + id).status, 200);  // its own report
  EXPECT_EQ(far->Get("/api/v1/cases/" + id + "/contacts").status, 403);
  EXPECT_EQ(far->Post("/api/v1/cases/" + id + "/status", {{"status", "excluded"}}).status, 403);
  EXPECT_EQ(a->Get("/api/v1/cases/" + id).status, 403);
  Reply list = official_->Get("/api/v1/cases");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("cases").as_array().size(), 1u);
  EXPECT_EQ(list.body.at("cases").at(0).at("masked_name").as_string(), "张*三");
  EXPECT_EQ(far->Get("/api/v1/cases").body.at("cases").as_array().size(), 0u);
}

// A department system scoped to a region reports cases only for residents of that region,
// exactly as it sends signals: out of region, the report is refused like the signal and
// nothing changes (no case, no colour, no contact traced).
TEST_P(TraceApiTest, DepartmentSystemReportsOnlyInItsRegion) {
  auto far = Client(), contact = Client(), local = Client(), zhejiang = Client();
  const std::string far_id = "350102198001010038";
  std::string pfar = Citizen(*far, "林远方", far_id);
  std::string pcontact = Citizen(*contact, "陈接触", MakeResidentId("350102", "19850202", 26));
  std::string plocal = Citizen(*local, "张小三", "330104199003071233");
  const std::string system_id = MakeResidentId("330102", "19900101", 2);
  zhejiang->RegisterAndLogin("浙江系统", system_id);
  Grant(system_id, Role::kDepartmentSystem, "33");
  const int64_t ten = day_ + 10 * kHour;
  Stay(pfar, gate_, ten, ten + kHour);
  Stay(pcontact, gate_, ten + 10 * kMinute, ten + 50 * kMinute);

  Reply signal = zhejiang->Post("/api/v1/signals", {{"id_number", far_id},
                                                    {"kind", "close_contact"},
                                                    {"source", "cdc:33"},
                                                    {"occurred_at", FormatRfc3339(ten)}});
  EXPECT_EQ(signal.status, 403) << signal.raw;
  Reply report = ReportCase(*zhejiang, far_id, "confirmed");
  EXPECT_EQ(report.status, signal.status) << report.raw;
  EXPECT_EQ(report.ContentType(), "application/problem+json");
  EXPECT_EQ(report.body.at("type"), signal.body.at("type"));
  EXPECT_EQ(Colour(*far), "green");
  EXPECT_EQ(Colour(*contact), "green");
  auto cases = app().db().Query("SELECT COUNT(*) FROM cases");
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ((*cases)[0].Int(0), 0);
  auto contacts = app().db().Query("SELECT COUNT(*) FROM case_contacts");
  ASSERT_TRUE(contacts.ok());
  EXPECT_EQ((*contacts)[0].Int(0), 0);

  Reply in_region = ReportCase(*zhejiang, "330104199003071233", "confirmed");
  ASSERT_EQ(in_region.status, 201) << in_region.raw;
  EXPECT_EQ(Colour(*local), "red");
  (void)plocal;
}

// A contact's consequences (contact row, evidence, task, message, colour signal) commit in
// one transaction: when the colour signal fails, nothing of the contact is kept, so a
// re-trace reaches the person and turns them red. The failure is injected with a trigger
// that refuses the contact's case signal (SQLite and PostgreSQL).
TEST_P(TraceApiTest, ContactIsAllOrNothingAndARetraceReachesThem) {
  auto a = Client(), b = Client();
  std::string pa = Citizen(*a, "张小三", "330104199003071233");
  std::string pb = Citizen(*b, "李小红", "330106198505120021");
  const int64_t ten = day_ + 10 * kHour;
  Stay(pa, gate_, ten, ten + kHour);
  Stay(pb, gate_, ten + 10 * kMinute, ten + 50 * kMinute);

  store::Database& db = app().db();
  const bool pg = db.dialect() == store::Dialect::kPostgres;
  const std::string when = "NEW.person_id = '" + pb + "' AND NEW.ref LIKE 'case:%'";
  Status made =
      pg ? db.ExecScript(
               "CREATE FUNCTION ow_test_refuse() RETURNS trigger AS $$ BEGIN "
               "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql; "
               "CREATE TRIGGER ow_test_refuse BEFORE INSERT ON hc_events FOR EACH ROW "
               "WHEN (" +
               when + ") EXECUTE FUNCTION ow_test_refuse();")
         : db.ExecScript("CREATE TRIGGER ow_test_refuse BEFORE INSERT ON hc_events WHEN " + when +
                         " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  ASSERT_TRUE(made.ok()) << made.ToString();

  Reply r = ReportCase(*official_, "330104199003071233", "confirmed");
  EXPECT_GE(r.status, 500) << r.raw;  // tracing failed part-way
  EXPECT_EQ(Colour(*a), "red");       // the case itself is recorded
  EXPECT_EQ(Colour(*b), "green");
  auto count = [&](const std::string& sql) {
    auto rows = db.Query(sql, {pb});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_contacts WHERE person_id = ?"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_evidence WHERE person_id = ?"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM community_tasks WHERE person_id = ?"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inbox_messages WHERE person_id = ?"), 0);

  ASSERT_TRUE(
      db.ExecScript(pg ? "DROP TRIGGER ow_test_refuse ON hc_events" : "DROP TRIGGER ow_test_refuse")
          .ok());
  auto cases = db.Query("SELECT id FROM cases");
  ASSERT_TRUE(cases.ok());
  ASSERT_EQ(cases->size(), 1u);
  Reply again = official_->Call("POST", "/api/v1/cases/" + (*cases)[0].Text(0) + "/trace");
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body.at("close_contacts").as_int64(), 1);
  EXPECT_EQ(Colour(*b), "red");
  EXPECT_EQ(count("SELECT COUNT(*) FROM case_contacts WHERE person_id = ?"), 1);
  EXPECT_GE(count("SELECT COUNT(*) FROM community_tasks WHERE person_id = ?"), 1);
}

TEST_P(TraceApiTest, RiskAreaPublishNotifyAndLift) {
  auto v = Client(), resident = Client(), traveller = Client(), stranger = Client();
  std::string pv = Citizen(*v, "钱游客", MakeResidentId("330104", "19800101", 31));
  Citizen(*resident, "孙居民", MakeResidentId("330102", "19800101", 32));
  Citizen(*traveller, "周旅人", MakeResidentId("350102", "19800101", 33));
  Citizen(*stranger, "吴外地", MakeResidentId("350102", "19800101", 34));
  Stay(pv, venue_, day_ + 14 * kHour, day_ + 15 * kHour);
  // The traveller declares a stay in 330102 yesterday.
  Reply decl = traveller->Post(
      "/api/v1/me/declarations",
      {{"residence_region", "350102"},
       {"temperature", 36.5},
       {"symptoms", json::array{}},
       {"travel", json::array{{{"region", "330102"}, {"from", onset_}, {"to", onset_}}}},
       {"contact_with_case", false},
       {"consent", true}});
  ASSERT_EQ(decl.status, 201) << decl.raw;
  ASSERT_EQ(Colour(*traveller), "green");

  // Public without login, empty at first.
  TestClient anon(server_->port());
  Reply empty = anon.Get("/api/v1/risk-areas");
  EXPECT_EQ(empty.body.at("risk_areas").as_array().size(), 0u);
  // Revalidated by caches (no-cache + ETag): unchanged -> 304 without a body.
  const std::string empty_tag = empty.response.Header("ETag");
  ASSERT_FALSE(empty_tag.empty());
  EXPECT_EQ(empty.response.Header("Cache-Control"), "no-cache");
  Reply same = anon.Call("GET", "/api/v1/risk-areas", nullptr, {{"If-None-Match", empty_tag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.raw.empty());
  Reply bad = official_->Post("/api/v1/risk-areas", {{"region", "3301"},
                                                     {"place_ids", json::array{venue_}},
                                                     {"level", "extreme"},
                                                     {"from", onset_},
                                                     {"to", "soon"}});
  EXPECT_EQ(bad.status, 422);
  for (const char* path : {"$.region", "$.level", "$.to"})
    EXPECT_NE(bad.raw.find(path), std::string::npos) << path << bad.raw;

  // Implausible windows: year 0, or before the first cases.
  for (const char* from : {"0000-01-01", "2019-11-30"}) {
    Reply old = official_->Post(
        "/api/v1/risk-areas",
        {{"name", "古代"}, {"region", "330102"}, {"level", "high"}, {"from", from}, {"to", from}});
    EXPECT_EQ(old.status, 422) << from << old.raw;
    ASSERT_TRUE(old.body.as_object().contains("errors")) << old.raw;
    EXPECT_EQ(old.body.at("errors").at(0).at("path").as_string(), "$.from") << old.raw;
    EXPECT_EQ(old.body.at("errors").at(0).at("code").as_string(), "out_of_range") << old.raw;
  }

  Reply pub = official_->Post("/api/v1/risk-areas", {{"name", "上城区湖滨街道"},
                                                     {"region", "330102"},
                                                     {"level", "high"},
                                                     {"from", onset_},
                                                     {"to", onset_}});
  ASSERT_EQ(pub.status, 201) << pub.raw;
  std::string id(pub.body.at("risk_area_id").as_string());
  EXPECT_EQ(pub.body.at("affected").as_int64(), 2);  // the visitor and the traveller
  EXPECT_EQ(Colour(*v), "red");
  EXPECT_EQ(ReasonCodes(*v).at(0), "stay_high_risk_area");
  EXPECT_EQ(Colour(*traveller), "red");
  EXPECT_EQ(Colour(*stranger), "green");
  EXPECT_EQ(Colour(*resident), "green");  // lives there, was not at a listed place

  // The old ETag no longer matches: a new area shows at once, with a new tag.
  Reply list = anon.Call("GET", "/api/v1/risk-areas", nullptr, {{"If-None-Match", empty_tag}});
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("risk_areas").as_array().size(), 1u);
  EXPECT_NE(list.response.Header("ETag"), empty_tag);
  EXPECT_FALSE(list.response.Header("ETag").empty());
  EXPECT_EQ(list.body.at("risk_areas").at(0).at("level").as_string(), "high");
  Reply atom = anon.Get("/api/v1/risk-areas.atom");
  ASSERT_EQ(atom.status, 200);
  EXPECT_NE(atom.ContentType().find("application/atom+xml"), std::string::npos);
  EXPECT_NE(atom.raw.find("<title>高风险地区：上城区湖滨街道</title>"), std::string::npos)
      << atom.raw;
  EXPECT_NE(atom.raw.find("urn:onewindow:risk-area:" + id), std::string::npos);

  // Residents of the region get the notice; people elsewhere do not.
  auto has_notice = [](TestClient& c) {
    Reply inbox = c.Get("/api/v1/me/inbox");  // kept alive while iterating
    for (const auto& m : inbox.body.at("messages").as_array())
      if (m.at("kind") == "notice") return true;
    return false;
  };
  EXPECT_TRUE(has_notice(*resident));
  EXPECT_FALSE(has_notice(*stranger));
  // A notice can be marked read.
  Reply mine = resident->Get("/api/v1/me/inbox");
  std::string notice_id(mine.body.at("messages").at(0).at("id").as_string());
  EXPECT_EQ(resident->Call("POST", "/api/v1/me/inbox/" + notice_id + "/read").status, 200);
  EXPECT_EQ(resident->Get("/api/v1/me/inbox").body.at("unread").as_int64(), 0);
  EXPECT_EQ(stranger->Call("POST", "/api/v1/me/inbox/" + notice_id + "/read").status, 404);

  EXPECT_EQ(v->Call("POST", "/api/v1/risk-areas/" + id + "/lift").status, 403);
  Reply lift = official_->Call("POST", "/api/v1/risk-areas/" + id + "/lift");
  ASSERT_EQ(lift.status, 200) << lift.raw;
  EXPECT_EQ(lift.body.at("status").as_string(), "lifted");
  EXPECT_EQ(Colour(*v), "green");
  EXPECT_EQ(Colour(*traveller), "green");
  EXPECT_EQ(anon.Get("/api/v1/risk-areas").body.at("risk_areas").as_array().size(), 0u);
  EXPECT_EQ(official_->Call("POST", "/api/v1/risk-areas/" + id + "/lift").status, 409);
  EXPECT_NE(anon.Get("/api/v1/risk-areas.atom").raw.find("已解除"), std::string::npos);
}

// A risk-area name with a control character was stored and made the public Atom feed
// ill-formed: refused with its path and a machine code.
TEST_P(TraceApiTest, RiskAreaNameWithControlCharacterIs422) {
  for (const std::string& name : {std::string("湖滨\x01街道"), std::string("湖滨街道\0", 13),
                                  std::string("湖滨\xc2\x9f街道"), std::string("湖滨\n街道")}) {
    Reply bad = official_->Post("/api/v1/risk-areas", {{"name", name},
                                                       {"region", "330102"},
                                                       {"level", "high"},
                                                       {"from", onset_},
                                                       {"to", onset_}});
    EXPECT_EQ(bad.status, 422) << bad.raw;
    ASSERT_TRUE(bad.body.is_object()) << bad.raw;
    EXPECT_EQ(bad.body.at("errors").at(0).at("path").as_string(), "$.name");
    EXPECT_EQ(bad.body.at("errors").at(0).at("code").as_string(), "control_character");
  }
  TestClient anon(server_->port());
  EXPECT_EQ(anon.Get("/api/v1/risk-areas").body.at("risk_areas").as_array().size(), 0u);
}

// Text stored before input was checked (here a place name, which an area by places is named
// after) cannot make the feed ill-formed: the XML writer replaces what XML does not allow.
TEST_P(TraceApiTest, FeedIsWellFormedWithStoredControlCharacters) {
  auto place = app().places().Create(
      {.name = "银泰\x01\x0b\x1f\xEF\xBF\xBE店", .kind = "venue", .region = "330102"}, "test");
  ASSERT_TRUE(place.ok()) << place.status().ToString();
  Reply pub = official_->Post("/api/v1/risk-areas", {{"place_ids", json::array{place->id}},
                                                     {"level", "medium"},
                                                     {"from", onset_},
                                                     {"to", onset_}});
  ASSERT_EQ(pub.status, 201) << pub.raw;
  TestClient anon(server_->port());
  Reply atom = anon.Get("/api/v1/risk-areas.atom");
  ASSERT_EQ(atom.status, 200);
  EXPECT_EQ(XmlWellFormednessError(atom.raw), "") << atom.raw;
  EXPECT_NE(atom.raw.find("银泰\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD店"),
            std::string::npos)
      << atom.raw;
}

TEST_P(TraceApiTest, MediumAreaByPlacesTurnsYellow) {
  auto v = Client();
  std::string pv = Citizen(*v, "钱游客", MakeResidentId("330104", "19800101", 41));
  Pass(pv, cafe_, day_ + 20 * kHour, "in");
  const json::object area{{"place_ids", json::array{cafe_}},
                          {"level", "medium"},
                          {"from", FormatRfc3339(day_)},
                          {"to", FormatRfc3339(day_ + 24 * kHour)}};
  Reply pre = official_->Post("/api/v1/risk-areas/preview", area);
  ASSERT_EQ(pre.status, 200) << pre.raw;
  EXPECT_EQ(pre.body.at("people").as_int64(), 1);
  EXPECT_EQ(pre.body.at("groups").at(0).at("becomes").as_string(), "yellow");
  EXPECT_EQ(pre.body.at("groups").at(0).at("now").at("green").as_int64(), 1);
  EXPECT_EQ(pre.body.at("groups").at(0).at("worse").as_int64(), 1);
  EXPECT_EQ(pre.body.at("notice_regions"), (json::array{"330102"}));
  EXPECT_EQ(Colour(*v), "green");  // nothing done yet
  EXPECT_EQ(official_->Get("/api/v1/risk-areas").body.at("risk_areas").as_array().size(), 0u);
  Reply pub = official_->Post("/api/v1/risk-areas", {{"place_ids", json::array{cafe_}},
                                                     {"level", "medium"},
                                                     {"from", FormatRfc3339(day_)},
                                                     {"to", FormatRfc3339(day_ + 24 * kHour)}});
  ASSERT_EQ(pub.status, 201) << pub.raw;
  EXPECT_EQ(pub.body.at("affected").as_int64(), 1);
  EXPECT_EQ(Colour(*v), "yellow");
  EXPECT_EQ(pub.body.at("places").at(0).at("name").as_string(), "南山路咖啡馆");
  // Unnamed, the area is called after its place, also in what the visitor is told.
  EXPECT_EQ(pub.body.at("name").as_string(), "南山路咖啡馆");
  Reply inbox = v->Get("/api/v1/me/inbox");
  bool told = false;
  for (const auto& m : inbox.body.at("messages").as_array())
    told = told || (m.at("kind") == "risk_area" &&
                    m.at("body_zh").as_string().find("南山路咖啡馆") != std::string::npos);
  EXPECT_TRUE(told) << inbox.raw;
}

TEST_P(TraceApiTest, CommunityTasksFromTracingAndColourChanges) {
  auto a = Client(), b = Client(), worker = Client(), far_worker = Client();
  std::string pa = Citizen(*a, "张小三", "330104199003071233");
  std::string pb = Citizen(*b, "李小红", "330106198505120021");
  worker->RegisterAndLogin("陈晓晖", MakeResidentId("330106", "19800101", 51));
  Grant(MakeResidentId("330106", "19800101", 51), Role::kCommunityWorker, "330106");
  far_worker->RegisterAndLogin("林远方", MakeResidentId("350102", "19800101", 52));
  Grant(MakeResidentId("350102", "19800101", 52), Role::kCommunityWorker, "350102");
  Stay(pa, gate_, day_ + 9 * kHour, day_ + 10 * kHour);
  Stay(pb, gate_, day_ + 9 * kHour + 30 * kMinute, day_ + 11 * kHour);
  ASSERT_EQ(ReportCase(*official_, "330104199003071233", "confirmed").status, 201);

  // B lives in 330106: one quarantine task there (the colour change adds no second one).
  Reply tasks = worker->Get("/api/v1/tasks");
  ASSERT_EQ(tasks.status, 200) << tasks.raw;
  ASSERT_EQ(tasks.body.at("tasks").as_array().size(), 1u) << tasks.raw;
  const auto& t = tasks.body.at("tasks").at(0);
  EXPECT_EQ(t.at("masked_name").as_string(), "李*红");
  EXPECT_EQ(t.at("kind").as_string(), "quarantine");
  EXPECT_EQ(t.at("reason_zh").as_string().find("张"), std::string::npos);
  std::string task_id(t.at("task_id").as_string());
  EXPECT_EQ(far_worker->Get("/api/v1/tasks").body.at("tasks").as_array().size(), 0u);
  EXPECT_EQ(far_worker->Post("/api/v1/tasks/" + task_id + "/done", {{"note", "x"}}).status, 403);

  Reply done =
      worker->Post("/api/v1/tasks/" + task_id + "/done", {{"note", "已电话联系，居家隔离"}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body.at("status").as_string(), "done");
  EXPECT_EQ(done.body.at("note").as_string(), "已电话联系，居家隔离");
  EXPECT_EQ(worker->Post("/api/v1/tasks/" + task_id + "/done", {{"note", "again"}}).status, 409);
  EXPECT_EQ(worker->Get("/api/v1/tasks").body.at("tasks").as_array().size(), 0u);
  EXPECT_EQ(worker->Get("/api/v1/tasks?status=done").body.at("tasks").as_array().size(), 1u);
  EXPECT_EQ(worker->Get("/api/v1/tasks?status=maybe").status, 422);

  // A yellow change (a fever declaration) adds a "contact" task for the worker of 330106.
  auto c = Client();
  Citizen(*c, "周发热", MakeResidentId("330106", "19800101", 53));
  Reply decl = c->Post("/api/v1/me/declarations", {{"residence_region", "330106"},
                                                   {"temperature", 38.5},
                                                   {"symptoms", json::array{}},
                                                   {"travel", json::array{}},
                                                   {"contact_with_case", false},
                                                   {"consent", true}});
  ASSERT_EQ(decl.status, 201) << decl.raw;
  Reply open = worker->Get("/api/v1/tasks");
  ASSERT_EQ(open.body.at("tasks").as_array().size(), 1u) << open.raw;
  EXPECT_EQ(open.body.at("tasks").at(0).at("kind").as_string(), "contact");
  EXPECT_EQ(open.body.at("tasks").at(0).at("source").as_string(), "colour:yellow");
  // The citizen's inbox has the colour change with its reason.
  Reply inbox = c->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.body.at("messages").as_array().size(), 1u) << inbox.raw;
  EXPECT_EQ(inbox.body.at("messages").at(0).at("kind").as_string(), "colour_change");
  EXPECT_NE(inbox.body.at("messages").at(0).at("title_zh").as_string().find("黄码"),
            std::string::npos);
}

TEST_P(TraceApiTest, SweepReachesVisitorsAfterThePublication) {
  auto early = Client(), late = Client();
  std::string pe = Citizen(*early, "钱早到", MakeResidentId("330104", "19800101", 71));
  std::string pl = Citizen(*late, "孙晚到", MakeResidentId("330104", "19800101", 72));
  const int64_t now = app().clock().NowMillis();
  Pass(pe, cafe_, now - kHour, "in");
  Reply pub = official_->Post("/api/v1/risk-areas", {{"place_ids", json::array{cafe_}},
                                                     {"level", "high"},
                                                     {"from", FormatRfc3339(now - 2 * kHour)},
                                                     {"to", FormatRfc3339(now + 24 * kHour)}});
  ASSERT_EQ(pub.status, 201) << pub.raw;
  EXPECT_EQ(pub.body.at("affected").as_int64(), 1);
  EXPECT_EQ(Colour(*late), "green");

  Pass(pl, cafe_, now + 1000, "in");  // visits while the area is still open
  app().test_clock()->Advance(std::chrono::seconds(5));
  auto swept = app().risk_areas().Sweep();
  ASSERT_TRUE(swept.ok()) << swept.status().ToString();
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(Colour(*late), "red");
  auto again = app().risk_areas().Sweep();  // nothing new: nobody is reached twice
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  Reply inbox = early->Get("/api/v1/me/inbox");
  int risk_messages = 0;
  for (const auto& m : inbox.body.at("messages").as_array())
    risk_messages += m.at("kind") == "risk_area" ? 1 : 0;
  EXPECT_EQ(risk_messages, 1);
  TestClient anon(server_->port());
  Reply area =
      anon.Get("/api/v1/risk-areas/" + std::string(pub.body.at("risk_area_id").as_string()));
  ASSERT_EQ(area.status, 200);
  EXPECT_EQ(area.body.at("status").as_string(), "active");
}

// Two nodes over one PostgreSQL: pass records written on one node are traced on the other,
// also those written after the other node built its index (it catches up by record id).
TEST(TraceMultiNodeTest, RecordsFromAnotherNodeAreTraced) {
  PgTestDatabase pg;
  OW_REQUIRE_PG_OR_SKIP(pg);
  TempDir keys;
  const std::string key = keys.path() + "/master.key";
  TestServer a(pg.url(), true, key);
  TestServer b(pg.url(), true, key);
  TestClient official(b.port());
  official.RegisterAndLogin("王建国", "330102199208150047");
  auto oid = b.app().identity().FindByIdNumber("330102199208150047");
  ASSERT_TRUE(oid.ok());
  ASSERT_TRUE(b.app().identity().Grant(*oid, Role::kHealthOfficial, "3301", "test").ok());
  Reply place = official.Post("/api/v1/places",
                              {{"name", "湖滨银泰"}, {"kind", "venue"}, {"region", "330102"}});
  ASSERT_EQ(place.status, 201) << place.raw;
  std::string gate(place.body.at("place_id").as_string());

  std::vector<std::string> people;
  for (int i = 0; i < 4; ++i) {
    std::string id = MakeResidentId("330104", "19850101", 61 + i);
    TestClient c(a.port());
    c.RegisterAndLogin("钱多" + std::string(i % 2 ? "甲" : "乙"), id);
    people.push_back(*a.app().identity().FindByIdNumber(id));
  }
  const int64_t day = ShanghaiMidnightMillis(
      CivilFromDays(DaysFromCivil(ShanghaiDate(a.app().clock().NowMillis())) - 1));
  auto stay = [&](const std::string& person, int64_t in, int64_t out) {
    for (auto [at, dir] : {std::pair{in, "in"}, std::pair{out, "out"}}) {
      checkpoint::PassRecord r;
      r.person_id = person;
      r.subject = "s";
      r.issuer = "330000";
      r.place_id = gate;
      r.at_ms = at;
      r.direction = *checkpoint::ParseDirection(dir);
      r.allowed = true;
      r.colour = codes::Colour::kGreen;
      r.reason = "ok";
      r.staff_id = "staff";
      ASSERT_TRUE(a.app().passes().AppendAndWait({r}).ok());  // written on node A
    }
  };
  const std::string onset = FormatDate(ShanghaiDate(day));
  stay(people[0], day + 9 * kHour, day + 10 * kHour);
  stay(people[1], day + 9 * kHour + 30 * kMinute, day + 11 * kHour);
  auto report = [&](int person) {
    return official.Post("/api/v1/cases",
                         {{"id_number", MakeResidentId("330104", "19850101", 61 + person)},
                          {"status", "confirmed"},
                          {"onset_date", onset}});
  };
  Reply first = report(0);  // on node B
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body.at("close_contacts").as_int64(), 1);

  // Node B's index exists now; later records from node A must still be found.
  stay(people[2], day + 14 * kHour, day + 15 * kHour);
  stay(people[3], day + 14 * kHour + 10 * kMinute, day + 14 * kHour + 20 * kMinute);
  Reply second = report(2);
  ASSERT_EQ(second.status, 201) << second.raw;
  EXPECT_EQ(second.body.at("close_contacts").as_int64(), 1);
  Reply contacts = official.Get("/api/v1/cases/" +
                                std::string(second.body.at("case_id").as_string()) + "/contacts");
  ASSERT_EQ(contacts.status, 200);
  ASSERT_EQ(contacts.body.at("contacts").as_array().size(), 1u);
  EXPECT_EQ(contacts.body.at("contacts").at(0).at("evidence").at(0).at("contact_from").as_string(),
            FormatRfc3339(day + 14 * kHour + 10 * kMinute));
  // The contact's colour changed for every node.
  auto colour = a.app().health_codes().Current(people[3]);
  ASSERT_TRUE(colour.ok());
  EXPECT_EQ(colour->colour, codes::Colour::kRed);
}

OW_INSTANTIATE_BACKENDS(TraceApiTest);

}  // namespace
}  // namespace ow::testing
