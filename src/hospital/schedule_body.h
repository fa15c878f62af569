// The JSON of hospital schedules, shared by the in-person and the online (internet hospital)
// routes: reading a schedule to create, with field paths, and writing one back.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "hospital/appointments.h"
#include "scheduling/types.h"

namespace ow::hospital {

// "HH:MM" -> minute of the day (24:00 allowed as an end).
std::optional<int> Minute(const std::string& s);
// Minute of the day -> "HH:MM".
std::string HourMinute(int minute);

// {"department_id", "doctor_id", "slot_minutes", "capacity", "weekly": [{"weekday", "start",
// "end"}], "window_days"}: Invalid with a path per bad field.
Result<NewSchedule> ReadNewSchedule(const boost::json::object& body, bool doctor_required);

// A schedule as JSON; `owner` is the schedule's owner key without any realm prefix
// ("hospital:<place>/dept:<id>[/doctor:<id>]"), whose department and doctor are shown.
boost::json::object ScheduleJson(const scheduling::Schedule& s, const std::string& owner);

}  // namespace ow::hospital
