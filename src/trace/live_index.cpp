#include "trace/live_index.h"

#include "core/time.h"

namespace ow::trace {

LiveIndex::LiveIndex(checkpoint::PassLog& passes, const Clock& clock, int retention_days)
    : passes_(passes), clock_(clock), retention_ms_(int64_t{retention_days} * 86'400'000) {}

uint32_t LiveIndex::Number(std::unordered_map<std::string, uint32_t>& map,
                           std::vector<std::string>& names, const std::string& id) {
  auto [it, fresh] = map.emplace(id, static_cast<uint32_t>(names.size()));
  if (fresh) names.push_back(id);
  return it->second;
}

Status LiveIndex::Refresh() {
  std::lock_guard refresh(refresh_mu_);
  const int64_t now = clock_.NowMillis();
  const int64_t keep_from = now - retention_ms_ - 86'400'000;
  const int64_t day = DaysFromCivil(ShanghaiDate(now));
  // Once a day the index is rebuilt from the pass log: purged records go, and records that
  // committed out of id order on another node are picked up.
  const bool rebuild = day != built_day_;
  int64_t watermark = -1;
  if (!rebuild) {
    std::shared_lock lock(mu_);
    watermark = watermark_;
  }
  // Records are numbered and indexed a chunk at a time, so a rebuild over a province's 100 M
  // records never holds them all as PassRecords. A rebuild fills a new index while the old one
  // keeps serving traces, and replaces it at the end.
  ContactIndex rebuilt;
  std::vector<checkpoint::PassRecord> chunk;
  auto flush = [&] {
    if (chunk.empty()) return;
    std::vector<Pass> batch;
    batch.reserve(chunk.size());
    {
      std::unique_lock lock(mu_);  // numbering grows the maps that readers use
      for (const auto& r : chunk)
        batch.push_back({Number(person_no_, persons_, *r.person_id),
                         Number(place_no_, places_, r.place_id), r.at_ms, r.direction});
      if (!rebuild) index_.Add(batch);
    }
    if (rebuild) rebuilt.Add(batch);
    chunk.clear();
  };
  OW_RETURN_IF_ERROR(passes_.Scan(
      keep_from, std::numeric_limits<int64_t>::max(),
      [&](const checkpoint::PassRecord& r) {
        watermark = std::max(watermark, r.id);
        if (!r.allowed || !r.person_id) return;
        chunk.push_back(r);
        if (chunk.size() >= 65536) flush();
      },
      watermark));
  flush();
  std::unique_lock lock(mu_);
  if (rebuild) {
    index_ = std::move(rebuilt);
    built_day_ = day;
  }
  watermark_ = watermark;
  return Status::Ok();
}

Result<std::vector<TracedContact>> LiveIndex::Trace(const std::string& person_id, int64_t from_ms,
                                                    int64_t to_ms, int64_t entry_window_ms) {
  std::shared_lock lock(mu_);
  auto it = person_no_.find(person_id);
  if (it == person_no_.end()) return std::vector<TracedContact>{};
  TraceOptions o;
  o.from_ms = from_ms;
  o.to_ms = to_ms;
  o.entry_window_ms = entry_window_ms;
  std::vector<TracedContact> out;
  for (const Contact& c : index_.Trace(it->second, o)) {
    TracedContact t{persons_[c.person], c.first_overlap_ms, {}};
    for (const Evidence& e : c.evidence)
      t.evidence.push_back({places_[e.place], e.case_from_ms, e.case_to_ms, e.contact_from_ms,
                            e.contact_to_ms, e.case_entry_only, e.contact_entry_only});
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::map<std::string, int64_t>> LiveIndex::VisitorsOf(
    const std::vector<std::string>& place_ids, int64_t from_ms, int64_t to_ms) {
  std::shared_lock lock(mu_);
  std::vector<uint32_t> places;
  for (const auto& id : place_ids)
    if (auto it = place_no_.find(id); it != place_no_.end()) places.push_back(it->second);
  std::map<std::string, int64_t> out;
  if (places.empty()) return out;
  index_.PassesAt(places, from_ms, to_ms, [&](uint32_t person, int64_t at_ms) {
    auto [it, fresh] = out.emplace(persons_[person], at_ms);
    if (!fresh) it->second = std::max(it->second, at_ms);
  });
  return out;
}

size_t LiveIndex::records() const {
  std::shared_lock lock(mu_);
  return index_.records();
}

}  // namespace ow::trace
