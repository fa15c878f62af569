// Working days from the holiday calendar (see work_calendar.h).
#include "calendar/work_calendar.h"

#include <boost/json.hpp>

namespace ow::calendar {

namespace json = boost::json;

std::string_view EmbeddedChinaCalendar();  // generated from calendar/cn.json

namespace {

// 1970-01-01 was a Thursday: weekday 0 = Monday ... 6 = Sunday.
int Weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

bool IsWeekend(int64_t days) { return Weekday(days) >= 5; }

}  // namespace

Result<WorkCalendar> WorkCalendar::FromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return Status::Invalid("the calendar must be a JSON object");
  std::vector<FieldError> errors;
  const json::value* years = doc.as_object().if_contains("years");
  if (years == nullptr || !years->is_object())
    return Status::Invalid("the calendar is invalid", {{"$.years", "must be an object"}});
  WorkCalendar cal;
  for (const auto& [key, entry] : years->as_object()) {
    const std::string base = "$.years." + std::string(key);
    int year = 0;
    try {
      year = std::stoi(std::string(key));
    } catch (...) {
    }
    if (year < 1990 || year > 2200 || std::to_string(year) != key) {
      errors.push_back({base, "must be a year"});
      continue;
    }
    if (!entry.is_object()) {
      errors.push_back({base, "must be an object"});
      continue;
    }
    cal.years_.insert(year);
    for (const char* list : {"holidays", "workdays"}) {
      const bool makeup = std::string_view(list) == "workdays";
      const json::value* dates = entry.as_object().if_contains(list);
      const std::string path = base + "." + list;
      if (dates == nullptr || !dates->is_array()) {
        errors.push_back({path, "must be an array of dates"});
        continue;
      }
      auto& into = makeup ? cal.workdays_ : cal.holidays_;
      for (size_t i = 0; i < dates->as_array().size(); ++i) {
        const json::value& v = dates->as_array()[i];
        const std::string at = path + "[" + std::to_string(i) + "]";
        std::optional<Date> d = v.is_string() ? ParseDate(v.as_string()) : std::nullopt;
        if (!d) {
          errors.push_back({at, "must be a date YYYY-MM-DD"});
          continue;
        }
        if (d->year != year) {
          errors.push_back({at, "is not in " + std::string(key)});
          continue;
        }
        const int64_t days = DaysFromCivil(*d);
        if (!into.insert(days).second) errors.push_back({at, "is listed twice"});
        if (makeup && !IsWeekend(days))
          errors.push_back({at, "a make-up workday must be a Saturday or Sunday"});
      }
    }
  }
  for (int64_t d : cal.workdays_)
    if (cal.holidays_.count(d))
      errors.push_back(
          {"$.years", FormatDate(CivilFromDays(d)) + " is both a holiday and a workday"});
  if (!errors.empty()) return Status::Invalid("the calendar is invalid", std::move(errors));
  return cal;
}

const WorkCalendar& WorkCalendar::China() {
  static const WorkCalendar cal = [] {
    auto c = FromJson(EmbeddedChinaCalendar());
    if (!c.ok()) std::abort();  // the build checks the file (calendar tests)
    return *c;
  }();
  return cal;
}

bool WorkCalendar::IsWorkday(const Date& d) const {
  const int64_t days = DaysFromCivil(d);
  if (holidays_.count(days)) return false;
  if (workdays_.count(days)) return true;
  return !IsWeekend(days);
}

Date WorkCalendar::AddWorkdays(const Date& start, int n) const {
  int64_t days = DaysFromCivil(start);
  for (int left = n; left > 0;) {
    ++days;
    if (IsWorkday(CivilFromDays(days))) --left;
  }
  return CivilFromDays(days);
}

int WorkCalendar::WorkdaysBetween(const Date& from, const Date& to) const {
  int count = 0;
  for (int64_t d = DaysFromCivil(from) + 1, end = DaysFromCivil(to); d <= end; ++d)
    if (IsWorkday(CivilFromDays(d))) ++count;
  return count;
}

}  // namespace ow::calendar
