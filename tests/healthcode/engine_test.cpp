// The colour engine on hand-made timelines: 7- and 14-day rules, exact day boundaries
// (Asia/Shanghai), missed days, abnormal check-ins, red over yellow, overrides, lifted and
// withdrawn signals, corrections, review flags.
#include "healthcode/engine.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace ow::healthcode {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kMinute = 60 * 1000;

const Rules& DefaultRules() {
  static const Rules rules = [] {
    auto r = ParseRules(EmbeddedDefaultRules());
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return std::move(r).value();
  }();
  return rules;
}

// Day 0 is 2026-02-10 (Asia/Shanghai).
int64_t At(int day, int hour = 0, int minute = 0) {
  return ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil({2026, 2, 10}) + day)) + hour * kHour +
         minute * kMinute;
}
std::string DateOf(int day) {
  return FormatDate(CivilFromDays(DaysFromCivil({2026, 2, 10}) + day));
}

// Builds a timeline of events.
class Timeline {
 public:
  Timeline& Sig(SignalKind k, int64_t at, std::string ref = "") {
    Event e = Base(EventType::kSignal, at);
    e.signal = Signal{"p1", k, "hospital:1", at, "", std::move(ref)};
    events_.push_back(e);
    return *this;
  }
  Timeline& Check(int64_t at, double temp = 36.5, std::vector<std::string> symptoms = {}) {
    Event e = Base(EventType::kCheckIn, at);
    e.checkin = CheckIn{temp, std::move(symptoms)};
    events_.push_back(e);
    return *this;
  }
  // Daily normal check-ins on days [from, to] at hour:00.
  Timeline& Daily(int from, int to, int hour = 20) {
    for (int d = from; d <= to; ++d) Check(At(d, hour));
    return *this;
  }
  Timeline& Declare(int64_t at, Declaration d, std::string id = "") {
    Event e = Base(EventType::kDeclaration, at);
    if (!id.empty()) e.id = id;
    e.declaration = std::move(d);
    events_.push_back(e);
    return *this;
  }
  Timeline& Override(int64_t at, Colour c, std::string reason = "复核", std::string target = "") {
    Event e = Base(EventType::kDecision, at);
    e.decision = Decision{true, c, std::move(reason), std::move(target), "official"};
    events_.push_back(e);
    return *this;
  }
  Timeline& Approve(int64_t at, std::string target) {
    Event e = Base(EventType::kDecision, at);
    e.decision = Decision{false, Colour::kGreen, "ok", std::move(target), "official"};
    events_.push_back(e);
    return *this;
  }
  Timeline& Withdraw(int64_t at, std::string ref) {
    Event e = Base(EventType::kWithdrawal, at);
    e.withdrawn_ref = std::move(ref);
    events_.push_back(e);
    return *this;
  }
  Evaluation Eval(int64_t now, const Rules& rules = DefaultRules()) const {
    return Evaluate(rules, events_, now);
  }
  ColourState State(int64_t now) const { return Eval(now).state; }
  const std::vector<Event>& events() const { return events_; }

 private:
  Event Base(EventType t, int64_t at) {
    Event e;
    e.id = "e" + std::to_string(events_.size());
    e.type = t;
    e.at_ms = at;
    return e;
  }
  std::vector<Event> events_;
};

std::vector<std::string> Codes(const ColourState& s) {
  std::vector<std::string> out;
  for (const auto& r : s.reasons) out.push_back(r.code);
  return out;
}

TEST(EngineTest, NothingOnRecordIsGreen) {
  ColourState s = Timeline().State(At(0, 12));
  EXPECT_EQ(s.colour, Colour::kGreen);
  EXPECT_TRUE(s.reasons.empty());
  EXPECT_EQ(s.streak_required, 0);
  EXPECT_FALSE(s.green_from_date);
  EXPECT_FALSE(s.quarantine_until_ms);
  EXPECT_EQ(s.rules_version, "2026.1");
  EXPECT_EQ(Timeline().Eval(At(0)).next_change_ms, kNever);
}

TEST(EngineTest, FeverClinicVisitIsYellowWithExactReason) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10));
  Evaluation ev = t.Eval(At(0, 12));
  const ColourState& s = ev.state;
  EXPECT_EQ(s.colour, Colour::kYellow);
  ASSERT_EQ(s.reasons.size(), 1u);
  EXPECT_EQ(s.reasons[0].code, "fever_clinic_visit");
  EXPECT_EQ(s.reasons[0].zh, "因2月10日发热门诊就诊，需居家观察7天，已连续打卡0/7天");
  EXPECT_EQ(s.reasons[0].en,
            "Fever clinic visit on Feb 10: 7 days of home observation, 0/7 daily check-ins done");
  EXPECT_EQ(s.streak, 0);
  EXPECT_EQ(s.streak_required, 7);
  EXPECT_EQ(s.quarantine_until_ms, At(7));
  EXPECT_EQ(s.green_from_date, DateOf(7));
  EXPECT_EQ(s.changed_at_ms, At(0, 10));
  EXPECT_EQ(ev.next_change_ms, At(1));
  EXPECT_EQ(t.State(At(0, 9)).colour, Colour::kGreen);  // not before it happened
}

TEST(EngineTest, YellowTurnsGreenAtMidnightAfterSevenDaysAndSevenCheckIns) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(0, 6);
  ColourState before = t.State(At(7) - 1);
  EXPECT_EQ(before.colour, Colour::kYellow);
  EXPECT_EQ(before.streak, 7);
  EXPECT_EQ(before.reasons[0].zh, "因2月10日发热门诊就诊，需居家观察7天，已连续打卡7/7天");
  EXPECT_EQ(before.green_from_date, DateOf(7));
  ColourState after = t.State(At(7));
  EXPECT_EQ(after.colour, Colour::kGreen);
  EXPECT_TRUE(after.reasons.empty());
  EXPECT_EQ(after.changed_at_ms, At(7));
  // Once green it stays green even without further check-ins.
  EXPECT_EQ(t.State(At(30)).colour, Colour::kGreen);
}

TEST(EngineTest, CheckInBeforeTheTriggerDoesNotCount) {
  Timeline t;
  t.Check(At(0, 8)).Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(1, 7, 9);
  EXPECT_EQ(t.State(At(0, 12)).streak, 0);
  ColourState s = t.State(At(7, 8, 59));
  EXPECT_EQ(s.colour, Colour::kYellow);
  EXPECT_EQ(s.streak, 6);
  EXPECT_EQ(s.green_from_date, DateOf(7));
  ColourState g = t.State(At(7, 9));
  EXPECT_EQ(g.colour, Colour::kGreen);
  EXPECT_EQ(g.changed_at_ms, At(7, 9));
}

TEST(EngineTest, SevenCheckInsAreNotEnoughBeforeTheQuarantineEnds) {
  Timeline t;
  // Check-ins start the same day, but the quarantine (7 calendar days) still runs.
  t.Sig(SignalKind::kFeverDrugPurchase, At(0, 1)).Daily(0, 6, 2);
  EXPECT_EQ(t.State(At(6, 23, 59)).colour, Colour::kYellow);
  EXPECT_EQ(t.State(At(7)).colour, Colour::kGreen);
}

TEST(EngineTest, ExactDayBoundaries) {
  Timeline t;
  // 23:59:59.999 belongs to day 0; 00:00:00.000 to day 1.
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10));
  t.Check(At(1) - 1);
  t.Check(At(1));
  for (int d = 2; d <= 6; ++d) t.Check(At(d, 12));
  EXPECT_EQ(t.State(At(6, 13)).streak, 7);
  EXPECT_EQ(t.State(At(7) - 1).colour, Colour::kYellow);
  EXPECT_EQ(t.State(At(7)).colour, Colour::kGreen);
}

TEST(EngineTest, SecondCheckInOnTheSameDayDoesNotCount) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Check(At(1, 8)).Check(At(1, 20));
  EXPECT_EQ(t.State(At(1, 21)).streak, 1);
}

TEST(EngineTest, MissedDayRestartsTheStreak) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(0, 2).Daily(4, 10);
  EXPECT_EQ(t.State(At(3, 12)).streak, 3);  // today not yet checked in: yesterday counts
  ColourState missed = t.State(At(4, 7));   // day 3 is over without a check-in
  EXPECT_EQ(missed.streak, 0);
  EXPECT_EQ(missed.reasons[0].zh, "因2月10日发热门诊就诊，需居家观察7天，已连续打卡0/7天");
  EXPECT_EQ(missed.green_from_date, DateOf(10));
  EXPECT_EQ(t.State(At(4, 21)).streak, 1);
  ColourState at7 = t.State(At(7, 1));
  EXPECT_EQ(at7.colour, Colour::kYellow);  // quarantine over, but only 3 check-ins in a row
  EXPECT_EQ(at7.streak, 3);
  EXPECT_EQ(t.State(At(10, 19, 59)).colour, Colour::kYellow);
  EXPECT_EQ(t.State(At(10, 20)).colour, Colour::kGreen);
}

TEST(EngineTest, StoppingBeforeTheQuarantineEndsBreaksTheStreak) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(0, 5);  // nothing on day 6
  ColourState s = t.State(At(7, 1));
  EXPECT_EQ(s.colour, Colour::kYellow);
  EXPECT_EQ(s.streak, 0);
}

TEST(EngineTest, AbnormalCheckInRestartsAndRaisesYellow) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(0, 2);
  t.Check(At(3, 20), 37.5).Daily(4, 10);
  ColourState s = t.State(At(3, 21));
  EXPECT_EQ(s.colour, Colour::kYellow);
  EXPECT_EQ(s.streak, 0);
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"abnormal_checkin", "fever_clinic_visit"}));
  EXPECT_EQ(s.reasons[0].zh, "因2月13日健康打卡异常，需居家观察7天，已连续打卡0/7天");
  EXPECT_EQ(s.green_from_date, DateOf(10));
  EXPECT_EQ(t.State(At(10, 19)).colour, Colour::kYellow);
  EXPECT_EQ(t.State(At(10, 20)).colour, Colour::kGreen);
}

TEST(EngineTest, AbnormalCheckInWhileGreenAndThresholdIsInclusive) {
  Timeline at_threshold;
  at_threshold.Check(At(0, 8), 37.3);
  EXPECT_EQ(at_threshold.State(At(0, 9)).colour, Colour::kYellow);
  Timeline below;
  below.Check(At(0, 8), 37.2);
  EXPECT_EQ(below.State(At(0, 9)).colour, Colour::kGreen);
  Timeline cough;
  cough.Check(At(0, 8), 36.4, {"cough"});
  ColourState s = cough.State(At(0, 9));
  EXPECT_EQ(s.colour, Colour::kYellow);
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"abnormal_checkin"}));
}

TEST(EngineTest, RedNeedsFourteenDaysAndFourteenCheckIns) {
  Timeline t;
  t.Sig(SignalKind::kCloseContact, At(0, 9)).Daily(0, 12);
  ColourState s = t.State(At(12, 21));
  EXPECT_EQ(s.colour, Colour::kRed);
  EXPECT_EQ(s.streak, 13);
  EXPECT_EQ(s.streak_required, 14);
  EXPECT_EQ(s.reasons[0].zh, "因2月10日被判定为密切接触者，需集中隔离14天，已连续打卡13/14天");
  EXPECT_EQ(s.quarantine_until_ms, At(14));
  EXPECT_EQ(s.green_from_date, DateOf(14));
  t.Check(At(13, 20));
  EXPECT_EQ(t.State(At(14) - 1).colour, Colour::kRed);
  EXPECT_EQ(t.State(At(14)).colour, Colour::kGreen);
}

TEST(EngineTest, RedWithMissedDayNeedsFourteenInARow) {
  Timeline t;
  t.Sig(SignalKind::kConfirmedCase, At(0, 9)).Daily(0, 9).Daily(11, 24);
  EXPECT_EQ(t.State(At(14, 1)).colour, Colour::kRed);
  EXPECT_EQ(t.State(At(14, 1)).streak, 3);
  EXPECT_EQ(t.State(At(24, 19)).colour, Colour::kRed);
  EXPECT_EQ(t.State(At(24, 20)).colour, Colour::kGreen);
}

TEST(EngineTest, RedOverYellow) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Sig(SignalKind::kCloseContact, At(2, 9));
  t.Daily(0, 20);
  ColourState s = t.State(At(2, 10));
  EXPECT_EQ(s.colour, Colour::kRed);
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"close_contact", "fever_clinic_visit"}));
  EXPECT_EQ(s.streak_required, 14);
  EXPECT_EQ(s.green_from_date, DateOf(16));
  ColourState s10 = t.State(At(10));
  EXPECT_EQ(s10.colour, Colour::kRed);
  EXPECT_EQ(Codes(s10), (std::vector<std::string>{"close_contact"}));  // yellow resolved
  EXPECT_EQ(t.State(At(16) - 1).colour, Colour::kRed);
  EXPECT_EQ(t.State(At(16)).colour, Colour::kGreen);
}

TEST(EngineTest, YellowAfterRedKeepsRedUntilRedResolves) {
  Timeline t;
  t.Sig(SignalKind::kCloseContact, At(0, 9)).Sig(SignalKind::kSecondaryContact, At(12, 9));
  t.Daily(0, 30);
  EXPECT_EQ(t.State(At(13)).colour, Colour::kRed);
  ColourState s = t.State(At(14));
  EXPECT_EQ(s.colour, Colour::kYellow);  // red resolved, the later yellow still runs
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"secondary_contact"}));
  EXPECT_EQ(s.changed_at_ms, At(14));
  EXPECT_EQ(t.State(At(19)).colour, Colour::kGreen);
}

TEST(EngineTest, OverrideToGreenEndsEarlierTriggersOnly) {
  Timeline t;
  t.Sig(SignalKind::kCloseContact, At(0, 9)).Override(At(1, 9), Colour::kGreen, "误判");
  EXPECT_EQ(t.State(At(1, 8)).colour, Colour::kRed);
  ColourState s = t.State(At(1, 10));
  EXPECT_EQ(s.colour, Colour::kGreen);
  EXPECT_TRUE(s.reasons.empty());
  EXPECT_EQ(s.changed_at_ms, At(1, 9));
  t.Sig(SignalKind::kFeverClinicVisit, At(2, 9));
  EXPECT_EQ(t.State(At(2, 10)).colour, Colour::kYellow);
}

TEST(EngineTest, OverrideToRedIsATriggerWithTheOfficialsReason) {
  Timeline t;
  t.Override(At(0, 9), Colour::kRed, "流调发现同航班");
  ColourState s = t.State(At(0, 10));
  EXPECT_EQ(s.colour, Colour::kRed);
  ASSERT_EQ(s.reasons.size(), 1u);
  EXPECT_EQ(s.reasons[0].code, "official_override_red");
  EXPECT_EQ(s.reasons[0].zh,
            "2月10日经卫生健康部门复核赋红码（流调发现同航班），需隔离14天，已连续打卡0/14天");
  EXPECT_EQ(s.streak_required, 14);
  t.Daily(0, 13);
  EXPECT_EQ(t.State(At(14)).colour, Colour::kGreen);
}

TEST(EngineTest, LaterOverrideReplacesEarlierOverride) {
  Timeline t;
  t.Override(At(0, 9), Colour::kRed).Override(At(0, 11), Colour::kYellow);
  ColourState s = t.State(At(0, 12));
  EXPECT_EQ(s.colour, Colour::kYellow);
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"official_override_yellow"}));
}

TEST(EngineTest, SignalRecordedAfterAnOverrideStillCounts) {
  Timeline t;
  t.Override(At(1, 9), Colour::kGreen);
  t.Sig(SignalKind::kCloseContact, At(0, 20));  // occurred before, reported after
  std::vector<Event> events = t.events();
  events.back().recorded_ms = At(1, 10);
  Evaluation ev = Evaluate(DefaultRules(), events, At(1, 11));
  EXPECT_EQ(ev.state.colour, Colour::kRed);
  EXPECT_EQ(ev.state.changed_at_ms, At(1, 10));
  EXPECT_EQ(ev.state.quarantine_until_ms, At(14));  // counted from when it occurred
}

TEST(EngineTest, LiftedRiskAreaVoidsTheStay) {
  Timeline t;
  t.Sig(SignalKind::kStayMediumRiskArea, At(0, 9), "area:1");
  t.Sig(SignalKind::kStayMediumRiskArea, At(0, 10), "area:2");
  t.Sig(SignalKind::kRiskAreaLifted, At(1, 9), "area:1");
  ColourState s = t.State(At(1, 10));
  EXPECT_EQ(s.colour, Colour::kYellow);  // area:2 still applies
  ASSERT_EQ(s.reasons.size(), 1u);
  t.Sig(SignalKind::kRiskAreaLifted, At(1, 11), "area:2");
  EXPECT_EQ(t.State(At(1, 12)).colour, Colour::kGreen);
  // The void signal never applied, so the timeline has no change at all after the lift.
  EXPECT_EQ(t.State(At(1, 12)).changed_at_ms, 0);
}

TEST(EngineTest, WithdrawalAndCaseExcluded) {
  Timeline t;
  t.Sig(SignalKind::kSuspectedCase, At(0, 9), "case:7");
  t.Sig(SignalKind::kCloseContact, At(0, 10), "case:8");
  EXPECT_EQ(t.State(At(0, 11)).colour, Colour::kRed);
  t.Withdraw(At(0, 12), "case:8");
  ColourState s = t.State(At(0, 13));
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"suspected_case"}));
  t.Sig(SignalKind::kCaseExcluded, At(0, 14));  // no ref: every earlier suspicion
  EXPECT_EQ(t.State(At(0, 15)).colour, Colour::kGreen);
  // A negative test alone changes nothing.
  Timeline n;
  n.Sig(SignalKind::kTestPositive, At(0, 9)).Sig(SignalKind::kTestNegative, At(1, 9));
  EXPECT_EQ(n.State(At(1, 10)).colour, Colour::kRed);
}

TEST(EngineTest, DeclarationTriggersAndCorrection) {
  Declaration fever;
  fever.residence_region = "330104";
  fever.temperature = 38.2;
  fever.symptoms = {"fever"};
  Timeline t;
  t.Declare(At(0, 9), fever, "d1");
  ColourState s = t.State(At(0, 10));
  EXPECT_EQ(s.colour, Colour::kYellow);
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"declared_fever", "declared_symptoms"}));
  Declaration fixed = fever;
  fixed.temperature = 36.6;
  fixed.symptoms = {};
  fixed.supersedes = "d1";
  t.Declare(At(0, 11), fixed, "d2");
  EXPECT_EQ(t.State(At(0, 12)).colour, Colour::kGreen);

  Declaration contact;
  contact.residence_region = "330104";
  contact.contact_with_case = true;
  Timeline c;
  c.Declare(At(0, 9), contact);
  EXPECT_EQ(Codes(c.State(At(0, 10))), (std::vector<std::string>{"declared_contact_with_case"}));
}

TEST(EngineTest, TravelToRiskRegionCountsFromTheLastDayThere) {
  Rules rules = DefaultRules();
  rules.high_risk_regions = {"4201"};
  rules.medium_risk_regions = {"31"};
  Declaration d;
  d.residence_region = "330104";
  d.travel = {{"420106", {2026, 2, 5}, {2026, 2, 7}}, {"310101", {2026, 2, 8}, {2026, 2, 8}}};
  Timeline t;
  t.Declare(At(0, 9), d);
  Evaluation ev = t.Eval(At(0, 10), rules);
  EXPECT_EQ(ev.state.colour, Colour::kRed);
  std::vector<std::string> codes = Codes(ev.state);
  EXPECT_EQ(codes, (std::vector<std::string>{"travel_high_risk_area", "travel_medium_risk_area"}));
  // High risk ended with Feb 7: trigger at 00:00 Feb 8, 14 days -> quarantine until Feb 22.
  EXPECT_EQ(ev.state.quarantine_until_ms, At(12));
  EXPECT_EQ(ev.state.changed_at_ms, At(0, 9));  // applies from the declaration
}

TEST(EngineTest, UnderReviewUntilDecided) {
  Declaration d;
  d.residence_region = "330104";
  d.uncertain = true;
  Timeline t;
  t.Declare(At(0, 9), d, "d1");
  EXPECT_TRUE(t.State(At(0, 10)).under_review);
  t.Approve(At(0, 11), "d1");
  EXPECT_FALSE(t.State(At(0, 12)).under_review);
  EXPECT_EQ(t.State(At(0, 12)).colour, Colour::kGreen);
}

TEST(EngineTest, UncertainDeclarations) {
  const Rules& rules = DefaultRules();
  Declaration plain;
  plain.residence_region = "330104";
  EXPECT_EQ(UncertainReason(rules, plain, At(0), {}), "");
  Declaration watch = plain;
  watch.travel = {{"420106", {2026, 2, 1}, {2026, 2, 3}}};
  EXPECT_EQ(UncertainReason(rules, watch, At(0), {}), "travel_watch_region");

  Timeline t;
  t.Sig(SignalKind::kCloseContact, At(-3, 9));
  EXPECT_EQ(UncertainReason(rules, plain, At(0), t.events()), "contradicts_signal:close_contact");
  Declaration admits = plain;
  admits.contact_with_case = true;
  EXPECT_EQ(UncertainReason(rules, admits, At(0), t.events()), "");
  EXPECT_EQ(UncertainReason(rules, plain, At(12), t.events()), "");  // outside 14 days

  Timeline clinic;
  clinic.Sig(SignalKind::kFeverClinicVisit, At(-1, 9));
  EXPECT_EQ(UncertainReason(rules, plain, At(0), clinic.events()),
            "contradicts_signal:fever_clinic_visit");
  Declaration fever = plain;
  fever.temperature = 38.0;
  EXPECT_EQ(UncertainReason(rules, fever, At(0), clinic.events()), "");
  clinic.Withdraw(At(-1, 10), "");  // empty ref withdraws nothing
  EXPECT_NE(UncertainReason(rules, plain, At(0), clinic.events()), "");
}

TEST(EngineTest, FutureEventsAreIgnored) {
  Timeline t;
  t.Sig(SignalKind::kConfirmedCase, At(5));
  EXPECT_EQ(t.State(At(0)).colour, Colour::kGreen);
}

TEST(EngineTest, GreenFromAccountsForTodaysCheckIn) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(0, 4);
  // After the day-4 check-in: 5 done, 2 to go (days 5 and 6), quarantine ends day 7.
  EXPECT_EQ(t.State(At(4, 21)).green_from_date, DateOf(7));
  Timeline late;
  late.Sig(SignalKind::kFeverClinicVisit, At(0, 10)).Daily(3, 6);
  // Days 3..6 done (4), 3 more: days 7, 8, 9 -> green on day 9.
  EXPECT_EQ(late.State(At(6, 21)).green_from_date, DateOf(9));
  EXPECT_EQ(late.State(At(7, 8)).green_from_date, DateOf(9));
}

}  // namespace
}  // namespace ow::healthcode

namespace ow::healthcode {
namespace {

// The code page must not offer today's check-in once it is done, normal or not, and offers it
// again from the next Shanghai midnight.
TEST(EngineTest, CheckedInTodayUntilMidnight) {
  Timeline t;
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10));
  EXPECT_FALSE(t.State(At(0, 11)).checked_in_today);
  t.Check(At(0, 12), 37.8);  // abnormal: still today's check-in
  EXPECT_TRUE(t.State(At(0, 12, 1)).checked_in_today);
  EXPECT_EQ(t.State(At(0, 12, 1)).streak, 0);
  EXPECT_TRUE(t.State(At(0, 23, 59)).checked_in_today);
  EXPECT_FALSE(t.State(At(1, 0)).checked_in_today);
  // The answer changes at that midnight without new events, so a cached state is re-evaluated.
  EXPECT_LE(t.Eval(At(0, 12, 1)).next_change_ms, At(1, 0));
  Timeline green;
  green.Check(At(2, 8));
  EXPECT_TRUE(green.State(At(2, 9)).checked_in_today);
  EXPECT_LE(green.Eval(At(2, 9)).next_change_ms, At(3, 0));
}

// What a colour asks of the person comes from the rules, one wording per colour.
TEST(EngineTest, HintIsTheRulesWordingOfTheColour) {
  Timeline t;
  EXPECT_EQ(t.State(At(0, 9)).hint.zh, DefaultRules().Hint(Colour::kGreen).zh);
  t.Sig(SignalKind::kFeverClinicVisit, At(0, 10));
  ColourState y = t.State(At(0, 11));
  EXPECT_EQ(y.hint.zh, "请按要求居家观察，每日健康打卡");
  EXPECT_EQ(y.hint.en, DefaultRules().Hint(Colour::kYellow).en);
  t.Sig(SignalKind::kConfirmedCase, At(0, 12));
  ColourState r = t.State(At(0, 13));
  EXPECT_EQ(r.hint.zh, "请按要求隔离，每日健康打卡");
  // The reason names 集中隔离; the hint asks for 隔离 and names no other measure.
  EXPECT_NE(r.reasons[0].zh.find("集中隔离"), std::string::npos);
  EXPECT_EQ(r.hint.zh.find("居家"), std::string::npos);
}

}  // namespace
}  // namespace ow::healthcode
