// LiveIndex: the contact index (ContactIndex) kept current with the pass log. Before each
// trace it reads the records stored since its last refresh (by record id), so records written
// by any node (several app nodes over one PostgreSQL) are seen; once a day it drops records
// older than the retention window (a full rebuild, which also picks up records that
// committed out of id order on other nodes). Maps the string ids of people and places to the
// index's dense numbers.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "checkpoint/pass_log.h"
#include "core/clock.h"
#include "core/status.h"
#include "trace/contact_index.h"

namespace ow::trace {

struct PlaceEvidence {
  std::string place_id;
  int64_t case_from_ms = 0, case_to_ms = 0;
  int64_t contact_from_ms = 0, contact_to_ms = 0;
  bool case_entry_only = false, contact_entry_only = false;
};

struct TracedContact {
  std::string person_id;
  int64_t first_overlap_ms = 0;
  std::vector<PlaceEvidence> evidence;
};

class LiveIndex {
 public:
  LiveIndex(checkpoint::PassLog& passes, const Clock& clock, int retention_days);

  // Reads the records added since the last refresh.
  Status Refresh();
  // Contacts of a person in [from, to) (after a refresh).
  Result<std::vector<TracedContact>> Trace(const std::string& person_id, int64_t from_ms,
                                           int64_t to_ms, int64_t entry_window_ms);
  // Everyone with a pass at one of the places in [from, to): person -> latest such pass.
  Result<std::map<std::string, int64_t>> VisitorsOf(const std::vector<std::string>& place_ids,
                                                    int64_t from_ms, int64_t to_ms);
  size_t records() const;

 private:
  uint32_t Number(std::unordered_map<std::string, uint32_t>& map, std::vector<std::string>& names,
                  const std::string& id);

  checkpoint::PassLog& passes_;
  const Clock& clock_;
  const int64_t retention_ms_;
  std::mutex refresh_mu_;         // one refresh at a time
  mutable std::shared_mutex mu_;  // guards everything below
  ContactIndex index_;
  std::unordered_map<std::string, uint32_t> person_no_, place_no_;
  std::vector<std::string> persons_, places_;
  int64_t watermark_ = -1;  // highest record id read
  int64_t built_day_ = -1;  // Shanghai day of the last full rebuild
};

}  // namespace ow::trace
