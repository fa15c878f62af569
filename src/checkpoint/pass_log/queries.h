// Queries: reads of the stored pass records across the hourly partitions — a person's or a
// place's passes, bulk scans for the tracing index, counts, and the per-day aggregates the
// statistics need. Internal to the pass log.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "checkpoint/pass_log.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::checkpoint::passlog {

class Partitions;

class Queries {
 public:
  Queries(store::Database& db, Partitions& partitions) : db_(db), partitions_(partitions) {}

  // Records whose person (`by_person`) or place equals `value`, newest first.
  Result<std::vector<PassRecord>> Select(bool by_person, const std::string& value, int64_t from_ms,
                                         int64_t to_ms, int limit);
  Status Scan(int64_t from_ms, int64_t to_ms, const std::function<void(const PassRecord&)>& fn,
              int64_t after_id);
  Result<int64_t> Count();
  Result<std::vector<PlaceHourCount>> PlaceDay(const std::string& place_id, int64_t day);
  Result<std::vector<CommunityCount>> CommunitiesDay(const std::string& region_prefix, int64_t day);

 private:
  store::Database& db_;
  Partitions& partitions_;
};

}  // namespace ow::checkpoint::passlog
