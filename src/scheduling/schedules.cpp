// Schedules and slot generation (see schedules.h).
#include "scheduling/schedules.h"

#include <boost/json.hpp>

#include "crypto/crypto.h"

namespace ow::scheduling {

namespace json = boost::json;

namespace {

constexpr char kScheduleColumns[] =
    "id, owner, realm, name, slot_minutes, capacity, pattern, window_days, release_minute, "
    "released_through, active, created_at_ms";

std::string PatternJson(const std::vector<WeeklyWindow>& weekly) {
  json::array a;
  for (const WeeklyWindow& w : weekly)
    a.push_back(json::array{w.weekday, w.start_minute, w.end_minute});
  return json::serialize(a);
}

std::vector<WeeklyWindow> ParsePattern(const std::string& text) {
  std::vector<WeeklyWindow> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const json::value& e : v.as_array()) {
    if (!e.is_array() || e.as_array().size() != 3) continue;
    const json::array& t = e.as_array();
    out.push_back({static_cast<int>(t[0].to_number<int64_t>()),
                   static_cast<int>(t[1].to_number<int64_t>()),
                   static_cast<int>(t[2].to_number<int64_t>())});
  }
  return out;
}

Schedule ScheduleOf(const store::Row& r) {
  Schedule s;
  s.id = r.Text(0);
  s.spec.owner = r.Text(1);
  s.spec.realm = r.Text(2);
  s.spec.name = r.Text(3);
  s.spec.slot_minutes = static_cast<int>(r.Int(4));
  s.spec.capacity = static_cast<int>(r.Int(5));
  s.spec.weekly = ParsePattern(r.Text(6));
  s.spec.window_days = static_cast<int>(r.Int(7));
  s.spec.release_minute = static_cast<int>(r.Int(8));
  s.released_through = r.Text(9);
  s.active = r.Int(10) != 0;
  s.created_at_ms = r.Int(11);
  return s;
}

// 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday).
int Weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1; }

std::string SlotId(const std::string& schedule_id, int64_t start_ms) {
  return schedule_id + "." + std::to_string(start_ms / kMillisPerMinute);
}

Status ValidSpec(const ScheduleSpec& s) {
  std::vector<FieldError> errors;
  if (s.owner.empty() || s.owner.size() > kMaxOwnerBytes)
    errors.push_back({"$.owner", "must be 1 to 200 bytes", "out_of_range"});
  if (s.realm.empty() || s.realm.size() > 40)
    errors.push_back({"$.realm", "must be 1 to 40 bytes", "out_of_range"});
  if (s.name.size() > 200) errors.push_back({"$.name", "must be at most 200 bytes", "too_long"});
  if (s.slot_minutes < kMinSlotMinutes || s.slot_minutes > kMaxSlotMinutes)
    errors.push_back({"$.slot_minutes", "must be 5 to 480", "out_of_range"});
  if (s.capacity < 1 || s.capacity > kMaxCapacity)
    errors.push_back({"$.capacity", "must be 1 to 10000", "out_of_range"});
  if (s.window_days < 0 || s.window_days > kMaxWindowDays)
    errors.push_back({"$.window_days", "must be 0 to 90", "out_of_range"});
  if (s.release_minute < 0 || s.release_minute >= 24 * 60)
    errors.push_back({"$.release_minute", "must be 0 to 1439", "out_of_range"});
  for (size_t i = 0; i < s.weekly.size(); ++i) {
    const WeeklyWindow& w = s.weekly[i];
    const std::string p = "$.weekly[" + std::to_string(i) + "]";
    if (w.weekday < 1 || w.weekday > 7)
      errors.push_back({p + ".weekday", "must be 1 (Monday) to 7 (Sunday)", "out_of_range"});
    if (w.start_minute < 0 || w.end_minute > 24 * 60 || w.start_minute >= w.end_minute)
      errors.push_back({p, "must be a range within one day", "out_of_range"});
    else if (w.end_minute - w.start_minute < s.slot_minutes)
      errors.push_back({p, "is shorter than one slot", "out_of_range"});
  }
  if (!errors.empty()) return Status::Invalid("the schedule is invalid", std::move(errors));
  return Status::Ok();
}

Slot SlotOf(const store::Row& r) {
  Slot s;
  s.id = r.Text(0);
  s.schedule_id = r.Text(1);
  s.owner = r.Text(2);
  s.start_ms = r.Int(3);
  s.end_ms = r.Int(4);
  s.day = r.Text(5);
  s.capacity = static_cast<int>(r.Int(6));
  s.booked = static_cast<int>(r.Int(7));
  s.held = static_cast<int>(r.Int(8));
  return s;
}

constexpr char kSlotSelect[] =
    "SELECT s.id, s.schedule_id, s.owner, s.start_ms, s.end_ms, s.day, s.capacity, s.booked, "
    "(SELECT COUNT(*) FROM sched_holds h WHERE h.slot_id = s.id AND h.used = 0 "
    "AND h.expires_at_ms > ?) FROM sched_slots s ";

}  // namespace

ScheduleService::ScheduleService(store::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Date ScheduleService::LastOpenDay(const ScheduleSpec& spec, int64_t now_ms) {
  const Date today = ShanghaiDate(now_ms);
  const int64_t minute = (now_ms - ShanghaiMidnightMillis(today)) / kMillisPerMinute;
  const int64_t ahead = minute >= spec.release_minute ? spec.window_days : spec.window_days - 1;
  return CivilFromDays(DaysFromCivil(today) + ahead);
}

Result<Schedule> ScheduleService::Create(const ScheduleSpec& spec) {
  OW_RETURN_IF_ERROR(ValidSpec(spec));
  Schedule s;
  s.id = crypto::NewId();
  s.spec = spec;
  s.created_at_ms = clock_.NowMillis();
  OW_RETURN_IF_ERROR(
      db_.Exec(std::string("INSERT INTO sched_schedules (") + kScheduleColumns +
                   ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
               {s.id, spec.owner, spec.realm, spec.name, int64_t{spec.slot_minutes},
                int64_t{spec.capacity}, PatternJson(spec.weekly), int64_t{spec.window_days},
                int64_t{spec.release_minute}, std::string(), int64_t{1}, s.created_at_ms})
          .status());
  if (!spec.weekly.empty()) OW_RETURN_IF_ERROR(ReleaseOne(s, s.created_at_ms).status());
  return Get(s.id);
}

Result<Schedule> ScheduleService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(std::string("SELECT ") + kScheduleColumns +
                                                      " FROM sched_schedules WHERE id = ?",
                                                  {id}));
  if (rows.empty()) return Status::NotFound("no schedule " + id);
  return ScheduleOf(rows[0]);
}

Result<std::vector<Schedule>> ScheduleService::ByOwner(const std::string& owner_prefix) {
  // A prefix match without LIKE's wildcards: owner >= prefix AND owner < prefix + U+FFFF.
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query(std::string("SELECT ") + kScheduleColumns +
                    " FROM sched_schedules WHERE active = 1 AND owner >= ? AND owner < ? "
                    "ORDER BY created_at_ms, id",
                {owner_prefix, owner_prefix + "\xef\xbf\xbf"}));
  std::vector<Schedule> out;
  for (const auto& r : rows) out.push_back(ScheduleOf(r));
  return out;
}

Status ScheduleService::Deactivate(const std::string& id) {
  OW_ASSIGN_OR_RETURN(int64_t n,
                      db_.Exec("UPDATE sched_schedules SET active = 0 WHERE id = ?", {id}));
  if (n == 0) return Status::NotFound("no schedule " + id);
  return Status::Ok();
}

Result<Slot> ScheduleService::AddSlot(const std::string& schedule_id, int64_t start_ms,
                                      int64_t end_ms, int capacity) {
  std::vector<FieldError> errors;
  if (end_ms <= start_ms || end_ms - start_ms > int64_t{kMaxSlotMinutes} * kMillisPerMinute)
    errors.push_back({"$.end", "must be after the start, at most 8 hours", "out_of_range"});
  if (capacity < 1 || capacity > kMaxCapacity)
    errors.push_back({"$.capacity", "must be 1 to 10000", "out_of_range"});
  if (!errors.empty()) return Status::Invalid("the slot is invalid", std::move(errors));
  OW_ASSIGN_OR_RETURN(Schedule s, Get(schedule_id));
  const std::string id = SlotId(schedule_id, start_ms);
  Status st = db_.Exec(
                     "INSERT INTO sched_slots (id, schedule_id, owner, start_ms, end_ms, day, "
                     "capacity, booked) VALUES (?,?,?,?,?,?,?,0)",
                     {id, schedule_id, s.spec.owner, start_ms, end_ms,
                      FormatDate(ShanghaiDate(start_ms)), int64_t{capacity}})
                  .status();
  if (st.code() == Code::kConflict)
    return Status(Code::kConflict, "the schedule already has a slot starting then",
                  {{"$.start", "is taken by another slot", "duplicate_slot"}});
  OW_RETURN_IF_ERROR(st);
  return GetSlot(id);
}

Result<int64_t> ScheduleService::ReleaseOne(const Schedule& s, int64_t now_ms) {
  const Date last = LastOpenDay(s.spec, now_ms);
  const std::string last_text = FormatDate(last);
  if (!s.released_through.empty() && s.released_through >= last_text) return int64_t{0};
  int64_t first_day = DaysFromCivil(ShanghaiDate(now_ms));
  if (auto done = ParseDate(s.released_through))
    first_day = std::max(first_day, DaysFromCivil(*done) + 1);
  int64_t created = 0;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    created = 0;
    // The claim: only the transaction that moves released_through from what we read writes.
    OW_ASSIGN_OR_RETURN(int64_t claimed, tx.Exec("UPDATE sched_schedules SET released_through = ? "
                                                 "WHERE id = ? AND released_through = ?",
                                                 {last_text, s.id, s.released_through}));
    if (claimed == 0) return Status::Ok();  // another node released it
    for (int64_t d = first_day; d <= DaysFromCivil(last); ++d) {
      const Date day = CivilFromDays(d);
      const int64_t midnight = ShanghaiMidnightMillis(day);
      const std::string day_text = FormatDate(day);
      for (const WeeklyWindow& w : s.spec.weekly) {
        if (w.weekday != Weekday(d)) continue;
        for (int m = w.start_minute; m + s.spec.slot_minutes <= w.end_minute;
             m += s.spec.slot_minutes) {
          const int64_t start = midnight + int64_t{m} * kMillisPerMinute;
          OW_ASSIGN_OR_RETURN(
              int64_t n,
              tx.Exec("INSERT INTO sched_slots (id, schedule_id, owner, start_ms, end_ms, day, "
                      "capacity, booked) VALUES (?,?,?,?,?,?,?,0) "
                      "ON CONFLICT (schedule_id, start_ms) DO NOTHING",
                      {SlotId(s.id, start), s.id, s.spec.owner, start,
                       start + int64_t{s.spec.slot_minutes} * kMillisPerMinute, day_text,
                       int64_t{s.spec.capacity}}));
          created += n;
        }
      }
    }
    return Status::Ok();
  }));
  return created;
}

Result<int64_t> ScheduleService::Release() {
  const int64_t now = clock_.NowMillis();
  if (now >= 0 && now < next_release_check_ms_.load()) return int64_t{0};
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kScheduleColumns +
                                " FROM sched_schedules WHERE active = 1 AND pattern <> '[]'"));
  int64_t created = 0;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(int64_t n, ReleaseOne(ScheduleOf(r), now));
    created += n;
  }
  next_release_check_ms_ = now + kMillisPerMinute;
  return created;
}

Result<std::vector<Slot>> ScheduleService::Slots(const std::vector<std::string>& schedule_ids,
                                                 const std::string& day, bool upcoming_only) {
  std::vector<Slot> out;
  if (schedule_ids.empty()) return out;
  const int64_t now = clock_.NowMillis();
  std::string sql = std::string(kSlotSelect) + "WHERE s.day = ? AND s.schedule_id IN (";
  std::vector<store::Value> params{now, day};
  for (size_t i = 0; i < schedule_ids.size(); ++i) {
    sql += i ? ",?" : "?";
    params.emplace_back(schedule_ids[i]);
  }
  sql += ")";
  if (upcoming_only) {
    sql += " AND s.start_ms > ?";
    params.emplace_back(now);
  }
  sql += " ORDER BY s.start_ms, s.id";
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(sql, params));
  for (const auto& r : rows) out.push_back(SlotOf(r));
  return out;
}

Result<Slot> ScheduleService::GetSlot(const std::string& slot_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(std::string(kSlotSelect) + "WHERE s.id = ?",
                                                  {clock_.NowMillis(), slot_id}));
  if (rows.empty()) return Status::NotFound("no slot " + slot_id);
  return SlotOf(rows[0]);
}

}  // namespace ow::scheduling
