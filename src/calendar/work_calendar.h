// WorkCalendar: which days are working days (工作日) — Monday to Friday, minus the statutory
// holidays, plus the make-up workdays (调休上班) the State Council announces each year. Legal and
// promised time limits (法定时限, 承诺时限) and response deadlines count working days, which
// exclude statutory holidays (《行政许可法》 art. 82). The calendar is data: one JSON file
// (calendar/cn.json, compiled in) with, per year, the holiday and make-up dates. A year the file
// does not cover counts Monday to Friday only; `Covers` tells callers, so that they can say so.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace ow::calendar {

class WorkCalendar {
 public:
  // {"region": "CN", "years": {"2026": {"holidays": [dates], "workdays": [dates]}}}.
  // Invalid (with JSON paths) for a malformed file, a date outside its year, a date that is
  // both a holiday and a make-up workday, or a make-up workday that is not a Saturday or Sunday.
  static Result<WorkCalendar> FromJson(std::string_view json);
  // The calendar compiled into the binary (calendar/cn.json).
  static const WorkCalendar& China();

  bool IsWorkday(const Date& d) const;
  // Whether the file lists `year` (otherwise weekends are the only days off).
  bool Covers(int year) const { return years_.count(year) > 0; }
  int FirstYear() const { return years_.empty() ? 0 : *years_.begin(); }
  int LastYear() const { return years_.empty() ? 0 : *years_.rbegin(); }

  // The `n`-th working day after `start` (start itself not counted), n >= 0; n == 0 gives
  // `start`. A time limit of n working days from an acceptance on `start` ends at the end of
  // this day.
  Date AddWorkdays(const Date& start, int n) const;
  // Working days in (from, to]: 0 when to <= from.
  int WorkdaysBetween(const Date& from, const Date& to) const;

 private:
  std::set<int> years_;
  std::set<int64_t> holidays_;  // days since the epoch
  std::set<int64_t> workdays_;  // make-up workdays
};

}  // namespace ow::calendar
