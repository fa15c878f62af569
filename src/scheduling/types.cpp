// Names of booking statuses (see types.h).
#include "scheduling/types.h"

#include <array>
#include <utility>

namespace ow::scheduling {

namespace {
constexpr std::array<std::pair<BookingStatus, const char*>, 5> kNames = {{
    {BookingStatus::kBooked, "booked"},
    {BookingStatus::kArrived, "arrived"},
    {BookingStatus::kNoShow, "noshow"},
    {BookingStatus::kFulfilled, "fulfilled"},
    {BookingStatus::kCancelled, "cancelled"},
}};
}  // namespace

const char* BookingStatusName(BookingStatus s) {
  for (const auto& [status, name] : kNames)
    if (status == s) return name;
  return "booked";
}

std::optional<BookingStatus> ParseBookingStatus(std::string_view s) {
  for (const auto& [status, name] : kNames)
    if (s == name) return status;
  return std::nullopt;
}

}  // namespace ow::scheduling
