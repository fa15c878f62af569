// ScheduleService and BookingService on both backends: the rolling window opens a new day at
// 06:00 Shanghai, holds keep a place and expire by themselves (test clock), capacity holds
// under concurrent bookings, the CHECK stops an overbooking even from raw SQL, overlapping
// bookings and a second booking under one limit key are refused, cancelling frees the place;
// the caller's writes after a booking share its transaction; BookAsync answers by callback.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "core/time.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"
#include "support/backend_test.h"

namespace ow::scheduling {
namespace {

class SchedulingTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    // Monday 2026-03-02, 05:00 in Shanghai (before the 06:00 release).
    SetNow("2026-03-01T21:00:00Z");
  }
  void SetNow(const char* rfc3339) {
    app().test_clock()->Set(TimePoint(std::chrono::milliseconds(*ParseRfc3339(rfc3339))));
    app().test_clock()->Freeze(true);
  }
  ScheduleService& schedules() { return app().schedules(); }
  BookingService& bookings() { return app().bookings(); }

  Schedule Weekly(int capacity = 2, int window = 14) {
    ScheduleSpec spec;
    spec.owner = "test:owner/a";
    spec.realm = "test";
    spec.name = "A";
    spec.slot_minutes = 30;
    spec.capacity = capacity;
    spec.window_days = window;
    for (int d = 1; d <= 7; ++d) spec.weekly.push_back({d, 9 * 60, 10 * 60});  // 2 slots a day
    auto s = schedules().Create(spec);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return *s;
  }
  // An explicit slot `hours` from now, 30 minutes long.
  Slot Explicit(const Schedule& s, int64_t hours, int capacity) {
    const int64_t start = app().clock().NowMillis() + hours * kMillisPerHour;
    auto slot = schedules().AddSlot(s.id, start, start + 30 * kMillisPerMinute, capacity);
    EXPECT_TRUE(slot.ok()) << slot.status().ToString();
    return *slot;
  }
  static std::string CodeOf(const Status& s) {
    return s.fields().empty() ? "" : s.fields()[0].code;
  }
};

TEST_P(SchedulingTest, RollingWindowOpensTheNextDayAt0600Shanghai) {
  Schedule s = Weekly(1, 14);
  // 05:00: today .. today + 13 are open, 14 days of two slots.
  EXPECT_EQ(s.released_through, "2026-03-15");
  EXPECT_EQ(schedules().Slots({s.id}, "2026-03-15")->size(), 2u);
  EXPECT_TRUE(schedules().Slots({s.id}, "2026-03-16")->empty());
  SetNow("2026-03-01T22:00:00Z");  // 06:00
  auto n = schedules().Release();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(schedules().Slots({s.id}, "2026-03-16")->size(), 2u);
  // Idempotent: nothing new until the next day's 06:00.
  SetNow("2026-03-02T10:00:00Z");
  EXPECT_EQ(*schedules().Release(), 0);
  EXPECT_EQ(schedules().Get(s.id)->released_through, "2026-03-16");
}

TEST_P(SchedulingTest, InvalidSpecsNameTheirFields) {
  ScheduleSpec spec;
  spec.owner = "";
  spec.realm = "test";
  spec.slot_minutes = 1;
  spec.capacity = 0;
  spec.weekly = {{8, 60, 30}};
  auto s = schedules().Create(spec);
  ASSERT_EQ(s.status().code(), Code::kInvalid);
  std::set<std::string> paths;
  for (const auto& f : s.status().fields()) paths.insert(f.path);
  EXPECT_TRUE(paths.count("$.owner"));
  EXPECT_TRUE(paths.count("$.slot_minutes"));
  EXPECT_TRUE(paths.count("$.capacity"));
  EXPECT_TRUE(paths.count("$.weekly[0].weekday"));
  EXPECT_TRUE(paths.count("$.weekly[0]"));
}

TEST_P(SchedulingTest, HoldKeepsThePlaceAndExpiresByItself) {
  Schedule s = Weekly();
  Slot slot = Explicit(s, 5, 1);
  auto hold = bookings().PlaceHold(slot.id, "p1");
  ASSERT_TRUE(hold.ok()) << hold.status().ToString();
  EXPECT_EQ(schedules().GetSlot(slot.id)->Free(), 0);
  // Another person can neither hold nor book the held place.
  EXPECT_EQ(CodeOf(bookings().PlaceHold(slot.id, "p2").status()), kSlotFull);
  EXPECT_EQ(CodeOf(bookings().Book({slot.id, "p2", "", ""}).status()), kSlotFull);
  // Five minutes later the hold no longer counts: no sweep needed.
  app().test_clock()->Advance(std::chrono::milliseconds(bookings().options().hold_ms + 1));
  EXPECT_EQ(schedules().GetSlot(slot.id)->Free(), 1);
  EXPECT_EQ(CodeOf(bookings().Book({slot.id, "p1", hold->id, ""}).status()), kHoldExpired);
  auto b = bookings().Book({slot.id, "p2", "", ""});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(schedules().GetSlot(slot.id)->booked, 1);
}

TEST_P(SchedulingTest, HoldTurnsIntoTheBookingAndOnlyForItsHolder) {
  Schedule s = Weekly();
  Slot slot = Explicit(s, 5, 1);
  auto hold = bookings().PlaceHold(slot.id, "p1");
  ASSERT_TRUE(hold.ok());
  // A second hold of the same person on the slot is the first one.
  EXPECT_EQ(bookings().PlaceHold(slot.id, "p1")->id, hold->id);
  EXPECT_EQ(CodeOf(bookings().Book({slot.id, "p2", hold->id, ""}).status()), kHoldExpired);
  auto b = bookings().Book({slot.id, "p1", hold->id, ""});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  Slot after = *schedules().GetSlot(slot.id);
  EXPECT_EQ(after.booked, 1);
  EXPECT_EQ(after.held, 0);
}

TEST_P(SchedulingTest, TooManyHoldsAreRefusedAndAReleasedHoldFreesItsPlace) {
  Schedule s = Weekly();
  std::vector<Hold> holds;
  for (int i = 0; i < 3; ++i)
    holds.push_back(*bookings().PlaceHold(Explicit(s, 5 + i, 1).id, "p1"));
  Slot fourth = Explicit(s, 9, 1);
  EXPECT_EQ(CodeOf(bookings().PlaceHold(fourth.id, "p1").status()), kTooManyHolds);
  ASSERT_TRUE(bookings().ReleaseHold(holds[0].id, "p1").ok());
  EXPECT_EQ(schedules().GetSlot(holds[0].slot_id)->Free(), 1);
  EXPECT_TRUE(bookings().PlaceHold(fourth.id, "p1").ok());
  EXPECT_EQ(bookings().ReleaseHold(holds[1].id, "someone else").code(), Code::kNotFound);
}

TEST_P(SchedulingTest, OverlapLimitKeyAndDuplicateAreRefused) {
  Schedule s = Weekly();
  Slot a = Explicit(s, 5, 3);
  ASSERT_TRUE(bookings().Book({a.id, "p1", "", "k"}).ok());
  EXPECT_EQ(CodeOf(bookings().Book({a.id, "p1", "", ""}).status()), kAlreadyBooked);
  // Another owner's slot at the same time: the person cannot be in two places.
  ScheduleSpec other{"test:owner/b", "test", "B", 30, 1, {}, 14, 360};
  Schedule b_sched = *schedules().Create(other);
  Slot overlapping = Explicit(b_sched, 5, 1);
  EXPECT_EQ(CodeOf(bookings().Book({overlapping.id, "p1", "", ""}).status()), kOverlap);
  // Later the same day, but under the same limit key.
  Slot later = Explicit(s, 7, 1);
  EXPECT_EQ(CodeOf(bookings().Book({later.id, "p1", "", "k"}).status()), kLimitReached);
  EXPECT_TRUE(bookings().Book({later.id, "p1", "", "k2"}).ok());
  // The refusals took no place.
  EXPECT_EQ(schedules().GetSlot(overlapping.id)->booked, 0);
  EXPECT_EQ(schedules().GetSlot(a.id)->booked, 1);
}

// The caller's writes after the booking row share its transaction: one that fails undoes the
// booking (no place taken, no row), one that succeeds is committed with it; BookAsync answers
// the same way through its callback.
TEST_P(SchedulingTest, WritesAfterTheBookingShareItsTransaction) {
  Schedule s = Weekly();
  Slot a = Explicit(s, 5, 1);
  auto failed =
      bookings().Book({a.id, "p1", "", ""}, {}, [](store::Tx& tx, const Booking& b) -> Status {
        OW_RETURN_IF_ERROR(
            tx.Exec("UPDATE sched_bookings SET limit_key = 'x' WHERE id = ?", {b.id}).status());
        return Status::Invalid("the thread row could not be written");
      });
  EXPECT_EQ(failed.status().code(), Code::kInvalid);
  EXPECT_EQ(schedules().GetSlot(a.id)->booked, 0);
  auto none = app().db().Query("SELECT COUNT(*) FROM sched_bookings WHERE slot_id = ?", {a.id});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)[0].Int(0), 0);
  std::string seen;
  auto ok = bookings().Book({a.id, "p1", "", ""}, {}, [&](store::Tx& tx, const Booking& b) {
    seen = b.id;
    return tx.Exec("UPDATE sched_bookings SET limit_key = 'after' WHERE id = ?", {b.id}).status();
  });
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(seen, ok->id);
  EXPECT_EQ(bookings().Get(ok->id)->limit_key, "after");
  // BookAsync: refusals and bookings arrive through the callback, exactly once.
  Slot b2 = Explicit(s, 6, 1);
  std::promise<Result<Booking>> first, second;
  bookings().BookAsync({b2.id, "p2", "", ""}, {},
                       [&](Result<Booking> r) { first.set_value(std::move(r)); });
  auto booked = first.get_future().get();
  ASSERT_TRUE(booked.ok()) << booked.status().ToString();
  bookings().BookAsync({b2.id, "p3", "", ""}, {},
                       [&](Result<Booking> r) { second.set_value(std::move(r)); });
  EXPECT_EQ(CodeOf(second.get_future().get().status()), kSlotFull);
  EXPECT_EQ(schedules().GetSlot(b2.id)->booked, 1);
}

TEST_P(SchedulingTest, CancelFreesThePlaceAndTheLimitKeyAndHappensOnce) {
  Schedule s = Weekly();
  Slot a = Explicit(s, 5, 1);
  auto b = bookings().Book({a.id, "p1", "", "k"});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(bookings().Cancel(b->id, "p2").status().code(), Code::kNotFound);
  auto c = bookings().Cancel(b->id, "p1");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->status, BookingStatus::kCancelled);
  EXPECT_EQ(CodeOf(bookings().Cancel(b->id, "p1").status()), kNotCancellable);
  EXPECT_EQ(schedules().GetSlot(a.id)->booked, 0);
  EXPECT_TRUE(bookings().Book({a.id, "p1", "", "k"}).ok());
}

TEST_P(SchedulingTest, AttendanceTransitions) {
  Schedule s = Weekly();
  auto b = bookings().Book({Explicit(s, 5, 1).id, "p1", "", ""});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(bookings().SetStatus(b->id, BookingStatus::kArrived)->status, BookingStatus::kArrived);
  EXPECT_EQ(CodeOf(bookings().SetStatus(b->id, BookingStatus::kNoShow).status()), kBadTransition);
  EXPECT_TRUE(bookings().SetStatus(b->id, BookingStatus::kFulfilled).ok());
  auto n = bookings().Book({Explicit(s, 8, 1).id, "p1", "", ""});
  ASSERT_TRUE(bookings().SetStatus(n->id, BookingStatus::kNoShow).ok());
  EXPECT_EQ(*bookings().CountStatus("p1", "test", BookingStatus::kNoShow, 0), 1);
  EXPECT_EQ(*bookings().CountStatus("p1", "other", BookingStatus::kNoShow, 0), 0);
}

TEST_P(SchedulingTest, StartedSlotsCannotBeBooked) {
  Schedule s = Weekly();
  Slot a = Explicit(s, 1, 1);
  app().test_clock()->Advance(std::chrono::hours(2));
  EXPECT_EQ(CodeOf(bookings().Book({a.id, "p1", "", ""}).status()), kSlotStarted);
  EXPECT_EQ(CodeOf(bookings().PlaceHold(a.id, "p1").status()), kSlotStarted);
}

TEST_P(SchedulingTest, ConcurrentBookingsNeverExceedCapacity) {
  Schedule s = Weekly();
  constexpr int kCapacity = 5, kPeople = 40;
  Slot a = Explicit(s, 5, kCapacity);
  std::atomic<int> ok{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      auto b = bookings().Book({a.id, "p" + std::to_string(i), "", ""});
      if (b.ok())
        ++ok;
      else if (CodeOf(b.status()) == kSlotFull)
        ++full;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kCapacity);
  EXPECT_EQ(full.load(), kPeople - kCapacity);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(schedules().GetSlot(a.id)->booked, kCapacity);
  auto rows = app().db().Query("SELECT COUNT(*) FROM sched_bookings WHERE slot_id = ?", {a.id});
  EXPECT_EQ((*rows)[0].Int(0), kCapacity);
}

TEST_P(SchedulingTest, TheDatabaseRefusesAnOverbookingEvenFromRawSql) {
  Schedule s = Weekly();
  Slot a = Explicit(s, 5, 1);
  auto r = app().db().Exec("UPDATE sched_slots SET booked = 2 WHERE id = ?", {a.id});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(schedules().GetSlot(a.id)->booked, 0);
}

OW_INSTANTIATE_BACKENDS(SchedulingTest);

}  // namespace
}  // namespace ow::scheduling
