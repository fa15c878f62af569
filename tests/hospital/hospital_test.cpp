// Hospital booking through the HTTP API on both backends: the directory and schedules
// (administrators only), free slots by day, booking and the check-in text, a full slot (409),
// one booking per department per day, overlapping bookings, the cancellation deadline,
// no-shows blocking booking, holds expiring on the test clock, the health-code gate sending
// red/yellow people to the fever clinic with its slots, the day list and attendance.
#include <gtest/gtest.h>

#include <thread>

#include "codes/qr_decode.h"
#include "core/time.h"
#include "healthcode/colour_state.h"
#include "support/backend_test.h"

namespace ow::hospital {
namespace {

namespace json = boost::json;
using testing::Reply;
using testing::TestClient;

std::string Str(const json::value& v, std::string_view key) {
  return std::string(v.at(key).as_string());
}

std::string ErrorCode(const Reply& r) {
  if (!r.body.is_object() || !r.body.as_object().contains("errors")) return "";
  const auto& errors = r.body.at("errors").as_array();
  if (errors.empty() || !errors[0].as_object().contains("code")) return "";
  return Str(errors[0], "code");
}

class HospitalTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // Monday 2026-03-02, 07:00 in Shanghai.
    SetNow("2026-03-01T23:00:00Z");
    auto place = app().places().Create(
        {"市第一人民医院", "hospital", "330104", "解放路1号", "", {}}, "test");
    ASSERT_TRUE(place.ok()) << place.status().ToString();
    hospital_ = place->id;
    admin_ = Client();
    admin_->RegisterAndLogin("院管理", testing::MakeResidentId("330104", "19800101", 1));
    ASSERT_TRUE(app()
                    .identity()
                    .Grant(Person(testing::MakeResidentId("330104", "19800101", 1)),
                           Role::kHospitalAdmin, "place:" + hospital_, "test")
                    .ok());
    Reply dep = admin_->Post(H("/departments"), {{"name_zh", "内科"}, {"name_en", "Internal"}});
    ASSERT_EQ(dep.status, 201) << dep.raw;
    internal_ = Str(dep.body, "id");
    Reply fever =
        admin_->Post(H("/departments"),
                     {{"name_zh", "发热门诊"}, {"name_en", "Fever clinic"}, {"kind", "fever"}});
    ASSERT_EQ(fever.status, 201) << fever.raw;
    fever_ = Str(fever.body, "id");
    Reply doc = admin_->Post(
        H("/doctors"), {{"department_id", internal_}, {"name", "李医生"}, {"title", "主任医师"}});
    ASSERT_EQ(doc.status, 201) << doc.raw;
    doctor_ = Str(doc.body, "id");
    // Every day 08:00-09:00: six ten-minute slots of one place each; the fever clinic has five
    // places a slot.
    json::array weekly;
    for (int d = 1; d <= 7; ++d)
      weekly.push_back({{"weekday", d}, {"start", "08:00"}, {"end", "09:00"}});
    Reply s = admin_->Post(H("/schedules"), {{"department_id", internal_},
                                             {"doctor_id", doctor_},
                                             {"slot_minutes", 10},
                                             {"capacity", 1},
                                             {"weekly", weekly}});
    ASSERT_EQ(s.status, 201) << s.raw;
    Reply f = admin_->Post(
        H("/schedules"),
        {{"department_id", fever_}, {"slot_minutes", 10}, {"capacity", 5}, {"weekly", weekly}});
    ASSERT_EQ(f.status, 201) << f.raw;
    p1_ = Patient("张一", 2);
    p2_ = Patient("王二", 3);
  }

  void SetNow(const char* rfc3339) {
    app().test_clock()->Set(TimePoint(std::chrono::milliseconds(*ParseRfc3339(rfc3339))));
    app().test_clock()->Freeze(true);
  }
  std::string H(const std::string& rest) { return "/api/v1/hospitals/" + hospital_ + rest; }
  std::string Person(const std::string& id_number) {
    auto p = app().identity().FindByIdNumber(id_number);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : "";
  }
  std::unique_ptr<TestClient> Patient(const std::string& name, int seq) {
    auto c = Client();
    c->RegisterAndLogin(name, testing::MakeResidentId("330104", "19900101", seq));
    return c;
  }
  // The free slots of a department on a day.
  Reply Slots(TestClient& c, const std::string& dep, const std::string& day) {
    return c.Get("/api/v1/hospital-departments/" + dep + "/slots?day=" + day);
  }
  std::string SlotAt(TestClient& c, const std::string& dep, const std::string& day, size_t i) {
    Reply r = Slots(c, dep, day);
    EXPECT_EQ(r.status, 200) << r.raw;
    const auto& slots = r.body.at("slots").as_array();
    EXPECT_GT(slots.size(), i) << r.raw;
    return slots.size() > i ? Str(slots[i], "id") : "";
  }
  Reply Book(TestClient& c, const std::string& slot, const std::string& hold = "") {
    json::object body{{"slot_id", slot}};
    if (!hold.empty()) body["hold_id"] = hold;
    return c.Post("/api/v1/appointments", body);
  }

  std::string hospital_, internal_, fever_, doctor_;
  std::unique_ptr<TestClient> admin_, p1_, p2_;
};

TEST_P(HospitalTest, ListsHospitalsDepartmentsDoctorsAndSlotsByDay) {
  Reply hs = p1_->Get("/api/v1/hospitals");
  ASSERT_EQ(hs.status, 200) << hs.raw;
  ASSERT_EQ(hs.body.at("hospitals").as_array().size(), 1u);
  Reply deps = p1_->Get(H("/departments"));
  ASSERT_EQ(deps.status, 200);
  EXPECT_EQ(deps.body.at("departments").as_array().size(), 2u);
  EXPECT_EQ(Str(deps.body.at("doctors").as_array()[0], "name"), "李医生");
  // Today from 07:00: all six slots are ahead; the window is 14 days, the 15th opens at 06:00.
  Reply today = Slots(*p1_, internal_, "2026-03-02");
  ASSERT_EQ(today.status, 200) << today.raw;
  EXPECT_EQ(today.body.at("slots").as_array().size(), 6u);
  EXPECT_FALSE(today.body.at("refused").as_bool());
  EXPECT_EQ(Str(today.body.at("slots").as_array()[0], "doctor_id"), doctor_);
  EXPECT_EQ(Slots(*p1_, internal_, "2026-03-16").body.at("slots").as_array().size(), 6u);
  EXPECT_EQ(Slots(*p1_, internal_, "2026-03-17").body.at("slots").as_array().size(), 0u);
  SetNow("2026-03-02T22:00:00Z");                                // Tuesday 06:00
  p1_->Login(testing::MakeResidentId("330104", "19900101", 2));  // sessions last 12 hours
  EXPECT_EQ(Slots(*p1_, internal_, "2026-03-17").body.at("slots").as_array().size(), 6u);
  EXPECT_EQ(Slots(*p1_, internal_, "2026-03-02").body.at("slots").as_array().size(), 0u);
  Reply bad = Slots(*p1_, internal_, "2026-13-01");
  EXPECT_EQ(bad.status, 422);
}

TEST_P(HospitalTest, OnlyTheHospitalsAdministratorsManageIt) {
  Reply r = p1_->Post(H("/departments"), {{"name_zh", "外科"}});
  EXPECT_EQ(r.status, 403) << r.raw;
  // hospital_admin of another place is not enough.
  auto other = app().places().Create({"二院", "hospital", "330104", "", "", {}}, "test");
  auto id = testing::MakeResidentId("330104", "19800101", 9);
  auto c = Client();
  c->RegisterAndLogin("别院管", id);
  ASSERT_TRUE(
      app().identity().Grant(Person(id), Role::kHospitalAdmin, "place:" + other->id, "t").ok());
  c->Login(id);
  EXPECT_EQ(c->Post(H("/departments"), {{"name_zh", "外科"}}).status, 403);
  EXPECT_EQ(c->Get(H("/appointments")).status, 403);
  EXPECT_EQ(c->Get(H("/schedules")).status, 403);
  Reply mine = admin_->Get(H("/schedules"));
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body.at("schedules").as_array().size(), 2u);
}

TEST_P(HospitalTest, InvalidScheduleNamesItsFields) {
  Reply r =
      admin_->Post(H("/schedules"),
                   {{"department_id", internal_},
                    {"slot_minutes", 1},
                    {"capacity", 0},
                    {"weekly", json::array{{{"weekday", 9}, {"start", "8h"}, {"end", "09:00"}}}}});
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_NE(r.raw.find("$.weekly[0].start"), std::string::npos) << r.raw;
  Reply r2 = admin_->Post(
      H("/schedules"),
      {{"department_id", internal_},
       {"slot_minutes", 1},
       {"capacity", 0},
       {"weekly", json::array{{{"weekday", 9}, {"start", "08:00"}, {"end", "09:00"}}}}});
  ASSERT_EQ(r2.status, 422) << r2.raw;
  EXPECT_NE(r2.raw.find("$.slot_minutes"), std::string::npos) << r2.raw;
  EXPECT_NE(r2.raw.find("$.capacity"), std::string::npos) << r2.raw;
  EXPECT_NE(r2.raw.find("$.weekly[0].weekday"), std::string::npos) << r2.raw;
  Reply r3 = admin_->Post(H("/schedules"), {{"department_id", "nope"},
                                            {"slot_minutes", 10},
                                            {"capacity", 1},
                                            {"weekly", json::array{}}});
  EXPECT_EQ(ErrorCode(r3), "unknown_department") << r3.raw;
}

TEST_P(HospitalTest, BooksShowsMineWithCheckInAndAFullSlotIs409) {
  const std::string slot = SlotAt(*p1_, internal_, "2026-03-03", 0);
  Reply b = Book(*p1_, slot);
  ASSERT_EQ(b.status, 201) << b.raw;
  EXPECT_EQ(Str(b.body, "status"), "booked");
  EXPECT_EQ(Str(b.body, "check_in"), "OWAPPT1:" + Str(b.body, "id"));
  EXPECT_EQ(Str(b.body, "doctor_id"), doctor_);
  Reply full = Book(*p2_, slot);
  EXPECT_EQ(full.status, 409) << full.raw;
  EXPECT_EQ(ErrorCode(full), "slot_full");
  EXPECT_EQ(Slots(*p2_, internal_, "2026-03-03").body.at("slots").as_array().size(), 5u);
  Reply mine = p1_->Get("/api/v1/me/appointments");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body.at("appointments").as_array().size(), 1u);
  EXPECT_EQ(Str(mine.body.at("appointments").as_array()[0], "slot_id"), slot);
  EXPECT_TRUE(p2_->Get("/api/v1/me/appointments").body.at("appointments").as_array().empty());
  EXPECT_EQ(ErrorCode(Book(*p2_, "no-such-slot")), "unknown_slot");
}

TEST_P(HospitalTest, OneBookingPerDepartmentPerDayAndNoOverlap) {
  ASSERT_EQ(Book(*p1_, SlotAt(*p1_, internal_, "2026-03-03", 0)).status, 201);
  Reply again = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-03", 2));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "limit_reached");
  EXPECT_EQ(Book(*p1_, SlotAt(*p1_, internal_, "2026-03-04", 2)).status, 201);
  // The fever clinic at the very time of the internal-medicine booking: refused for overlap.
  Reply overlap = Book(*p1_, SlotAt(*p1_, fever_, "2026-03-03", 0));
  EXPECT_EQ(overlap.status, 409);
  EXPECT_EQ(ErrorCode(overlap), "overlapping_booking");
  EXPECT_EQ(Book(*p1_, SlotAt(*p1_, fever_, "2026-03-03", 1)).status, 201);
}

TEST_P(HospitalTest, CancellationClosesBeforeTheSlotAndFreesIt) {
  // Today 08:00 is one hour away: past the two-hour deadline once booked.
  Reply today = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-02", 0));
  ASSERT_EQ(today.status, 201);
  Reply late = p1_->Call("POST", "/api/v1/appointments/" + Str(today.body, "id") + "/cancel");
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(ErrorCode(late), "cancel_deadline_passed");
  const std::string slot = SlotAt(*p1_, internal_, "2026-03-03", 0);
  Reply b = Book(*p1_, slot);
  ASSERT_EQ(b.status, 201);
  const std::string cancel = "/api/v1/appointments/" + Str(b.body, "id") + "/cancel";
  EXPECT_EQ(p2_->Call("POST", cancel).status, 404);  // not theirs
  Reply ok = p1_->Call("POST", cancel);
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(Str(ok.body, "status"), "cancelled");
  EXPECT_EQ(ErrorCode(p1_->Call("POST", cancel)), "not_cancellable");
  EXPECT_EQ(Book(*p2_, slot).status, 201);
}

TEST_P(HospitalTest, ThreeNoShowsInSixMonthsBlockBookingForAPeriod) {
  for (const char* day : {"2026-03-03", "2026-03-04", "2026-03-05"}) {
    Reply b = Book(*p1_, SlotAt(*p1_, internal_, day, 0));
    ASSERT_EQ(b.status, 201) << b.raw;
    Reply m = admin_->Post(H("/appointments/" + Str(b.body, "id") + "/attendance"),
                           {{"status", "noshow"}});
    ASSERT_EQ(m.status, 200) << m.raw;
    EXPECT_EQ(Str(m.body, "status"), "noshow");
  }
  Reply blocked = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-06", 0));
  EXPECT_EQ(blocked.status, 403) << blocked.raw;
  EXPECT_EQ(ErrorCode(blocked), "noshow_blocked");
  EXPECT_EQ(Book(*p2_, SlotAt(*p2_, internal_, "2026-03-06", 0)).status, 201);
  // 91 days after the last no-shows (still within six months): booking is open again.
  SetNow("2026-06-05T23:00:00Z");
  p1_->Login(testing::MakeResidentId("330104", "19900101", 2));  // sessions last 12 hours
  Reply again = Book(*p1_, SlotAt(*p1_, internal_, "2026-06-07", 0));
  EXPECT_EQ(again.status, 201) << again.raw;
}

TEST_P(HospitalTest, HoldExpiresByItselfOnTheClock) {
  const std::string slot = SlotAt(*p1_, internal_, "2026-03-03", 0);
  Reply h = p1_->Call("POST", "/api/v1/hospital-slots/" + slot + "/hold");
  ASSERT_EQ(h.status, 201) << h.raw;
  EXPECT_EQ(Book(*p2_, slot).status, 409);
  EXPECT_EQ(Slots(*p2_, internal_, "2026-03-03").body.at("slots").as_array().size(), 5u);
  app().test_clock()->Advance(std::chrono::minutes(6));
  EXPECT_EQ(Slots(*p2_, internal_, "2026-03-03").body.at("slots").as_array().size(), 6u);
  Reply late = Book(*p1_, slot, Str(h.body, "hold_id"));
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(ErrorCode(late), "hold_expired");
  EXPECT_EQ(Book(*p2_, slot).status, 201);
}

TEST_P(HospitalTest, AReleasedHoldFreesThePlaceAtOnce) {
  const std::string slot = SlotAt(*p1_, internal_, "2026-03-03", 0);
  Reply h = p1_->Call("POST", "/api/v1/hospital-slots/" + slot + "/hold");
  ASSERT_EQ(h.status, 201) << h.raw;
  const std::string release = "/api/v1/hospital-holds/" + Str(h.body, "hold_id");
  EXPECT_EQ(Book(*p2_, slot).status, 409);
  EXPECT_EQ(p2_->Call("DELETE", release).status, 404);  // not theirs
  EXPECT_EQ(p1_->Call("DELETE", release).status, 204);
  EXPECT_EQ(p1_->Call("DELETE", release).status, 404);  // already given back
  EXPECT_EQ(Slots(*p2_, internal_, "2026-03-03").body.at("slots").as_array().size(), 6u);
  EXPECT_EQ(Book(*p2_, slot).status, 201);
}

TEST_P(HospitalTest, HoldThenBookWithinTheHold) {
  const std::string slot = SlotAt(*p1_, internal_, "2026-03-03", 0);
  Reply h = p1_->Call("POST", "/api/v1/hospital-slots/" + slot + "/hold");
  ASSERT_EQ(h.status, 201) << h.raw;
  app().test_clock()->Advance(std::chrono::minutes(4));
  EXPECT_EQ(Book(*p1_, slot, Str(h.body, "hold_id")).status, 201);
}

TEST_P(HospitalTest, RedOrYellowCodeIsSentToTheFeverClinicWithItsSlots) {
  auto s = app().health_codes().ApplySignal(
      {Person(testing::MakeResidentId("330104", "19900101", 2)),
       healthcode::SignalKind::kCloseContact, "trace:test", app().clock().NowMillis(), "", ""});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_NE(s->colour, codes::Colour::kGreen);
  Reply slots = Slots(*p1_, internal_, "2026-03-03");
  ASSERT_EQ(slots.status, 200) << slots.raw;
  EXPECT_TRUE(slots.body.at("refused").as_bool());
  EXPECT_EQ(Str(slots.body.at("reason"), "code"), "fever_clinic_required");
  EXPECT_EQ(Str(slots.body.at("fever_clinics").as_array()[0], "id"), fever_);
  ASSERT_EQ(slots.body.at("fever_slots").as_array().size(), 6u);
  Reply refused = Book(*p1_, Str(slots.body.at("slots").as_array()[0], "id"));
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(ErrorCode(refused), "fever_clinic_required");
  const std::string ordinary = Str(slots.body.at("slots").as_array()[0], "id");
  EXPECT_EQ(p1_->Call("POST", "/api/v1/hospital-slots/" + ordinary + "/hold").status, 403);
  Reply fever = Book(*p1_, Str(slots.body.at("fever_slots").as_array()[0], "id"));
  EXPECT_EQ(fever.status, 201) << fever.raw;
  // A green person is not refused.
  EXPECT_FALSE(Slots(*p2_, internal_, "2026-03-03").body.at("refused").as_bool());
}

TEST_P(HospitalTest, DayListAndAttendance) {
  Reply b = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-02", 1));
  ASSERT_EQ(b.status, 201);
  Reply list = admin_->Get(H("/appointments"));
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(Str(list.body, "day"), "2026-03-02");
  ASSERT_EQ(list.body.at("appointments").as_array().size(), 1u);
  EXPECT_EQ(p1_->Get(H("/appointments")).status, 403);
  const std::string mark = H("/appointments/" + Str(b.body, "id") + "/attendance");
  EXPECT_EQ(p1_->Post(mark, {{"status", "arrived"}}).status, 403);
  EXPECT_EQ(admin_->Post(mark, {{"status", "booked"}}).status, 422);
  Reply arrived = admin_->Post(mark, {{"status", "arrived"}});
  ASSERT_EQ(arrived.status, 200) << arrived.raw;
  EXPECT_EQ(Str(arrived.body, "status"), "arrived");
  Reply wrong = admin_->Post(mark, {{"status", "noshow"}});
  EXPECT_EQ(wrong.status, 409);
  EXPECT_EQ(ErrorCode(wrong), "bad_transition");
  EXPECT_EQ(admin_->Post(H("/appointments/nope/attendance"), {{"status", "arrived"}}).status, 404);
}

TEST_P(HospitalTest, MineTellsTheCancelDeadlineAndRendersTheCheckInQr) {
  // Today 08:00 is one hour away (past the two-hour deadline); tomorrow's is open.
  Reply today = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-02", 0));
  ASSERT_EQ(today.status, 201) << today.raw;
  Reply later = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-03", 0));
  ASSERT_EQ(later.status, 201) << later.raw;
  // 06:00 in Shanghai, two hours before 08:00.
  EXPECT_EQ(Str(later.body, "cancel_deadline"), "2026-03-02T22:00:00.000Z");
  Reply mine = p1_->Get("/api/v1/me/appointments");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  for (const auto& a : mine.body.at("appointments").as_array()) {
    const bool is_today = Str(a, "id") == Str(today.body, "id");
    EXPECT_EQ(a.at("cancellable").as_bool(), !is_today) << json::serialize(a);
  }
  // The QR: a PNG whose content is the appointment's check-in text; only its holder gets it.
  const std::string id = Str(later.body, "id");
  Reply png = p1_->Get("/api/v1/me/appointments/" + id + "/check-in.png");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.ContentType(), "image/png");
  EXPECT_EQ(png.response.Header("Cache-Control"), "no-store");
  auto decoded = codes::DecodeQrPng(codes::AsBytes(png.raw));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, "OWAPPT1:" + id);
  EXPECT_EQ(p2_->Get("/api/v1/me/appointments/" + id + "/check-in.png").status, 404);
  // Cancelled: no longer cancellable.
  ASSERT_EQ(p1_->Call("POST", "/api/v1/appointments/" + id + "/cancel").status, 200);
  Reply after = p1_->Get("/api/v1/me/appointments");
  for (const auto& a : after.body.at("appointments").as_array()) {
    if (Str(a, "id") == id) {
      EXPECT_FALSE(a.at("cancellable").as_bool());
    }
  }
}

TEST_P(HospitalTest, DayListShowsMaskedPatientsAndAuditsTheRead) {
  Reply b = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-02", 1));
  ASSERT_EQ(b.status, 201);
  Reply list = admin_->Get(H("/appointments?day=2026-03-02"));
  ASSERT_EQ(list.status, 200) << list.raw;
  const auto& a = list.body.at("appointments").as_array().at(0);
  EXPECT_EQ(Str(a.at("patient"), "masked_name"), "张*");
  const std::string masked_id = Str(a.at("patient"), "masked_id");
  EXPECT_EQ(masked_id.size(), 18u);
  EXPECT_NE(masked_id, testing::MakeResidentId("330104", "19900101", 2));
  EXPECT_NE(masked_id.find('*'), std::string::npos);
  const std::string patient = Person(testing::MakeResidentId("330104", "19900101", 2));
  auto entries = app().audit().List(1000);
  ASSERT_TRUE(entries.ok());
  bool audited = false;
  for (const auto& e : *entries)
    audited |= e.event.action == "hospital.daylist.read" && e.event.subject == patient &&
               e.event.fields == "masked_name,masked_id";
  EXPECT_TRUE(audited);
}

// The booking route is asynchronous: an io thread hands the booking to the group committer and
// goes on, so concurrent HTTP bookings share commits beyond the io threads' count (a
// synchronous route, each io thread waiting for its commit, never queues more than two).
TEST_P(HospitalTest, ConcurrentHttpBookingsShareCommitsBeyondTheIoThreads) {
  constexpr int kPatients = 12;
  std::vector<std::unique_ptr<TestClient>> patients;
  static const char* kNames[kPatients] = {"赵甲", "赵乙", "赵丙", "赵丁", "赵戊", "赵己",
                                          "钱甲", "钱乙", "钱丙", "钱丁", "钱戊", "钱己"};
  for (int i = 0; i < kPatients; ++i) {
    // Registered directly (registrations over HTTP are limited to 10 a minute per address).
    const std::string id = testing::MakeResidentId("330104", "19900101", 10 + i);
    ASSERT_TRUE(app().identity().Register({kNames[i], id, "correct horse 1", {}, {}}).ok());
    patients.push_back(Client());
    patients.back()->Login(id);
  }
  int64_t largest = 0;
  int booked = 0;
  // Each round: every patient books the fever clinic on a day of their own (5 places a slot).
  for (int round = 0; round < 5 && largest <= 2; ++round) {
    const std::string day = "2026-03-0" + std::to_string(3 + round);
    Reply slots = Slots(*patients[0], fever_, day);
    ASSERT_EQ(slots.status, 200) << slots.raw;
    const auto& list = slots.body.at("slots").as_array();
    ASSERT_GE(list.size(), 6u);
    std::vector<Reply> replies(kPatients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kPatients; ++i)
      threads.emplace_back(
          [&, i] { replies[i] = Book(*patients[i], Str(list[static_cast<size_t>(i) % 3], "id")); });
    for (auto& t : threads) t.join();
    for (const Reply& r : replies) {
      EXPECT_EQ(r.status, 201) << r.raw;
      booked += r.status == 201 ? 1 : 0;
    }
    largest = app().bookings().CommitStats().largest;
  }
  EXPECT_GT(largest, 2) << "no commit held more bookings than there are io threads";
  // Every answered booking is in the database (answered after its commit).
  auto rows = app().db().Query(
      "SELECT COUNT(*) FROM sched_bookings WHERE owner LIKE ? AND status = 'booked'",
      {"hospital:" + hospital_ + "/dept:" + fever_ + "/%"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0].Int(0), booked);
  // The rules still hold on the asynchronous route: a second fever booking that day is 409.
  Reply again =
      Book(*patients[0],
           Str(Slots(*patients[0], fever_, "2026-03-03").body.at("slots").as_array().at(4), "id"));
  EXPECT_EQ(again.status, 409) << again.raw;
  EXPECT_EQ(ErrorCode(again), "limit_reached");
}

TEST_P(HospitalTest, NoShowsListMaskedPatientsAuditedAndOnlyForAdministrators) {
  Reply b1 = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-03", 0));
  Reply b2 = Book(*p2_, SlotAt(*p2_, internal_, "2026-03-03", 0));
  Reply b3 = Book(*p1_, SlotAt(*p1_, internal_, "2026-03-05", 0));
  ASSERT_EQ(b1.status, 201) << b1.raw;
  ASSERT_EQ(b2.status, 201) << b2.raw;
  ASSERT_EQ(b3.status, 201) << b3.raw;
  auto mark = [&](const Reply& b, const char* status) {
    Reply m =
        admin_->Post(H("/appointments/" + Str(b.body, "id") + "/attendance"), {{"status", status}});
    EXPECT_EQ(m.status, 200) << m.raw;
  };
  mark(b1, "noshow");
  mark(b2, "arrived");
  mark(b3, "noshow");
  Reply list = admin_->Get(H("/no-shows?from=2026-03-01&to=2026-03-04"));
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(Str(list.body, "from"), "2026-03-01");
  EXPECT_EQ(Str(list.body, "to"), "2026-03-04");
  const auto& ns = list.body.at("no_shows").as_array();
  ASSERT_EQ(ns.size(), 1u) << list.raw;  // b3 is after `to`; b2 arrived
  EXPECT_EQ(Str(ns[0], "id"), Str(b1.body, "id"));
  EXPECT_EQ(Str(ns[0], "status"), "noshow");
  EXPECT_EQ(Str(ns[0].at("patient"), "masked_name"), "张*");
  EXPECT_EQ(Str(ns[0].at("patient"), "masked_id").find("19900101"), std::string::npos);
  Reply both = admin_->Get(H("/no-shows?from=2026-03-01&to=2026-03-31"));
  ASSERT_EQ(both.status, 200) << both.raw;
  ASSERT_EQ(both.body.at("no_shows").as_array().size(), 2u);
  EXPECT_EQ(Str(both.body.at("no_shows").as_array()[0], "id"), Str(b3.body, "id"));  // newest
  const std::string patient = Person(testing::MakeResidentId("330104", "19900101", 2));
  auto entries = app().audit().List(1000);
  ASSERT_TRUE(entries.ok());
  int audited = 0;
  for (const auto& e : *entries)
    audited += e.event.action == "hospital.noshows.read" && e.event.subject == patient ? 1 : 0;
  EXPECT_EQ(audited, 3);  // one read in the first list, two in the second
  // Refusals.
  EXPECT_EQ(p1_->Get(H("/no-shows")).status, 403);
  Reply bad = admin_->Get(H("/no-shows?from=2026-03-05&to=2026-03-01"));
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(ErrorCode(bad), "bad_range");
  EXPECT_EQ(admin_->Get(H("/no-shows?from=03-01&to=2026-03-01")).status, 422);
  EXPECT_EQ(admin_->Get(H("/no-shows?from=2025-01-01&to=2026-03-01")).status, 422);
  EXPECT_EQ(admin_->Get("/api/v1/hospitals/nope/no-shows").status, 404);
  // The default: the last 14 days, today included (Shanghai), as of 2026-03-18.
  SetNow("2026-03-18T01:00:00Z");
  admin_->Login(testing::MakeResidentId("330104", "19800101", 1));
  Reply recent = admin_->Get(H("/no-shows"));
  ASSERT_EQ(recent.status, 200) << recent.raw;
  EXPECT_EQ(Str(recent.body, "from"), "2026-03-05");
  EXPECT_EQ(Str(recent.body, "to"), "2026-03-18");
  ASSERT_EQ(recent.body.at("no_shows").as_array().size(), 1u);
  EXPECT_EQ(Str(recent.body.at("no_shows").as_array()[0], "id"), Str(b3.body, "id"));
}

TEST_P(HospitalTest, MineTellsTheNoShowCountAndTheBlock) {
  Reply none = p1_->Get("/api/v1/me/appointments");
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_EQ(none.body.at("no_shows").at("count").as_int64(), 0);
  EXPECT_FALSE(none.body.at("no_shows").at("blocked").as_bool());
  EXPECT_EQ(none.body.at("no_shows").at("limit").as_int64(), 3);
  std::string last;
  for (const char* day : {"2026-03-03", "2026-03-04", "2026-03-05"}) {
    Reply b = Book(*p1_, SlotAt(*p1_, internal_, day, 0));
    ASSERT_EQ(b.status, 201) << b.raw;
    ASSERT_EQ(
        admin_
            ->Post(H("/appointments/" + Str(b.body, "id") + "/attendance"), {{"status", "noshow"}})
            .status,
        200);
    last = Str(b.body, "start");
  }
  Reply mine = p1_->Get("/api/v1/me/appointments");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  const auto& n = mine.body.at("no_shows");
  EXPECT_EQ(n.at("count").as_int64(), 3);
  EXPECT_TRUE(n.at("blocked").as_bool());
  // The last no-show (2026-03-05 08:00 Shanghai) plus 90 days.
  EXPECT_EQ(Str(n, "blocked_until"), FormatRfc3339(*ParseRfc3339(last) + 90 * kMillisPerDay));
  // The standing is the rule that refuses: booking is refused while blocked.
  EXPECT_EQ(ErrorCode(Book(*p1_, SlotAt(*p1_, internal_, "2026-03-06", 0))), "noshow_blocked");
  // Another patient's standing is their own.
  Reply other = p2_->Get("/api/v1/me/appointments");
  EXPECT_EQ(other.body.at("no_shows").at("count").as_int64(), 0);
}

OW_INSTANTIATE_BACKENDS(HospitalTest);

}  // namespace
}  // namespace ow::hospital
