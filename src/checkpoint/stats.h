// PassStats: numbers for the people who run the gates — per place and hour: passes and
// refusals by reason; per community and day: residents in/out and refusals. JSON and CSV.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "checkpoint/pass_log.h"
#include "core/status.h"
#include "core/time.h"

namespace ow::checkpoint {

struct HourStats {
  int hour = 0;  // 0-23, Asia/Shanghai
  int64_t passes = 0;
  int64_t refusals = 0;
  std::map<std::string, int64_t> refusals_by_reason;
};

struct CommunityDayStats {
  std::string community;
  std::string region;
  int64_t passes_in = 0, passes_out = 0;        // allowed passes
  int64_t residents_in = 0, residents_out = 0;  // distinct people
  int64_t refusals = 0;
};

class PassStats {
 public:
  explicit PassStats(PassLog& passes) : passes_(passes) {}
  Result<std::vector<HourStats>> PlaceHours(const std::string& place_id, const Date& day);
  Result<std::vector<CommunityDayStats>> Communities(const std::string& region_prefix,
                                                     const Date& day);
  static std::string HoursCsv(const std::string& place_id, const Date& day,
                              const std::vector<HourStats>& hours);
  static std::string CommunitiesCsv(const Date& day, const std::vector<CommunityDayStats>& rows);

 private:
  PassLog& passes_;
};

}  // namespace ow::checkpoint
