// Working days across statutory holidays and make-up workdays (调休), from the compiled-in
// calendar and from bad files.
#include "calendar/work_calendar.h"

#include <gtest/gtest.h>

namespace ow::calendar {
namespace {

Date D(const char* s) { return *ParseDate(s); }

TEST(WorkCalendarTest, HolidaysAndMakeUpDaysOf2026) {
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_TRUE(cal.Covers(2025));
  EXPECT_TRUE(cal.Covers(2026));
  EXPECT_FALSE(cal.IsWorkday(D("2026-10-01")));  // National Day, a Thursday
  EXPECT_FALSE(cal.IsWorkday(D("2026-02-16")));  // Spring Festival, a Monday
  EXPECT_TRUE(cal.IsWorkday(D("2026-02-14")));   // make-up Saturday
  EXPECT_TRUE(cal.IsWorkday(D("2026-09-20")));   // make-up Sunday
  EXPECT_FALSE(cal.IsWorkday(D("2026-12-05")));  // an ordinary Saturday
  EXPECT_TRUE(cal.IsWorkday(D("2026-12-03")));   // an ordinary Thursday
}

TEST(WorkCalendarTest, WholeYearsCountTheAnnouncedWorkingDays) {
  // As announced for both years: 248 working days.
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_EQ(cal.WorkdaysBetween(D("2024-12-31"), D("2025-12-31")), 248);
  EXPECT_EQ(cal.WorkdaysBetween(D("2025-12-31"), D("2026-12-31")), 248);
}

TEST(WorkCalendarTest, AddingWorkdaysSkipsHolidaysAndCountsMakeUpDays) {
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_EQ(cal.AddWorkdays(D("2026-09-30"), 1), D("2026-10-08"));  // over National Day
  EXPECT_EQ(cal.AddWorkdays(D("2026-02-13"), 1), D("2026-02-14"));  // a make-up Saturday
  EXPECT_EQ(cal.AddWorkdays(D("2026-02-13"), 2), D("2026-02-24"));  // over Spring Festival
  EXPECT_EQ(cal.AddWorkdays(D("2026-12-04"), 1), D("2026-12-07"));  // Friday -> Monday
  EXPECT_EQ(cal.AddWorkdays(D("2026-12-05"), 0), D("2026-12-05"));
  // 20 working days from an acceptance on Monday 2026-09-21: 9/22-9/24 (3), 9/28-9/30 (3),
  // 10/8-10/10 (3, 10/10 a make-up Saturday), 10/12-10/16 (5), 10/19-10/23 (5), 10/26 (1).
  EXPECT_EQ(cal.AddWorkdays(D("2026-09-21"), 20), D("2026-10-26"));
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-09-21"), D("2026-10-26")), 20);
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-10-26"), D("2026-09-21")), 0);
}

TEST(WorkCalendarTest, YearsNotInTheFileCountMondayToFriday) {
  const WorkCalendar& cal = WorkCalendar::China();
  EXPECT_FALSE(cal.Covers(2027));
  EXPECT_TRUE(cal.IsWorkday(D("2027-01-01")));  // a Friday; 2027 is not announced yet
  EXPECT_EQ(cal.AddWorkdays(D("2026-12-31"), 1), D("2027-01-01"));
}

TEST(WorkCalendarTest, BadFilesAreRefusedWithPaths) {
  auto paths = [](std::string_view text) {
    auto c = WorkCalendar::FromJson(text);
    std::vector<std::string> out;
    if (!c.ok())
      for (const auto& f : c.status().fields()) out.push_back(f.path);
    return out;
  };
  EXPECT_FALSE(WorkCalendar::FromJson("[]").ok());
  EXPECT_EQ(paths(R"({"years":{"2026":{"holidays":["2025-10-01"],"workdays":[]}}})"),
            std::vector<std::string>{"$.years.2026.holidays[0]"});
  EXPECT_EQ(paths(R"({"years":{"2026":{"holidays":[],"workdays":["2026-10-12"]}}})"),
            std::vector<std::string>{"$.years.2026.workdays[0]"});  // a Monday
  EXPECT_EQ(paths(R"({"years":{"2026":{"holidays":["2026-10-01","2026-10-01"],"workdays":[]}}})"),
            std::vector<std::string>{"$.years.2026.holidays[1]"});
  EXPECT_EQ(paths(R"({"years":{"2026":{"holidays":["2026-13-01"],"workdays":[]}}})"),
            std::vector<std::string>{"$.years.2026.holidays[0]"});
  EXPECT_EQ(paths(R"({"years":{"26":{"holidays":[],"workdays":[]}}})"),
            std::vector<std::string>{"$.years.26"});
  EXPECT_EQ(paths(R"({"years":{"2026":{"holidays":["2026-10-10"],"workdays":["2026-10-10"]}}})"),
            std::vector<std::string>{"$.years"});
  EXPECT_TRUE(WorkCalendar::FromJson(R"({"years":{"2026":{"holidays":[],"workdays":[]}}})").ok());
}

}  // namespace
}  // namespace ow::calendar
