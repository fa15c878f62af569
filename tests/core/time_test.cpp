#include "core/time.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace ow {
namespace {

TEST(TimeTest, CivilRoundTrip) {
  for (int64_t d = -800000; d < 800000; d += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
}

TEST(TimeTest, ParseDateRejectsImpossible) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2023-13-01"));
  EXPECT_FALSE(ParseDate("2023-1-01"));
  EXPECT_FALSE(ParseDate("20230101"));
  EXPECT_EQ(FormatDate(*ParseDate("1999-12-31")), "1999-12-31");
}

TEST(TimeTest, ShanghaiDayBoundary) {
  // 2026-02-10T15:59:59Z is 23:59:59 in Shanghai; one second later is the next day.
  auto t = *ParseRfc3339("2026-02-10T15:59:59Z");
  EXPECT_EQ(ShanghaiDate(t), (Date{2026, 2, 10}));
  EXPECT_EQ(ShanghaiDate(t + 1000), (Date{2026, 2, 11}));
  EXPECT_EQ(ShanghaiMidnightMillis({2026, 2, 11}), t + 1000);
}

TEST(TimeTest, Rfc3339) {
  EXPECT_EQ(*ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseRfc3339("1970-01-01T08:00:00+08:00"), 0);
  EXPECT_EQ(*ParseRfc3339("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_FALSE(ParseRfc3339("1970-01-01T00:00:00"));
  EXPECT_FALSE(ParseRfc3339("1970-01-01T24:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("1970-01-01T00:00:00Zjunk"));
  EXPECT_EQ(FormatRfc3339(1500), "1970-01-01T00:00:01.500Z");
  EXPECT_EQ(*ParseRfc3339(FormatRfc3339(1771000000123)), 1771000000123);
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339(1709164799042), "2024-02-28T23:59:59.042Z");
  EXPECT_EQ(FormatRfc3339(253402300799999), "9999-12-31T23:59:59.999Z");
}

TEST(ClockTest, TestClockMoves) {
  TestClock c;
  auto t = *ParseRfc3339("2026-02-10T00:00:00Z");
  c.Set(TimePoint(std::chrono::milliseconds(t)));
  c.Freeze(true);
  EXPECT_EQ(c.NowMillis(), t);
  c.Advance(std::chrono::hours(24));
  EXPECT_EQ(c.NowMillis(), t + 86400000);
}

}  // namespace
}  // namespace ow
