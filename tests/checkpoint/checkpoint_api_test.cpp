// Gate scans end to end over HTTP: every allow/refuse reason, scope checks, visits, offline
// replay, pass lists (audited), statistics and the retention purge.
#include <gtest/gtest.h>

#include "codes/base45.h"
#include "codes/cbor_decoder.h"
#include "codes/cose_sign1.h"
#include "codes/issue_code.h"
#include "codes/zlib_codec.h"
#include "core/time.h"
#include "healthcode/colour_state.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

class CheckpointApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    official_.RegisterAndLogin("王建国", "330102199208150047");
    Grant("330102199208150047", Role::kHealthOfficial, "3301");
    staff_.RegisterAndLogin("陈晓晖", "330106198505120021");
    other_staff_.RegisterAndLogin("林其他", "350102198001010038");
    citizen_.RegisterAndLogin("张小三", "330104199003071233");
    Reply place = official_.Post("/api/v1/places", {{"name", "蓝天城市花园 1号门"},
                                                    {"kind", "community_gate"},
                                                    {"region", "330104"},
                                                    {"community", "蓝天城市花园"}});
    ASSERT_EQ(place.status, 201) << place.raw;
    place_id_ = std::string(place.body.at("place_id").as_string());
    place_code_ = std::string(place.body.at("place_code").as_string());
    Reply other = official_.Post(
        "/api/v1/places", {{"name", "2号门"}, {"kind", "community_gate"}, {"region", "330104"}});
    ASSERT_EQ(other.status, 201);
    other_place_ = std::string(other.body.at("place_id").as_string());
    ASSERT_EQ(
        official_
            .Post("/api/v1/places/" + place_id_ + "/staff", {{"id_number", "330106198505120021"}})
            .status,
        201);
    ASSERT_EQ(official_
                  .Post("/api/v1/places/" + other_place_ + "/staff",
                        {{"id_number", "350102198001010038"}})
                  .status,
              201);
    // Roles are read per request, so the existing sessions carry the new grants.
  }

  void Grant(const std::string& id, Role role, const std::string& scope) {
    auto pid = server_.app().identity().FindByIdNumber(id);
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(server_.app().identity().Grant(*pid, role, scope, "test").ok());
  }

  std::string Code() {
    Reply r = citizen_.Get("/api/v1/me/health-code");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? std::string(r.body.at("payload").as_string()) : "";
  }

  Reply Scan(TestClient& who, const std::string& payload, const std::string& place,
             const std::string& direction = "in") {
    return who.Post("/api/v1/scans",
                    {{"payload", payload}, {"place_id", place}, {"direction", direction}});
  }

  std::string PersonId() { return *server_.app().identity().FindByIdNumber("330104199003071233"); }

  TestServer server_;
  TestClient official_{server_.port()}, staff_{server_.port()}, other_staff_{server_.port()},
      citizen_{server_.port()};
  std::string place_id_, place_code_, other_place_;
};

// A gate that retries a scan (same client_id) gets the decision again, marked as a duplicate,
// and no second pass record.
TEST_F(CheckpointApiTest, RetriedScanWithClientIdIsRecordedOnce) {
  const std::string code = Code();
  auto scan = [&] {
    return staff_.Post("/api/v1/scans", {{"payload", code},
                                         {"place_id", place_id_},
                                         {"direction", "in"},
                                         {"client_id", "gate1-000042"}});
  };
  Reply first = scan();
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_FALSE(first.body.at("duplicate").as_bool());
  EXPECT_TRUE(first.body.at("allowed").as_bool());
  EXPECT_EQ(first.body.at("direction").as_string(), "in");
  Reply again = scan();
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_TRUE(again.body.at("duplicate").as_bool());
  EXPECT_TRUE(again.body.at("allowed").as_bool());
  EXPECT_EQ(citizen_.Get("/api/v1/me/passes").body.at("passes").as_array().size(), 1u);
}

TEST_F(CheckpointApiTest, GreenPassesAndIsRecorded) {
  Reply r = Scan(staff_, Code(), place_id_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_TRUE(r.body.at("allowed").as_bool());
  EXPECT_EQ(r.body.at("colour").as_string(), "green");
  EXPECT_EQ(r.body.at("reason").as_string(), "ok");
  EXPECT_EQ(r.body.at("masked_name").as_string(), "张*三");
  Reply mine = citizen_.Get("/api/v1/me/passes");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body.at("passes").as_array().size(), 1u);
  EXPECT_EQ(mine.body.at("passes").at(0).at("place_name").as_string(), "蓝天城市花园 1号门");
}

TEST_F(CheckpointApiTest, StaffOfAnotherPlaceIsForbiddenAndNothingIsRecorded) {
  Reply r = Scan(other_staff_, Code(), place_id_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ContentType(), "application/problem+json");
  Reply citizen_scan = Scan(citizen_, Code(), place_id_);
  EXPECT_EQ(citizen_scan.status, 403);
  EXPECT_EQ(citizen_.Get("/api/v1/me/passes").body.at("passes").as_array().size(), 0u);
}

TEST_F(CheckpointApiTest, YellowIsStoppedWithReasonAndOldCodeIsRefused) {
  std::string before = Code();
  auto s = server_.app().health_codes().ApplySignal(
      {PersonId(), healthcode::SignalKind::kFeverClinicVisit, "hospital:test",
       server_.app().clock().NowMillis(), "", ""});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Reply old = Scan(staff_, before, place_id_);
  ASSERT_EQ(old.status, 201);
  EXPECT_FALSE(old.body.at("allowed").as_bool());
  EXPECT_EQ(old.body.at("reason").as_string(), "colour_changed");
  Reply fresh = Scan(staff_, Code(), place_id_);
  ASSERT_EQ(fresh.status, 201);
  EXPECT_FALSE(fresh.body.at("allowed").as_bool());
  EXPECT_EQ(fresh.body.at("colour").as_string(), "yellow");
  EXPECT_EQ(fresh.body.at("reason").as_string(), "yellow_code");
  EXPECT_NE(fresh.body.at("reason_zh").as_string().find("黄码"), std::string::npos);
}

TEST_F(CheckpointApiTest, RedIsStopped) {
  ASSERT_TRUE(server_.app()
                  .health_codes()
                  .ApplySignal({PersonId(), healthcode::SignalKind::kCloseContact, "trace:test",
                                server_.app().clock().NowMillis(), "", ""})
                  .ok());
  Reply r = Scan(staff_, Code(), place_id_);
  ASSERT_EQ(r.status, 201);
  EXPECT_FALSE(r.body.at("allowed").as_bool());
  EXPECT_EQ(r.body.at("reason").as_string(), "red_code");
}

TEST_F(CheckpointApiTest, ScreenshotExpires) {
  std::string code = Code();
  server_.app().test_clock()->Advance(std::chrono::minutes(6));
  Reply r = Scan(staff_, code, place_id_);
  ASSERT_EQ(r.status, 201);
  EXPECT_FALSE(r.body.at("allowed").as_bool());
  EXPECT_EQ(r.body.at("reason").as_string(), "expired");
}

codes::Bytes KidOf(const std::string& payload) {
  auto raw = codes::Base45Decode(std::string_view(payload).substr(4));
  auto inflated = codes::ZlibDecompress(*raw);
  auto item = codes::DecodeCbor(*inflated);
  auto msg = codes::ParseCoseSign1(*item);
  return msg->kid;
}

TEST_F(CheckpointApiTest, ForgedUnknownIssuerAndGarbageAreRefused) {
  std::string real = Code();
  codes::CodeClaims claims;
  claims.issuer = "330000";
  claims.issued_at = server_.app().clock().NowMillis() / 1000;
  claims.expires_at = claims.issued_at + 300;
  claims.subject = "whoever";
  claims.colour = codes::Colour::kGreen;
  claims.masked_name = "李*";
  // Same kid as the real key, but signed by an impostor.
  std::string forged = codes::IssueCode(claims, codes::IssuerKey::Generate(KidOf(real)));
  Reply f = Scan(staff_, forged, place_id_);
  ASSERT_EQ(f.status, 201) << f.raw;
  EXPECT_EQ(f.body.at("reason").as_string(), "forged");
  EXPECT_FALSE(f.body.at("allowed").as_bool());
  std::string unknown = codes::IssueCode(claims, codes::IssuerKey::Generate("no-such-kid"));
  Reply u = Scan(staff_, unknown, place_id_);
  EXPECT_EQ(u.body.at("reason").as_string(), "unknown_issuer");
  Reply g = Scan(staff_, "OW1:not base45 at all", place_id_);
  EXPECT_EQ(g.body.at("reason").as_string(), "unreadable");
  // All refusals were recorded.
  Reply list = official_.Get("/api/v1/places/" + place_id_ + "/passes");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body.at("passes").as_array().size(), 3u);
}

// An outage is not a verdict: when the live colour or the trust list cannot be read, the
// gate gets 503 problem+json with Retry-After (its offline mode takes over) and no pass record
// is stored; once the database answers again, scans are judged and recorded as before.
TEST_F(CheckpointApiTest, OutageIsA503AndNoPassRecord) {
  store::Database& db = server_.app().db();
  const std::string code = Code();
  const std::string person = PersonId();
  auto forget = [&](const char* topic, const std::string& key) {
    ASSERT_TRUE(db.Transact([&](store::Tx& tx) {
                    return server_.app().change_feed().Publish(tx, topic, key);
                  }).ok());
  };
  auto passes = [&] {
    Reply list = official_.Get("/api/v1/places/" + place_id_ + "/passes");
    EXPECT_EQ(list.status, 200) << list.raw;
    return list.status == 200 ? list.body.at("passes").as_array().size() : size_t{999};
  };

  // The live colour cannot be read.
  ASSERT_TRUE(db.ExecScript("ALTER TABLE hc_state RENAME TO hc_state_away").ok());
  forget("colour", person);
  Reply colour_down = Scan(staff_, code, place_id_);
  EXPECT_EQ(colour_down.status, 503) << colour_down.raw;
  EXPECT_EQ(colour_down.ContentType(), "application/problem+json");
  EXPECT_FALSE(colour_down.response.Header("Retry-After").empty());
  ASSERT_TRUE(db.ExecScript("ALTER TABLE hc_state_away RENAME TO hc_state").ok());
  forget("colour", person);
  EXPECT_EQ(passes(), 0u);

  // The trust list cannot be read: neither a real code nor garbage can be judged.
  ASSERT_TRUE(db.ExecScript("ALTER TABLE trust_revision RENAME TO trust_revision_away").ok());
  forget("trust", store::ChangeFeed::kAll);
  Reply trust_down = Scan(staff_, code, place_id_);
  EXPECT_EQ(trust_down.status, 503) << trust_down.raw;
  EXPECT_FALSE(trust_down.response.Header("Retry-After").empty());
  Reply garbage_down = Scan(staff_, "OW1:not base45 at all", place_id_);
  EXPECT_EQ(garbage_down.status, 503) << garbage_down.raw;
  ASSERT_TRUE(db.ExecScript("ALTER TABLE trust_revision_away RENAME TO trust_revision").ok());
  forget("trust", store::ChangeFeed::kAll);
  EXPECT_EQ(passes(), 0u);

  // Back up: a genuine code passes, an unreadable one still gets its verdict.
  Reply ok = Scan(staff_, code, place_id_);
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body.at("reason").as_string(), "ok");
  Reply garbage = Scan(staff_, "OW1:not base45 at all", place_id_);
  ASSERT_EQ(garbage.status, 201) << garbage.raw;
  EXPECT_EQ(garbage.body.at("reason").as_string(), "unreadable");
  EXPECT_EQ(passes(), 2u);
}

// Offline records carry plausible times only: older than the retention period (year 0000,
// 1990, a month ago) or later than now plus the allowed clock skew is refused with 422, the
// record's path and the machine code out_of_range; nothing of the batch is stored.
TEST_F(CheckpointApiTest, OfflineTimesOutsideThePlausibleRangeAreRefused) {
  const std::string code = Code();
  const int64_t now = server_.app().clock().NowMillis();
  const int64_t day = 86'400'000;
  json::array recs;
  int n = 0;
  for (const std::string& at :
       {std::string("0000-01-01T00:00:00Z"), std::string("1990-06-01T08:00:00Z"),
        FormatRfc3339(now - 29 * day), FormatRfc3339(now + day)}) {
    recs.push_back({{"client_id", "old-" + std::to_string(n++)}, {"payload", code}, {"at", at}});
  }
  Reply r = staff_.Post("/api/v1/scans/batch", {{"place_id", place_id_}, {"records", recs}});
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.ContentType(), "application/problem+json");
  const auto& errors = r.body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 4u) << r.raw;
  for (size_t i = 0; i < errors.size(); ++i) {
    EXPECT_EQ(errors[i].at("path").as_string(), "$.records[" + std::to_string(i) + "].at");
    EXPECT_EQ(errors[i].at("code").as_string(), "out_of_range");
  }
  Reply list = official_.Get("/api/v1/places/" + place_id_ + "/passes");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body.at("passes").as_array().size(), 0u);

  // Two days ago is within the retention period: accepted.
  json::array fine{
      {{"client_id", "recent"}, {"payload", code}, {"at", FormatRfc3339(now - 2 * day)}}};
  Reply ok = staff_.Post("/api/v1/scans/batch", {{"place_id", place_id_}, {"records", fine}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body.at("accepted").as_int64(), 1);
}

// A place name with a control character was stored and then broke the public Atom feed of
// risk areas named after it: refused with the path and a machine code.
TEST_F(CheckpointApiTest, ControlCharactersInPlaceTextAre422) {
  Reply bad = official_.Post("/api/v1/places", {{"name", std::string("湖滨\x01银泰")},
                                                {"kind", "venue"},
                                                {"region", "330102"},
                                                {"address", std::string("东坡路\0 7号", 12)},
                                                {"community", "南山\x7f社区"}});
  EXPECT_EQ(bad.status, 422) << bad.raw;
  ASSERT_TRUE(bad.body.is_object()) << bad.raw;
  std::vector<std::string> paths;
  for (const auto& e : bad.body.at("errors").as_array()) {
    EXPECT_EQ(e.at("code").as_string(), "control_character") << e;
    paths.emplace_back(e.at("path").as_string());
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"$.name", "$.address", "$.community"}));
  Reply list = official_.Get("/api/v1/places");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.raw.find("湖滨"), std::string::npos);  // nothing was stored
  EXPECT_EQ(
      official_
          .Post("/api/v1/places", {{"name", "湖滨银泰"}, {"kind", "venue"}, {"region", "330102"}})
          .status,
      201);
}

TEST_F(CheckpointApiTest, PlaceValidationAndScope) {
  Reply bad =
      official_.Post("/api/v1/places", {{"name", ""}, {"kind", "castle"}, {"region", "99"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body.at("errors").as_array().size(), 3u);
  Reply outside = official_.Post("/api/v1/places",
                                 {{"name", "福州站"}, {"kind", "station"}, {"region", "350102"}});
  EXPECT_EQ(outside.status, 403);
  // Another region's official cannot read this place's passes.
  TestClient fz(server_.port());
  fz.RegisterAndLogin("福州官员", MakeResidentId("350102", "19800101", 77));
  Grant(MakeResidentId("350102", "19800101", 77), Role::kHealthOfficial, "3501");
  EXPECT_EQ(fz.Get("/api/v1/places/" + place_id_ + "/passes").status, 403);
}

TEST_F(CheckpointApiTest, PlaceCodeVisit) {
  Reply v = citizen_.Post("/api/v1/me/visits", {{"place_code", place_code_}});
  ASSERT_EQ(v.status, 201) << v.raw;
  EXPECT_TRUE(v.body.at("allowed").as_bool());
  EXPECT_EQ(v.body.at("place_id").as_string(), place_id_);
  Reply bad = citizen_.Post("/api/v1/me/visits", {{"place_code", "OWP1:XYZ"}});
  EXPECT_EQ(bad.status, 422);
  Reply svg = official_.Get("/api/v1/places/" + place_id_ + "/code.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_NE(svg.raw.find("<svg"), std::string::npos);
}

TEST_F(CheckpointApiTest, OfflineBatchReplayIsIdempotent) {
  std::string code = Code();
  // The gate scanned the code a little after it was issued, while offline.
  std::string at = FormatRfc3339(server_.app().clock().NowMillis() + 1000);
  json::array recs;
  for (int i = 0; i < 3; ++i)
    recs.push_back({{"client_id", "gate1-" + std::to_string(i)}, {"payload", code}, {"at", at}});
  json::object batch{{"place_id", place_id_}, {"device", "gate1"}, {"records", recs}};
  Reply first = staff_.Post("/api/v1/scans/batch", batch);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body.at("accepted").as_int64(), 3);
  Reply replay = staff_.Post("/api/v1/scans/batch", batch);
  EXPECT_EQ(replay.body.at("accepted").as_int64(), 0);
  EXPECT_EQ(replay.body.at("duplicates").as_int64(), 3);
  recs.push_back({{"client_id", "gate1-new"}, {"payload", code}, {"at", at}});
  batch["records"] = recs;
  Reply mixed = staff_.Post("/api/v1/scans/batch", batch);
  EXPECT_EQ(mixed.body.at("accepted").as_int64(), 1);
  EXPECT_EQ(mixed.body.at("duplicates").as_int64(), 3);
  EXPECT_EQ(citizen_.Get("/api/v1/me/passes").body.at("passes").as_array().size(), 4u);
  // A bad record is a 422 with its path, and nothing of the batch is stored.
  json::array broken{{{"client_id", "x1"}, {"payload", code}, {"at", at}},
                     {{"client_id", "x2"}, {"payload", code}, {"at", "yesterday"}}};
  Reply b = staff_.Post("/api/v1/scans/batch", {{"place_id", place_id_}, {"records", broken}});
  EXPECT_EQ(b.status, 422);
  EXPECT_EQ(b.body.at("errors").at(0).at("path").as_string(), "$.records[1].at");
  EXPECT_EQ(citizen_.Get("/api/v1/me/passes").body.at("passes").as_array().size(), 4u);
  EXPECT_EQ(other_staff_.Post("/api/v1/scans/batch", batch).status, 403);
}

TEST_F(CheckpointApiTest, StatsPerHourAndCommunity) {
  std::string code = Code();
  Scan(staff_, code, place_id_, "in");
  Scan(staff_, code, place_id_, "out");
  Scan(staff_, "OW1:garbage", place_id_);
  Reply stats = official_.Get("/api/v1/places/" + place_id_ + "/stats");
  ASSERT_EQ(stats.status, 200) << stats.raw;
  int64_t passes = 0, refusals = 0;
  for (const auto& h : stats.body.at("hours").as_array()) {
    passes += h.at("passes").as_int64();
    refusals += h.at("refusals").as_int64();
  }
  EXPECT_EQ(passes, 2);
  EXPECT_EQ(refusals, 1);
  Reply csv = official_.Get("/api/v1/places/" + place_id_ + "/stats?format=csv");
  EXPECT_EQ(csv.ContentType(), "text/csv; charset=utf-8");
  EXPECT_NE(csv.raw.find("unreadable=1"), std::string::npos);
  Reply comm = official_.Get("/api/v1/stats/communities?region=330104");
  ASSERT_EQ(comm.status, 200) << comm.raw;
  ASSERT_EQ(comm.body.at("communities").as_array().size(), 1u);
  const auto& c = comm.body.at("communities").at(0);
  EXPECT_EQ(c.at("residents_in").as_int64(), 1);
  EXPECT_EQ(c.at("residents_out").as_int64(), 1);
  EXPECT_EQ(c.at("refusals").as_int64(), 1);
  EXPECT_EQ(official_.Get("/api/v1/stats/communities?region=35").status, 403);
  EXPECT_EQ(official_.Get("/api/v1/places/" + place_id_ + "/stats?date=2026-13-01").status, 422);
}

TEST_F(CheckpointApiTest, PurgeRemovesOldRecordsAndCountsThem) {
  Scan(staff_, Code(), place_id_);
  Scan(staff_, Code(), place_id_);
  server_.app().test_clock()->Advance(std::chrono::hours(24 * 29));
  auto n = server_.app().retention().RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
  citizen_.Login("330104199003071233");  // the old session expired meanwhile
  official_.Login("330102199208150047");
  EXPECT_EQ(citizen_.Get("/api/v1/me/passes").body.at("passes").as_array().size(), 0u);
  Reply m = official_.Get("/metrics");
  EXPECT_NE(m.raw.find("onewindow_pass_records_purged_total 2"), std::string::npos) << m.raw;
  // Both scans were committed (in one or two groups).
  EXPECT_NE(m.raw.find("\nonewindow_pass_records_written 2\n"), std::string::npos) << m.raw;
  EXPECT_TRUE(m.raw.find("\nonewindow_pass_group_commits 1\n") != std::string::npos ||
              m.raw.find("\nonewindow_pass_group_commits 2\n") != std::string::npos)
      << m.raw;
}

}  // namespace
}  // namespace ow::testing
