// Partitions: the hourly tables that hold pass records. One table per hour of at_ms
// (pass_records_YYYYMMDDHH in Asia/Shanghai time) with two indexes, by person key and by
// place key; the pass_partitions table lists them. Creates a partition on first use, lists
// those of a time range, drops or trims them when records expire, and remembers which exist
// so the writer does not ask the database before every group. Internal to the pass log.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/mutex.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::checkpoint::passlog {

class Partitions {
 public:
  struct Partition {
    int64_t slot;  // the partition's hour since the epoch
    std::string table;
  };

  explicit Partitions(store::Database& db) : db_(db) {}
  Partitions(const Partitions&) = delete;
  Partitions& operator=(const Partitions&) = delete;

  // The partition (hour since the epoch) of an instant. Asia/Shanghai is a whole number of
  // hours from UTC, so each partition is one local clock hour.
  static int64_t SlotOf(int64_t at_ms);
  // pass_records_YYYYMMDDHH in Asia/Shanghai time.
  static std::string TableName(int64_t slot);

  // Partitions whose hour is in [from_slot, to_slot], oldest first.
  Result<std::vector<Partition>> InRange(int64_t from_slot, int64_t to_slot);
  // The partitions of Asia/Shanghai day `day` (days since 1970-01-01), oldest first.
  Result<std::vector<Partition>> OfDay(int64_t day);
  // Creates the partitions (hours since the epoch) in `slots` that do not exist yet (each in
  // its own transaction).
  Status Ensure(const std::vector<int64_t>& slots) EXCLUDES(mu_);
  // Forgets which partitions exist: another node may have dropped one this process knew.
  void ForgetAll() EXCLUDES(mu_);
  // Deletes the records older than `before_ms`: drops the tables of past hours whole and trims
  // the hour the cut falls into. Returns how many records went.
  Result<int64_t> PurgeBefore(int64_t before_ms) EXCLUDES(mu_);

 private:
  bool Known(int64_t slot) EXCLUDES(mu_);

  store::Database& db_;
  Mutex mu_;
  std::set<int64_t> known_slots_ GUARDED_BY(mu_);  // partitions known to exist
};

}  // namespace ow::checkpoint::passlog
