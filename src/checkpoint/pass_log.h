// PassLog: durable storage of pass records with group commit. Writers enqueue records and
// are called back once the transaction holding them has committed (fsync'd), so an
// acknowledged record is never lost, while one commit (one fsync) covers every record that
// arrived meanwhile. Also answers the queries the checkpoint and tracing modules need.
//
// Layout. Records are partitioned by the hour of at_ms into one table per hour
// (pass_records_YYYYMMDDHH in Asia/Shanghai time, listed in pass_partitions) with two
// indexes, by person and by
// place, on 32-bit hashes of the ids (the ids themselves are compared as well, so a hash
// collision costs a row read, never a wrong answer). The indexes hold no time: a person's
// passes of one hour are few, and a place's are read whole for its statistics anyway; small
// index entries mean fewer pages written per commit. A B-tree index whose keys arrive in
// random order (4 M people) dirties about one page per record once it outgrows a commit, so
// one index over 28 days of records collapses ingest (measured: 66k/s empty, 14k/s at 2 M
// records); an hour's index stays small. Ids are global and increasing (a counter row on
// SQLite, a sequence on PostgreSQL); client ids of offline uploads are kept in
// pass_client_ids for idempotency across partitions. Purging a whole hour drops its table.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

#include "checkpoint/pass_record.h"
#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::checkpoint {

struct AppendResult {
  int64_t inserted = 0;    // new records stored
  int64_t duplicates = 0;  // records whose client_id was already stored (nothing changed)
};

class PassLog {
 public:
  using Done = std::function<void(Result<AppendResult>)>;

  explicit PassLog(store::Database& db);
  ~PassLog();  // flushes what is queued, then stops the writer
  PassLog(const PassLog&) = delete;
  PassLog& operator=(const PassLog&) = delete;

  // Queues records; `done` runs on the writer thread after the commit (or on failure).
  void Append(std::vector<PassRecord> records, Done done);
  // Queues and waits for the commit.
  Result<AppendResult> AppendAndWait(std::vector<PassRecord> records);

  Result<std::vector<PassRecord>> ForPerson(const std::string& person_id, int64_t from_ms,
                                            int64_t to_ms, int limit);
  Result<std::vector<PassRecord>> ForPlace(const std::string& place_id, int64_t from_ms,
                                           int64_t to_ms, int limit);
  // Every record in [from, to) with an id above `after_id`, for bulk readers (tracing index):
  // partition by partition (oldest first), in id order within a partition.
  Status Scan(int64_t from_ms, int64_t to_ms, const std::function<void(const PassRecord&)>& fn,
              int64_t after_id = -1);
  // Deletes records older than `before_ms`; returns how many.
  Result<int64_t> PurgeBefore(int64_t before_ms);
  // Records stored (all partitions).
  Result<int64_t> Count();
  // The partition tables (one per hour that has records) of Asia/Shanghai day `day` (days
  // since 1970-01-01), for per-day statistics.
  Result<std::vector<std::string>> DayTables(int64_t day);
  // The stable 32-bit key stored for a person or place id (FNV-1a), sign-extended.
  static int64_t Key(std::string_view id);

  struct Stats {
    int64_t commits = 0;
    int64_t records = 0;
  };
  Stats stats() const;

  static std::vector<store::Migration> Migrations();

  // Record ids reserved by this log's writer and not used yet (SQLite; see pass_log.cpp).
  struct IdBlock {
    int64_t next = 0;
    int64_t end = 0;
  };

 private:
  struct Item {
    std::vector<PassRecord> records;
    Done done;
  };
  struct Partition {
    int64_t slot;  // the partition's hour since the epoch
    std::string table;
  };
  // Partitions whose hour is in [from_slot, to_slot], oldest first.
  Result<std::vector<Partition>> Partitions(int64_t from_slot, int64_t to_slot);
  // Creates the partitions (hours since the epoch) in `slots` that do not exist yet (each in
  // its own transaction).
  Status EnsurePartitions(const std::vector<int64_t>& slots);
  bool KnownSlot(int64_t slot);
  // Records whose `column` (person or place) equals value, newest first.
  Result<std::vector<PassRecord>> Select(bool by_person, const std::string& value, int64_t from_ms,
                                         int64_t to_ms, int limit);
  void WriterLoop();
  // Writes a group in `tx`. Without `look_up`, client ids are stored without being looked up
  // first (SQLite); a replayed one sets `replayed` and fails the group, to be written again
  // with `look_up`.
  Status WriteGroup(store::Tx& tx, std::vector<Item>& group, bool look_up,
                    std::vector<AppendResult>& results, bool& replayed);
  // Moves the records of the single pass_records table of schema version 1 into partitions.
  Status MoveLegacyRecords();

  store::Database& db_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stop_ = false;
  Stats stats_;
  std::mutex slots_mu_;
  std::set<int64_t> known_slots_;  // partitions known to exist
  IdBlock ids_;                    // used by the writer thread only
  std::thread writer_;
};

}  // namespace ow::checkpoint
