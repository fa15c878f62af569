// The exchange's citizen-facing routes end to end over HTTP on both backends: consents (grant,
// list, revoke, validation paths and codes, someone else's consent, no catalogue), the
// data-use record from its three sources — an official's read through the existing API
// (health-code verification), a relying platform's single sign-on through a real OIDC
// authorization, and exchange entries of a message history — newest first, masked, filtered
// and exported as CSV, and disputes (deadline, one per use, admin queue with overdue marks,
// response to the citizen's record and inbox, role refusals).
#include <gtest/gtest.h>

#include <set>

#include "core/time.h"
#include "relying_platform.h"
#include "support/backend_test.h"
#include "test_catalogue.h"

namespace ow::testing {
namespace {

const char kCitizenId[] = "330106198505120021";
const char kOtherId[] = "330104199003071233";

int64_t Start() { return ShanghaiMidnightMillis({2026, 2, 10}) + 9 * kMillisPerHour; }  // Tue

class CitizenApiTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    app().test_clock()->Set(TimePoint(std::chrono::milliseconds(Start())));
    app().test_clock()->Freeze(true);  // instants in the record are exact
    app().consents().UseDirectory(&catalogue_);
    citizen_ = Client();
    citizen_->RegisterAndLogin("张小三", kCitizenId);
    other_ = Client();
    other_->RegisterAndLogin("李四", kOtherId);
  }
  void TearDown() override {
    if (!server_) return;
    app().consents().UseDirectory(nullptr);
    app().data_uses().UseMessageHistory(nullptr);
  }
  int64_t Now() { return app().clock().NowMillis(); }
  void Advance(int64_t ms) { app().test_clock()->Advance(std::chrono::milliseconds(ms)); }
  std::unique_ptr<TestClient> Staff(const std::string& name, const std::string& id, Role role,
                                    const std::string& scope) {
    auto c = Client();
    c->RegisterAndLogin(name, id);
    auto pid = app().identity().FindByIdNumber(id);
    EXPECT_TRUE(pid.ok() && app().identity().Grant(*pid, role, scope, "test").ok());
    return c;
  }
  json::object Consent(const std::string& purpose = "travel_check", int64_t days = 30) {
    return {{"client", kTaxClient},
            {"service", kFeverService},
            {"purpose", purpose},
            {"valid_until", FormatRfc3339(Now() + days * kMillisPerDay)}};
  }
  // A health official verifies the citizen's health code: an audited read of their colour.
  void OfficialReadsCode(TestClient& official) {
    Reply code = citizen_->Get("/api/v1/me/health-code");
    ASSERT_EQ(code.status, 200) << code.raw;
    Reply v = official.Post("/api/v1/codes/verify", {{"payload", code.body.at("payload")}});
    ASSERT_EQ(v.status, 200) << v.raw;
  }
  json::array Uses(TestClient& c, const std::string& query = "") {
    Reply r = c.Get("/api/v1/me/data-uses" + query);
    EXPECT_EQ(r.status, 200) << r.raw;
    if (r.status != 200) return {};
    return r.body.at("uses").as_array();
  }
  std::vector<std::string> ErrorPaths(const Reply& r) {
    std::vector<std::string> out;
    if (!r.body.is_object() || !r.body.as_object().contains("errors")) return out;
    for (const auto& e : r.body.at("errors").as_array()) {
      std::string p = Str(e.at("path"));
      if (e.as_object().contains("code")) p += ":" + Str(e.at("code"));
      out.push_back(p);
    }
    return out;
  }

  TestCatalogue catalogue_;
  InMemoryMessageHistory history_;
  std::unique_ptr<TestClient> citizen_;
  std::unique_ptr<TestClient> other_;
};

TEST_P(CitizenApiTest, ConsentGrantListRevoke) {
  if (!server_) return;
  Reply g = citizen_->Post("/api/v1/me/consents", Consent());
  ASSERT_EQ(g.status, 201) << g.raw;
  EXPECT_EQ(Str(g.body.at("status")), "active");
  EXPECT_EQ(Str(g.body.at("client")), kTaxClient);
  EXPECT_EQ(Str(g.body.at("service")), kFeverService);
  EXPECT_TRUE(g.body.at("revoked_at").is_null());
  const std::string id = Str(g.body.at("id"));
  Advance(1000);
  ASSERT_EQ(citizen_->Post("/api/v1/me/consents", Consent("sick_leave")).status, 201);

  Reply list = citizen_->Get("/api/v1/me/consents");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("consents").as_array().size(), 2u);
  EXPECT_EQ(Str(list.body.at("consents").at(0).at("purpose")), "sick_leave");  // newest first
  EXPECT_TRUE(other_->Get("/api/v1/me/consents").body.at("consents").as_array().empty());

  // Someone else's consent is not found for them, and not revoked.
  EXPECT_EQ(other_->Post("/api/v1/me/consents/" + id + "/revoke", nullptr).status, 404);
  EXPECT_EQ(citizen_->Post("/api/v1/me/consents/nope/revoke", nullptr).status, 404);
  Reply r1 = citizen_->Post("/api/v1/me/consents/" + id + "/revoke", nullptr);
  ASSERT_EQ(r1.status, 200) << r1.raw;
  EXPECT_EQ(Str(r1.body.at("status")), "revoked");
  Advance(1000);
  Reply r2 = citizen_->Post("/api/v1/me/consents/" + id + "/revoke", nullptr);
  ASSERT_EQ(r2.status, 200);
  EXPECT_EQ(Str(r2.body.at("revoked_at")), Str(r1.body.at("revoked_at")));

  // The gateway's check follows: revoked purpose refused, the other one still consented.
  const std::string person = exchange::PersonIndex(app().keys().index_key(), kCitizenId);
  auto has = [&](const char* purpose) {
    auto r = app().consents().HasConsent(person, *exchange::ParseSubsystemId(kTaxClient),
                                         *exchange::ParseServiceId(kFeverService), purpose, Now());
    return r.ok() && *r;
  };
  EXPECT_FALSE(has("travel_check"));
  EXPECT_TRUE(has("sick_leave"));
}

TEST_P(CitizenApiTest, ConsentValidationAndRefusals) {
  if (!server_) return;
  Reply missing = citizen_->Post("/api/v1/me/consents", json::object{{"extra", 1}});
  EXPECT_EQ(missing.status, 422);
  std::set<std::string> paths;
  for (const auto& p : ErrorPaths(missing)) paths.insert(p.substr(0, p.find(':')));
  EXPECT_EQ(paths, (std::set<std::string>{"$.extra", "$.client", "$.service", "$.purpose",
                                          "$.valid_until"}));
  json::object bad = Consent();
  bad["client"] = "CN-ZJ/GOV";
  bad["valid_until"] = FormatRfc3339(Now() - 1000);
  Reply invalid = citizen_->Post("/api/v1/me/consents", bad);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(ErrorPaths(invalid),
            (std::vector<std::string>{"$.client:invalid_id", "$.valid_until:in_past"}));
  json::object unconditional = Consent("tax_filing");
  unconditional["service"] = kLicenceService;
  EXPECT_EQ(ErrorPaths(citizen_->Post("/api/v1/me/consents", unconditional)),
            (std::vector<std::string>{"$.service:not_conditional"}));
  EXPECT_EQ(ErrorPaths(citizen_->Post("/api/v1/me/consents", Consent("marketing"))),
            (std::vector<std::string>{"$.purpose:purpose_not_listed"}));
  EXPECT_EQ(ErrorPaths(citizen_->Post("/api/v1/me/consents", Consent("travel_check", 400))),
            (std::vector<std::string>{"$.valid_until:too_long"}));

  TestClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/me/consents").status, 401);
  EXPECT_EQ(anonymous.Post("/api/v1/me/consents", Consent()).status, 401);
  EXPECT_EQ(anonymous.Get("/api/v1/me/data-uses").status, 401);

  app().consents().UseDirectory(nullptr);
  Reply unavailable = citizen_->Post("/api/v1/me/consents", Consent());
  EXPECT_EQ(unavailable.status, 503) << unavailable.raw;
  EXPECT_NE(unavailable.raw.find("catalogue not available"), std::string::npos);
}

TEST_P(CitizenApiTest, DataUsesFromOfficialsPlatformsAndExchangeNewestFirst) {
  if (!server_) return;
  auto official =
      Staff("王建国", MakeResidentId("330106", "19920815", 1), Role::kHealthOfficial, "330106");
  OfficialReadsCode(*official);  // at Start()
  Advance(kMillisPerMinute);

  TestClient admin(server_->port());
  MakeAdmin(*server_, admin, MakeResidentId("330106", "19800101", 3));
  RelyingPlatform rp(*server_, admin, "tax", {"openid", "real_name"});
  AuthRequest req = rp.NewRequest("openid real_name");
  std::string code = rp.Approve(*citizen_, req);
  Reply token = rp.RedeemCode(code, req.verifier);  // at Start() + 1 min
  ASSERT_EQ(token.status, 200) << token.raw;
  Advance(kMillisPerMinute);

  const std::string person = exchange::PersonIndex(app().keys().index_key(), kCitizenId);
  exchange::LogEntry e;
  e.at_ms = Now();  // Start() + 2 min
  e.direction = "in";
  e.client = kTaxClient;
  e.service = kFeverService;
  e.purpose = "travel_check";
  e.person_index = person;
  e.fields = "visit_date,clinic";
  e.status = 200;
  e.outcome = "ok";
  history_.Add(e);
  exchange::LogEntry refused = e;
  refused.outcome = "Server.ServerProxy.AccessDenied";  // not a use: nothing was served
  history_.Add(refused);
  exchange::LogEntry someone_else = e;
  someone_else.person_index = exchange::PersonIndex(app().keys().index_key(), kOtherId);
  history_.Add(someone_else);

  // Without a message history the record says so and lists the other channels.
  app().data_uses().UseMessageHistory(nullptr);
  Reply before = citizen_->Get("/api/v1/me/data-uses");
  ASSERT_EQ(before.status, 200);
  EXPECT_FALSE(before.body.at("exchange_available").as_bool());
  EXPECT_EQ(before.body.at("uses").as_array().size(), 2u);

  app().data_uses().UseMessageHistory(&history_);
  json::array uses = Uses(*citizen_);
  ASSERT_EQ(uses.size(), 3u) << json::serialize(uses);
  EXPECT_EQ(Str(uses[0].at("channel")), "exchange");
  EXPECT_EQ(Str(uses[0].at("who")), kTaxClient);
  EXPECT_EQ(Str(uses[0].at("unit")), kFeverService);
  EXPECT_EQ(Str(uses[0].at("purpose")), "travel_check");
  EXPECT_EQ(Str(uses[0].at("fields")), "visit_date,clinic");
  EXPECT_EQ(Str(uses[0].at("id")), "exchange:1");
  EXPECT_EQ(Str(uses[0].at("at")), FormatRfc3339(Start() + 2 * kMillisPerMinute));

  EXPECT_EQ(Str(uses[1].at("channel")), "sso");
  EXPECT_EQ(Str(uses[1].at("who")), "tax");
  EXPECT_EQ(Str(uses[1].at("unit")), rp.client_id());
  EXPECT_NE(Str(uses[1].at("fields")).find("name"), std::string::npos);
  EXPECT_TRUE(Str(uses[1].at("id")).starts_with("sso:"));

  EXPECT_EQ(Str(uses[2].at("channel")), "official");
  EXPECT_TRUE(Str(uses[2].at("id")).starts_with("official:"));
  EXPECT_EQ(Str(uses[2].at("fields")), "colour");
  EXPECT_EQ(Str(uses[2].at("unit")), "health_official 330106");
  EXPECT_EQ(Str(uses[2].at("purpose")), "health code verification (验码)");
  // The officer is masked: the surname only, never the full name.
  EXPECT_EQ(Str(uses[2].at("who")).find("建国"), std::string::npos);
  EXPECT_TRUE(Str(uses[2].at("who")).starts_with("王"));
  EXPECT_EQ(Str(uses[2].at("at")), FormatRfc3339(Start()));
  for (const auto& u : uses) EXPECT_FALSE(u.at("disputed").as_bool());

  // The userinfo call is a second release to the platform.
  Advance(kMillisPerMinute);
  ASSERT_EQ(rp.UserInfo(Str(token.body.at("access_token"))).status, 200);
  EXPECT_EQ(Uses(*citizen_, "?channel=sso").size(), 2u);

  // Nobody else sees them; the other person has only the exchange entry about them.
  json::array others = Uses(*other_);
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(Str(others[0].at("id")), "exchange:3");

  // Ids are stable from one read to the next.
  json::array again = Uses(*citizen_);
  ASSERT_EQ(again.size(), 4u);
  EXPECT_EQ(Str(again[1].at("id")), Str(uses[0].at("id")));
  EXPECT_EQ(Str(again[3].at("id")), Str(uses[2].at("id")));
}

TEST_P(CitizenApiTest, DataUseFiltersAndCsvExport) {
  if (!server_) return;
  app().data_uses().UseMessageHistory(&history_);
  auto official =
      Staff("王建国", MakeResidentId("330106", "19920815", 1), Role::kHealthOfficial, "330106");
  const std::string person = exchange::PersonIndex(app().keys().index_key(), kCitizenId);
  for (int i = 0; i < 3; ++i) {
    OfficialReadsCode(*official);
    exchange::LogEntry e;
    e.at_ms = Now() + 1;
    e.client = kTaxClient;
    e.service = kFeverService;
    e.purpose = "=cmd|' /C calc'!A0";  // a formula must not run in a spreadsheet
    e.person_index = person;
    e.fields = "visit_date,clinic";
    e.outcome = "ok";
    history_.Add(e);
    Advance(kMillisPerHour);
  }
  EXPECT_EQ(Uses(*citizen_).size(), 6u);
  EXPECT_EQ(Uses(*citizen_, "?channel=official").size(), 3u);
  EXPECT_EQ(Uses(*citizen_, "?channel=exchange").size(), 3u);
  EXPECT_EQ(Uses(*citizen_, "?limit=2").size(), 2u);
  // [from, to): the second hour only.
  const std::string from = FormatRfc3339(Start() + kMillisPerHour);
  const std::string to = FormatRfc3339(Start() + 2 * kMillisPerHour);
  json::array window = Uses(*citizen_, "?from=" + from + "&to=" + to);
  ASSERT_EQ(window.size(), 2u);
  EXPECT_EQ(Str(window[0].at("channel")), "exchange");
  EXPECT_EQ(Str(window[1].at("at")), from);

  auto bad = [&](const std::string& q) {
    return ErrorPaths(citizen_->Get("/api/v1/me/data-uses" + q));
  };
  EXPECT_EQ(bad("?channel=mail"), (std::vector<std::string>{"$.channel:invalid"}));
  EXPECT_EQ(bad("?from=yesterday"), (std::vector<std::string>{"$.from:invalid"}));
  EXPECT_EQ(bad("?to=2026-13-01"), (std::vector<std::string>{"$.to:invalid"}));
  EXPECT_EQ(bad("?from=" + to + "&to=" + from), (std::vector<std::string>{"$.to:invalid"}));
  EXPECT_EQ(bad("?limit=0"), (std::vector<std::string>{"$.limit:invalid"}));
  EXPECT_EQ(bad("?limit=1001"), (std::vector<std::string>{"$.limit:invalid"}));
  EXPECT_EQ(bad("?format=xml"), (std::vector<std::string>{"$.format:invalid"}));
  EXPECT_EQ(citizen_->Get("/api/v1/me/data-uses?limit=x").status, 422);

  Reply csv = citizen_->Get("/api/v1/me/data-uses?format=csv&channel=exchange&limit=1");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.ContentType(), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.response.Header("Content-Disposition"), "attachment; filename=\"data-uses.csv\"");
  EXPECT_EQ(csv.raw,
            "id,at,channel,who,unit,purpose,fields,dispute_status,dispute_response\r\n"
            "exchange:3," +
                FormatRfc3339(Start() + 2 * kMillisPerHour + 1) + ",exchange," + kTaxClient + "," +
                kFeverService + ",'=cmd|' /C calc'!A0,\"visit_date,clinic\",,\r\n");
}

TEST_P(CitizenApiTest, DisputeDeadlineAdminResponseAndInbox) {
  if (!server_) return;
  auto official =
      Staff("王建国", MakeResidentId("330106", "19920815", 1), Role::kHealthOfficial, "330106");
  OfficialReadsCode(*official);
  json::array uses = Uses(*citizen_);
  ASSERT_EQ(uses.size(), 1u);
  const std::string use_id = Str(uses[0].at("id"));

  EXPECT_EQ(
      ErrorPaths(citizen_->Post("/api/v1/me/data-uses/" + use_id + "/dispute", {{"reason", ""}})),
      (std::vector<std::string>{"$.reason:required"}));
  EXPECT_EQ(
      citizen_->Post("/api/v1/me/data-uses/official:999999/dispute", {{"reason", "x"}}).status,
      404);
  EXPECT_EQ(citizen_->Post("/api/v1/me/data-uses/bogus/dispute", {{"reason", "x"}}).status, 404);
  // Someone else cannot dispute a use of the citizen's data.
  EXPECT_EQ(other_->Post("/api/v1/me/data-uses/" + use_id + "/dispute", {{"reason", "x"}}).status,
            404);

  Reply d = citizen_->Post("/api/v1/me/data-uses/" + use_id + "/dispute",
                           {{"reason", "我没有去过检查点 / I was not at any checkpoint"}});
  ASSERT_EQ(d.status, 201) << d.raw;
  EXPECT_EQ(Str(d.body.at("status")), "open");
  // Filed Tuesday 2026-02-10: five working days end with Tuesday 2026-02-17 (Shanghai).
  EXPECT_EQ(Str(d.body.at("due_at")), FormatRfc3339(ShanghaiMidnightMillis({2026, 2, 18})));
  EXPECT_EQ(
      citizen_->Post("/api/v1/me/data-uses/" + use_id + "/dispute", {{"reason", "again"}}).status,
      409);

  uses = Uses(*citizen_);
  EXPECT_TRUE(uses[0].at("disputed").as_bool());
  EXPECT_EQ(Str(uses[0].at("dispute").at("status")), "open");

  // The admin queue; citizens and officials are refused.
  EXPECT_EQ(citizen_->Get("/api/v1/admin/data-use-disputes").status, 403);
  EXPECT_EQ(official->Get("/api/v1/admin/data-use-disputes").status, 403);
  TestClient admin(server_->port());
  const std::string admin_id = MakeResidentId("330106", "19800101", 3);
  MakeAdmin(*server_, admin, admin_id);
  Reply q = admin.Get("/api/v1/admin/data-use-disputes");
  ASSERT_EQ(q.status, 200) << q.raw;
  ASSERT_EQ(q.body.at("disputes").as_array().size(), 1u);
  const auto& item = q.body.at("disputes").at(0);
  EXPECT_FALSE(item.at("overdue").as_bool());
  EXPECT_EQ(Str(item.at("use").at("id")), use_id);
  EXPECT_EQ(Str(item.at("citizen")).find("小三"), std::string::npos);  // masked
  EXPECT_EQ(q.body.at("overdue").as_int64(), 0);

  // Past the deadline (Wednesday 2026-02-18 in Shanghai): marked overdue.
  Advance(ShanghaiMidnightMillis({2026, 2, 18}) - Now());
  admin.Login(admin_id);  // sessions last 12 hours
  citizen_->Login(kCitizenId);
  other_->Login(kOtherId);
  q = admin.Get("/api/v1/admin/data-use-disputes");
  EXPECT_TRUE(q.body.at("disputes").at(0).at("overdue").as_bool());
  EXPECT_EQ(q.body.at("overdue").as_int64(), 1);
  EXPECT_EQ(admin.Get("/api/v1/admin/data-use-disputes?status=bogus").status, 422);

  const std::string dispute_id = Str(d.body.at("id"));
  EXPECT_EQ(admin.Post("/api/v1/admin/data-use-disputes/nope/response", {{"response", "x"}}).status,
            404);
  EXPECT_EQ(
      citizen_
          ->Post("/api/v1/admin/data-use-disputes/" + dispute_id + "/response", {{"response", "x"}})
          .status,
      403);
  EXPECT_EQ(ErrorPaths(admin.Post("/api/v1/admin/data-use-disputes/" + dispute_id + "/response",
                                  json::object{})),
            (std::vector<std::string>{"$.response:required"}));
  Reply resp = admin.Post("/api/v1/admin/data-use-disputes/" + dispute_id + "/response",
                          {{"response", "核查属实：检查点工作人员误扫。"}});
  ASSERT_EQ(resp.status, 200) << resp.raw;
  EXPECT_EQ(Str(resp.body.at("status")), "answered");
  EXPECT_FALSE(resp.body.at("overdue").as_bool());
  EXPECT_EQ(admin
                .Post("/api/v1/admin/data-use-disputes/" + dispute_id + "/response",
                      {{"response", "again"}})
                .status,
            409);
  EXPECT_TRUE(admin.Get("/api/v1/admin/data-use-disputes").body.at("disputes").as_array().empty());
  EXPECT_EQ(admin.Get("/api/v1/admin/data-use-disputes?status=answered")
                .body.at("disputes")
                .as_array()
                .size(),
            1u);

  // The citizen sees the answer in their record and in their inbox.
  uses = Uses(*citizen_);
  EXPECT_EQ(Str(uses[0].at("dispute").at("status")), "answered");
  EXPECT_EQ(Str(uses[0].at("dispute").at("response")), "核查属实：检查点工作人员误扫。");
  Reply inbox = citizen_->Get("/api/v1/me/inbox");
  ASSERT_EQ(inbox.status, 200);
  bool found = false;
  for (const auto& m : inbox.body.at("messages").as_array())
    found |= Str(m.at("kind")) == "data_use_dispute" &&
             Str(m.at("body_zh")).find("检查点工作人员误扫") != std::string::npos;
  EXPECT_TRUE(found) << inbox.raw;
  EXPECT_TRUE(other_->Get("/api/v1/me/inbox").body.at("messages").as_array().empty());
}

OW_INSTANTIATE_BACKENDS(CitizenApiTest);

}  // namespace
}  // namespace ow::testing
