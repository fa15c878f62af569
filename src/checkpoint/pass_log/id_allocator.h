// IdAllocator: record ids for the writer, global and increasing: each group's ids are above
// every id committed before it, whichever log or process committed it (the live contact
// index reads new records by id). PostgreSQL draws them from the pass_record_ids sequence;
// SQLite reserves blocks of ids in the pass_record_seq counter row, so that the counter's
// page is written once per block instead of in every group commit. Used by the writer thread
// only. Internal to the pass log.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace ow::checkpoint::passlog {

class IdAllocator {
 public:
  // `n` new record ids, increasing, in `tx`.
  Result<std::vector<int64_t>> Allocate(store::Tx& tx, size_t n);

 private:
  // Record ids reserved in pass_record_seq and not used yet (SQLite): [next, end).
  int64_t next_ = 0;
  int64_t end_ = 0;
};

}  // namespace ow::checkpoint::passlog
