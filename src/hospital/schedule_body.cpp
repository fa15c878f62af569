// Schedule JSON shared by the hospital's routes (see schedule_body.h).
#include "hospital/schedule_body.h"

#include <algorithm>

#include "http/json.h"

namespace ow::hospital {

namespace json = boost::json;

std::optional<int> Minute(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string HourMinute(int m) {
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + m / 600 % 10);
  out[1] = static_cast<char>('0' + m / 60 % 10);
  out[3] = static_cast<char>('0' + m % 60 / 10);
  out[4] = static_cast<char>('0' + m % 10);
  return out;
}

Result<NewSchedule> ReadNewSchedule(const json::object& body, bool doctor_required) {
  http::FieldReader f(body);
  f.RejectUnknown(
      {"department_id", "doctor_id", "slot_minutes", "capacity", "weekly", "window_days"});
  NewSchedule in;
  auto dep = f.String("department_id", true, 64);
  auto doc = f.String("doctor_id", doctor_required, 64);
  auto minutes = f.Integer("slot_minutes", true);
  auto capacity = f.Integer("capacity", true);
  auto window = f.Integer("window_days", false);
  if (const json::array* weekly = f.Array("weekly", true)) {
    for (size_t i = 0; i < weekly->size(); ++i) {
      const std::string p = "$.weekly[" + std::to_string(i) + "]";
      const json::object* w = (*weekly)[i].if_object();
      if (!w) {
        f.Error(p, "must be an object", "wrong_type");
        continue;
      }
      http::FieldReader wf(*w, p);
      wf.RejectUnknown({"weekday", "start", "end"});
      auto day = wf.Integer("weekday", true);
      auto start = wf.String("start", true, 5);
      auto end = wf.String("end", true, 5);
      std::optional<int> sm = start ? Minute(*start) : std::nullopt;
      std::optional<int> em = end ? Minute(*end) : std::nullopt;
      if (start && !sm) wf.Error(p + ".start", "must be HH:MM", "bad_time");
      if (end && !em) wf.Error(p + ".end", "must be HH:MM", "bad_time");
      for (auto& e : wf.errors()) f.errors().push_back(e);
      if (day && sm && em) in.weekly.push_back({static_cast<int>(*day), *sm, *em});
    }
  }
  OW_RETURN_IF_ERROR(f.status("the schedule is invalid"));
  in.department_id = *dep;
  in.doctor_id = doc.value_or("");
  in.slot_minutes = static_cast<int>(std::clamp<int64_t>(*minutes, -1, 100000));
  in.capacity = static_cast<int>(std::clamp<int64_t>(*capacity, -1, 100000));
  in.window_days = static_cast<int>(std::clamp<int64_t>(window.value_or(14), -1, 100000));
  return in;
}

json::object ScheduleJson(const scheduling::Schedule& s, const std::string& owner) {
  json::array weekly;
  for (const auto& w : s.spec.weekly)
    weekly.push_back({{"weekday", w.weekday},
                      {"start", HourMinute(w.start_minute)},
                      {"end", HourMinute(w.end_minute)}});
  json::object o{{"id", s.id},
                 {"name", s.spec.name},
                 {"slot_minutes", s.spec.slot_minutes},
                 {"capacity", s.spec.capacity},
                 {"window_days", s.spec.window_days},
                 {"weekly", std::move(weekly)},
                 {"released_through", s.released_through}};
  if (auto parts = ParseOwner(owner)) {
    o["department_id"] = parts->department_id;
    if (!parts->doctor_id.empty()) o["doctor_id"] = parts->doctor_id;
  }
  return o;
}

}  // namespace ow::hospital
