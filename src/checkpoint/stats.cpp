#include "checkpoint/stats.h"

#include <fmt/format.h>

namespace ow::checkpoint {

Result<std::vector<HourStats>> PassStats::PlaceHours(const std::string& place_id, const Date& day) {
  std::vector<HourStats> hours(24);
  for (int h = 0; h < 24; ++h) hours[h].hour = h;
  OW_ASSIGN_OR_RETURN(auto counts, passes_.PlaceDay(place_id, DaysFromCivil(day)));
  for (const auto& c : counts) {
    if (c.hour < 0 || c.hour > 23) continue;
    if (c.allowed) {
      hours[c.hour].passes += c.records;
    } else {
      hours[c.hour].refusals += c.records;
      hours[c.hour].refusals_by_reason[c.reason] += c.records;
    }
  }
  return hours;
}

Result<std::vector<CommunityDayStats>> PassStats::Communities(const std::string& prefix,
                                                              const Date& day) {
  std::vector<CommunityDayStats> out;
  OW_ASSIGN_OR_RETURN(auto counts, passes_.CommunitiesDay(prefix, DaysFromCivil(day)));
  for (const auto& r : counts) {
    if (out.empty() || out.back().community != r.community || out.back().region != r.region)
      out.push_back({r.community, r.region});
    auto& c = out.back();
    const bool in = r.direction == Direction::kIn;
    if (r.allowed) {
      (in ? c.passes_in : c.passes_out) += r.records;
      (in ? c.residents_in : c.residents_out) += r.people;
    } else {
      c.refusals += r.records;
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
