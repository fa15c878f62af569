#include "checkpoint/pass_log/queries.h"

#include <limits>

#include "checkpoint/pass_log/partitions.h"
#include "checkpoint/pass_log/record_rows.h"
#include "core/time.h"

namespace ow::checkpoint::passlog {

Result<std::vector<PassRecord>> Queries::Select(bool by_person, const std::string& value,
                                                int64_t from_ms, int64_t to_ms, int limit) {
  std::vector<PassRecord> out;
  if (from_ms >= to_ms || limit <= 0) return out;
  OW_ASSIGN_OR_RETURN(
      auto parts, partitions_.InRange(Partitions::SlotOf(from_ms), Partitions::SlotOf(to_ms - 1)));
  const char* cond =
      by_person ? "person_key = ? AND person_id = ?" : "place_key = ? AND place_id = ?";
  for (auto it = parts.rbegin(); it != parts.rend() && static_cast<int>(out.size()) < limit; ++it) {
    OW_ASSIGN_OR_RETURN(auto rows,
                        db_.Query(std::string(kSelect) + it->table + " WHERE " + cond +
                                      " AND at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC LIMIT ?",
                                  {Key(value), value, from_ms, to_ms,
                                   static_cast<int64_t>(limit - static_cast<int>(out.size()))}));
    for (const auto& r : rows) out.push_back(FromRow(r));
  }
  return out;
}

Status Queries::Scan(int64_t from_ms, int64_t to_ms,
                     const std::function<void(const PassRecord&)>& fn, int64_t after_id) {
  if (from_ms >= to_ms) return Status::Ok();
  OW_ASSIGN_OR_RETURN(
      auto parts, partitions_.InRange(Partitions::SlotOf(from_ms), Partitions::SlotOf(to_ms - 1)));
  for (const auto& p : parts) {
    int64_t after = after_id;
    for (;;) {
      OW_ASSIGN_OR_RETURN(auto rows, db_.Query(std::string(kSelect) + p.table +
                                                   " WHERE id > ? AND at_ms >= ? AND at_ms < ? "
                                                   "ORDER BY id LIMIT 5000",
                                               {after, from_ms, to_ms}));
      if (rows.empty()) break;
      for (const auto& r : rows) {
        PassRecord rec = FromRow(r);
        after = rec.id;
        fn(rec);
      }
    }
  }
  return Status::Ok();
}

Result<int64_t> Queries::Count() {
  OW_ASSIGN_OR_RETURN(auto parts, partitions_.InRange(std::numeric_limits<int64_t>::min(),
                                                      std::numeric_limits<int64_t>::max()));
  int64_t n = 0;
  for (const auto& p : parts) {
    OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT COUNT(*) FROM " + p.table));
    n += rows[0].Int(0);
  }
  return n;
}

Result<std::vector<PlaceHourCount>> Queries::PlaceDay(const std::string& place_id, int64_t day) {
  const int64_t start = ShanghaiMidnightMillis(CivilFromDays(day));
  const int64_t end = start + 86400000;
  std::vector<PlaceHourCount> out;
  OW_ASSIGN_OR_RETURN(auto parts, partitions_.OfDay(day));
  for (const auto& p : parts) {  // one table per hour
    OW_ASSIGN_OR_RETURN(auto rows,
                        db_.Query("SELECT (at_ms - ?) / 3600000 AS h, allowed, reason, COUNT(*) "
                                  "FROM " +
                                      p.table +
                                      " WHERE place_key = ? AND place_id = ? AND "
                                      "at_ms >= ? AND at_ms < ? GROUP BY (at_ms - ?) / 3600000, "
                                      "allowed, reason",
                                  {start, Key(place_id), place_id, start, end, start}));
    for (const auto& r : rows) out.push_back({r.Int(0), r.Int(1) != 0, r.Text(2), r.Int(3)});
  }
  return out;
}

Result<std::vector<CommunityCount>> Queries::CommunitiesDay(const std::string& region_prefix,
                                                            int64_t day) {
  const int64_t start = ShanghaiMidnightMillis(CivilFromDays(day));
  const int64_t end = start + 86400000;
  std::vector<CommunityCount> out;
  OW_ASSIGN_OR_RETURN(auto parts, partitions_.OfDay(day));
  if (parts.empty()) return out;
  std::string all;  // the day's hourly tables as one
  for (const auto& p : parts)
    all += (all.empty() ? "" : " UNION ALL ") +
           ("SELECT place_id, person_id, direction, allowed, at_ms FROM " + p.table);
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT p.community, p.region, r.direction, r.allowed, COUNT(*), "
                "COUNT(DISTINCT r.person_id) FROM (" +
                    all +
                    ") r JOIN places p ON p.id = "
                    "r.place_id WHERE p.community <> '' AND p.region LIKE ? AND r.at_ms >= ? AND "
                    "r.at_ms < ? GROUP BY p.community, p.region, r.direction, r.allowed "
                    "ORDER BY p.region, p.community",
                {region_prefix + "%", start, end}));
  for (const auto& r : rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2) == "in" ? Direction::kIn : Direction::kOut,
                   r.Int(3) != 0, r.Int(4), r.Int(5)});
  return out;
}

}  // namespace ow::checkpoint::passlog
