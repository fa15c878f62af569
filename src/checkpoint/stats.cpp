#include "checkpoint/stats.h"

#include <fmt/format.h>

namespace ow::checkpoint {

Result<std::vector<HourStats>> PassStats::PlaceHours(const std::string& place_id, const Date& day) {
  int64_t start = ShanghaiMidnightMillis(day);
  int64_t end = start + 86400000;
  std::vector<HourStats> hours(24);
  for (int h = 0; h < 24; ++h) hours[h].hour = h;
  OW_ASSIGN_OR_RETURN(auto tables, passes_.DayTables(DaysFromCivil(day)));
  for (const auto& table : tables) {  // one table per hour
    OW_ASSIGN_OR_RETURN(auto rows,
                        db_.Query("SELECT (at_ms - ?) / 3600000 AS h, allowed, reason, COUNT(*) "
                                  "FROM " +
                                      table +
                                      " WHERE place_key = ? AND place_id = ? AND "
                                      "at_ms >= ? AND at_ms < ? GROUP BY (at_ms - ?) / 3600000, "
                                      "allowed, reason",
                                  {start, PassLog::Key(place_id), place_id, start, end, start}));
    for (const auto& r : rows) {
      int64_t h = r.Int(0);
      if (h < 0 || h > 23) continue;
      if (r.Int(1)) {
        hours[h].passes += r.Int(3);
      } else {
        hours[h].refusals += r.Int(3);
        hours[h].refusals_by_reason[r.Text(2)] += r.Int(3);
      }
    }
  }
  return hours;
}

Result<std::vector<CommunityDayStats>> PassStats::Communities(const std::string& prefix,
                                                              const Date& day) {
  int64_t start = ShanghaiMidnightMillis(day);
  int64_t end = start + 86400000;
  std::vector<CommunityDayStats> out;
  OW_ASSIGN_OR_RETURN(auto tables, passes_.DayTables(DaysFromCivil(day)));
  if (tables.empty()) return out;
  std::string all;  // the day's hourly tables as one
  for (const auto& t : tables)
    all += (all.empty() ? "" : " UNION ALL ") +
           ("SELECT place_id, person_id, direction, allowed, at_ms FROM " + t);
  OW_ASSIGN_OR_RETURN(
      auto rows,
      db_.Query("SELECT p.community, p.region, r.direction, r.allowed, COUNT(*), "
                "COUNT(DISTINCT r.person_id) FROM (" +
                    all +
                    ") r JOIN places p ON p.id = "
                    "r.place_id WHERE p.community <> '' AND p.region LIKE ? AND r.at_ms >= ? AND "
                    "r.at_ms < ? GROUP BY p.community, p.region, r.direction, r.allowed "
                    "ORDER BY p.region, p.community",
                {prefix + "%", start, end}));
  for (const auto& r : rows) {
    if (out.empty() || out.back().community != r.Text(0) || out.back().region != r.Text(1))
      out.push_back({r.Text(0), r.Text(1)});
    auto& c = out.back();
    bool in = r.Text(2) == "in";
    if (r.Int(3)) {
      (in ? c.passes_in : c.passes_out) += r.Int(4);
      (in ? c.residents_in : c.residents_out) += r.Int(5);
    } else {
      c.refusals += r.Int(4);
    }
  }
  return out;
}

std::string PassStats::HoursCsv(const std::string& place_id, const Date& day,
                                const std::vector<HourStats>& hours) {
  std::string out = "place_id,date,hour,passes,refusals,refusal_reasons\n";
  for (const auto& h : hours) {
    std::string reasons;
    for (const auto& [k, v] : h.refusals_by_reason)
      reasons += (reasons.empty() ? "" : ";") + k + "=" + std::to_string(v);
    out += fmt::format("{},{},{},{},{},{}\n", place_id, FormatDate(day), h.hour, h.passes,
                       h.refusals, reasons);
  }
  return out;
}

namespace {
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

std::string PassStats::CommunitiesCsv(const Date& day, const std::vector<CommunityDayStats>& rows) {
  std::string out =
      "date,region,community,passes_in,passes_out,residents_in,residents_out,refusals\n";
  for (const auto& c : rows)
    out +=
        fmt::format("{},{},{},{},{},{},{},{}\n", FormatDate(day), c.region, CsvField(c.community),
                    c.passes_in, c.passes_out, c.residents_in, c.residents_out, c.refusals);
  return out;
}

}  // namespace ow::checkpoint
