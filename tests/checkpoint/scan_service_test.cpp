// ScanService's decisions on both backends: a gate's scan allowed or refused by the code's
// colour and genuineness, codes of unknown people, offline records judged at their own time,
// and citizens' visits by their live colour. The codes and colours are stand-ins, so each
// decision depends on exactly what the test sets.
#include "checkpoint/scan_service.h"

#include <gtest/gtest.h>

#include <map>

#include "app/application.h"
#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::checkpoint {
namespace {

using codes::Colour;
using ow::testing::PgTestDatabase;
using ow::testing::TempDir;

// Answers with the check set for a payload ("unreadable" for any other).
class FakeChecker : public CodeChecker {
 public:
  Result<CodeCheck> Check(std::string_view payload, int64_t now_ms, bool check_live) override {
    calls.push_back({std::string(payload), now_ms, check_live});
    if (!outage.ok()) return outage;
    auto it = checks.find(std::string(payload));
    if (it != checks.end()) return it->second;
    CodeCheck c;
    c.verify_reason = "bad_format";
    return c;
  }
  struct Call {
    std::string payload;
    int64_t at_ms;
    bool check_live;
  };
  std::map<std::string, CodeCheck> checks;
  std::vector<Call> calls;
  Status outage;  // not ok: every check fails with it
};

// A citizen's live colour as the test sets it.
class FakeColours : public healthcode::ColourService {
 public:
  Result<healthcode::ColourState> Current(const std::string&) override { return state; }
  Result<healthcode::ColourState> ApplySignal(const healthcode::Signal&) override {
    return Status::Internal("not used");
  }
  Status WithdrawSignals(const std::string&) override { return Status::Internal("not used"); }
  healthcode::ColourState state;
};

CodeCheck Genuine(std::optional<Colour> code_colour, std::optional<Colour> live_colour) {
  CodeCheck c;
  c.genuine = true;
  c.verify_reason = "ok";
  c.issuer = "330000";
  c.subject = "subj";
  c.person_id = "person-1";
  c.masked_name = "*三";
  c.code_colour = code_colour;
  c.live_colour = live_colour;
  return c;
}

class ScanServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    app::AppConfig config;
    if (GetParam() == "sqlite") {
      config.db_url = "sqlite:" + dir_.path() + "/s.db";
    } else {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      config.db_url = pg_.url();
    }
    config.key_file = dir_.path() + "/master.key";
    config.test_clock = true;
    auto app = app::Application::Open(config);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
    auto place = app_->places().Create(
        {.name = "1号门", .kind = "community_gate", .region = "330104"}, "test");
    ASSERT_TRUE(place.ok()) << place.status().ToString();
    place_ = *place;
    scans_ = std::make_unique<ScanService>(app_->places(), checker_, colours_, app_->identity(),
                                           app_->clock());
    staff_.person_id = "staff-1";
    staff_.grants = {{Role::kCheckpointStaff, "place:" + place_.id}};
  }

  ScanDecision Scan(const std::string& payload, Direction direction = Direction::kIn) {
    auto d = scans_->Decide(staff_, {.payload = payload,
                                     .place_id = place_.id,
                                     .direction = direction,
                                     .client_id = "c-1",
                                     .device = "gate-pad"});
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : ScanDecision{};
  }

  TempDir dir_;
  PgTestDatabase pg_;
  std::unique_ptr<app::Application> app_;
  FakeChecker checker_;
  FakeColours colours_;
  std::unique_ptr<ScanService> scans_;
  Place place_;
  Principal staff_;
};

TEST_P(ScanServiceTest, AGreenCodePassesAndBecomesARecord) {
  checker_.checks["green"] = Genuine(Colour::kGreen, Colour::kGreen);
  const int64_t now = app_->clock().NowMillis();
  ScanDecision d = Scan("green", Direction::kOut);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, "ok");
  EXPECT_EQ(d.colour, Colour::kGreen);
  EXPECT_EQ(d.masked_name, "*三");
  EXPECT_EQ(d.record.person_id, "person-1");
  EXPECT_EQ(d.record.place_id, place_.id);
  EXPECT_EQ(d.record.direction, Direction::kOut);
  EXPECT_EQ(d.record.colour, Colour::kGreen);
  EXPECT_EQ(d.record.source, PassSource::kScan);
  EXPECT_EQ(d.record.staff_id, "staff-1");
  EXPECT_EQ(d.record.client_id, "c-1");
  EXPECT_EQ(d.record.device, "gate-pad");
  EXPECT_TRUE(d.record.allowed);
  EXPECT_GE(d.record.at_ms, now);
  ASSERT_EQ(checker_.calls.size(), 1u);
  EXPECT_TRUE(checker_.calls[0].check_live) << "a live scan looks up the live colour";
}

TEST_P(ScanServiceTest, YellowAndRedAreRefusedWithTheQuarantineReason) {
  CodeCheck yellow = Genuine(Colour::kGreen, Colour::kYellow);
  yellow.live_reasons = {{"close_contact", "密接", "close contact"}};
  checker_.checks["yellow"] = yellow;
  checker_.checks["red"] = Genuine(Colour::kRed, Colour::kRed);
  ScanDecision y = Scan("yellow");
  EXPECT_FALSE(y.allowed);
  EXPECT_EQ(y.reason, "yellow_code");
  EXPECT_EQ(y.colour, Colour::kYellow) << "the live colour wins over the code's";
  EXPECT_EQ(y.reason_en, "Yellow code: no entry: close contact");
  EXPECT_FALSE(y.record.allowed);
  EXPECT_EQ(y.record.reason, "yellow_code");
  ScanDecision r = Scan("red");
  EXPECT_FALSE(r.allowed);
  EXPECT_EQ(r.reason, "red_code");
  EXPECT_EQ(r.record.colour, Colour::kRed);
}

TEST_P(ScanServiceTest, CodesThatAreNotGenuineOrCurrentAreRefused) {
  const std::map<std::string, std::string> expected = {{"expired", "expired"},
                                                       {"not_yet_valid", "not_yet_valid"},
                                                       {"bad_signature", "forged"},
                                                       {"cert_mismatch", "forged"},
                                                       {"unknown_kid", "unknown_issuer"},
                                                       {"issuer_mismatch", "unknown_issuer"},
                                                       {"bad_format", "unreadable"}};
  for (const auto& [verify, reason] : expected) {
    CodeCheck c;
    c.verify_reason = verify;
    checker_.checks[verify] = c;
    ScanDecision d = Scan(verify);
    EXPECT_FALSE(d.allowed) << verify;
    EXPECT_EQ(d.reason, reason) << verify;
    EXPECT_EQ(d.colour, std::nullopt) << verify;
    EXPECT_EQ(d.record.colour, std::nullopt) << verify;
    EXPECT_EQ(d.record.person_id, std::nullopt) << verify;
  }
  CodeCheck changed = Genuine(Colour::kGreen, Colour::kRed);
  changed.colour_changed_since_issue = true;
  checker_.checks["changed"] = changed;
  ScanDecision d = Scan("changed");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "colour_changed");
  EXPECT_EQ(d.colour, Colour::kRed);
}

TEST_P(ScanServiceTest, AGenuineCodeOfAnUnknownPersonIsRefused) {
  CodeCheck c = Genuine(std::nullopt, std::nullopt);
  c.person_id.reset();
  checker_.checks["stranger"] = c;
  ScanDecision d = Scan("stranger");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "unknown_person");
  EXPECT_EQ(d.record.colour, std::nullopt);
  EXPECT_EQ(d.record.subject, "subj");
}

TEST_P(ScanServiceTest, StaffScanOnlyAtTheirPlaces) {
  Principal other;
  other.person_id = "staff-2";
  other.grants = {{Role::kCheckpointStaff, "place:elsewhere"}};
  auto d = scans_->Decide(other, {.payload = "x", .place_id = place_.id});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Code::kForbidden);
  auto unknown = scans_->Decide(staff_, {.payload = "x", .place_id = "no-such-place"});
  EXPECT_FALSE(unknown.ok());
  EXPECT_TRUE(checker_.calls.empty()) << "no code is checked for a refused scanner";
}

// An outage behind the checker is no verdict: the scan and the offline batch fail with
// kUnavailable (503 to the gate) instead of producing pass records.
TEST_P(ScanServiceTest, OutageIsNoVerdict) {
  checker_.outage = Status::Unavailable("cannot check the code now");
  auto d = scans_->Decide(staff_, {.payload = "green", .place_id = place_.id});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Code::kUnavailable);
  auto recs = scans_->Offline(staff_, place_.id,
                              {{.client_id = "dev-1", .payload = "green", .at_ms = 1000}});
  ASSERT_FALSE(recs.ok());
  EXPECT_EQ(recs.status().code(), Code::kUnavailable);
  // A code that is merely unknown still gets its verdict.
  checker_.outage = Status::Ok();
  auto unknown = scans_->Decide(staff_, {.payload = "garbage", .place_id = place_.id});
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_EQ(unknown->reason, "unreadable");
}

TEST_P(ScanServiceTest, OfflineRecordsAreJudgedAtTheirOwnTime) {
  checker_.checks["green"] = Genuine(Colour::kGreen, std::nullopt);
  CodeCheck old;
  old.verify_reason = "expired";
  checker_.checks["old"] = old;
  auto recs = scans_->Offline(staff_, place_.id,
                              {{.client_id = "dev-1",
                                .payload = "green",
                                .at_ms = 1000,
                                .direction = Direction::kOut,
                                .device = "pad"},
                               {.client_id = "dev-2", .payload = "old", .at_ms = 2000}});
  ASSERT_TRUE(recs.ok()) << recs.status().ToString();
  ASSERT_EQ(recs->size(), 2u);
  const PassRecord& a = (*recs)[0];
  EXPECT_TRUE(a.allowed);
  EXPECT_EQ(a.client_id, "dev-1");
  EXPECT_EQ(a.at_ms, 1000);
  EXPECT_EQ(a.direction, Direction::kOut);
  EXPECT_EQ(a.colour, Colour::kGreen);
  EXPECT_EQ(a.source, PassSource::kOffline);
  EXPECT_EQ(a.device, "pad");
  EXPECT_EQ(a.staff_id, "staff-1");
  const PassRecord& b = (*recs)[1];
  EXPECT_FALSE(b.allowed);
  EXPECT_EQ(b.reason, "expired");
  EXPECT_EQ(b.direction, Direction::kIn);
  EXPECT_EQ(b.source, PassSource::kOffline);
  ASSERT_EQ(checker_.calls.size(), 2u);
  EXPECT_EQ(checker_.calls[0].at_ms, 1000);
  EXPECT_FALSE(checker_.calls[0].check_live) << "offline records are judged without live colour";
  EXPECT_EQ(checker_.calls[1].at_ms, 2000);
}

TEST_P(ScanServiceTest, AVisitIsDecidedOnTheCitizensLiveColour) {
  auto person = app_->identity().Register(
      {.name = "张三", .id_number = "330104199003071233", .password = "correct horse 1"});
  ASSERT_TRUE(person.ok()) << person.status().ToString();
  Principal citizen;
  citizen.person_id = *person;
  auto code = app_->places().PlaceCode(place_);
  ASSERT_TRUE(code.ok()) << code.status().ToString();

  auto green = scans_->Visit(citizen, *code, Direction::kOut);
  ASSERT_TRUE(green.ok()) << green.status().ToString();
  EXPECT_TRUE(green->allowed);
  EXPECT_EQ(green->record.person_id, *person);
  EXPECT_EQ(green->record.place_id, place_.id);
  EXPECT_EQ(green->record.direction, Direction::kOut);
  EXPECT_EQ(green->record.source, PassSource::kVisit);
  EXPECT_EQ(green->record.colour, Colour::kGreen);
  EXPECT_EQ(green->record.staff_id, "");

  colours_.state.colour = Colour::kRed;
  colours_.state.reasons = {{"confirmed_case", "确诊", "confirmed case"}};
  auto red = scans_->Visit(citizen, *code, Direction::kIn);
  ASSERT_TRUE(red.ok());
  EXPECT_FALSE(red->allowed);
  EXPECT_EQ(red->reason, "red_code");
  EXPECT_EQ(red->reason_en, "Red code: no entry: confirmed case");
  EXPECT_EQ(red->record.colour, Colour::kRed);

  EXPECT_FALSE(scans_->Visit(citizen, "OWP1:not-a-place-code", Direction::kIn).ok());
  EXPECT_TRUE(checker_.calls.empty()) << "a visit does not check a health code";
}

INSTANTIATE_TEST_SUITE_P(Backends, ScanServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ow::checkpoint
