// Calendar and timestamp helpers. OneWindow's calendar-day rules use Asia/Shanghai, which has
// been UTC+8 without daylight saving since 1991, so a fixed offset is exact for all dates we
// handle (and needs no tz database on the server).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace ow {

inline constexpr int64_t kShanghaiOffsetSeconds = 8 * 3600;

// Durations in milliseconds, the unit of every instant here.
inline constexpr int64_t kMillisPerMinute = 60'000;
inline constexpr int64_t kMillisPerHour = 60 * kMillisPerMinute;
inline constexpr int64_t kMillisPerDay = 24 * kMillisPerHour;

// A civil (proleptic Gregorian) date.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 for a civil date, and back (Howard Hinnant's algorithms).
int64_t DaysFromCivil(const Date& d);
Date CivilFromDays(int64_t days);
bool IsValidDate(int year, int month, int day);

// "YYYY-MM-DD" <-> Date. Parse rejects anything else, including impossible dates.
std::optional<Date> ParseDate(std::string_view s);
std::string FormatDate(const Date& d);

// The Asia/Shanghai calendar day of an instant (ms since epoch).
Date ShanghaiDate(int64_t unix_ms);
// The instant at which a Shanghai calendar day begins (ms since epoch).
int64_t ShanghaiMidnightMillis(const Date& d);

// RFC 3339 timestamps. Format writes UTC with milliseconds ("2026-02-10T08:00:00.000Z");
// parse accepts 'Z' or a numeric offset and optional fractional seconds.
std::string FormatRfc3339(int64_t unix_ms);
std::optional<int64_t> ParseRfc3339(std::string_view s);

}  // namespace ow
