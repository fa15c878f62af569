// PassLog: durable storage of pass records with group commit. Writers enqueue records and
// are called back once the transaction holding them has committed (fsync'd), so an
// acknowledged record is never lost, while one commit (one fsync) covers every record that
// arrived meanwhile. Also answers the queries the checkpoint and tracing modules need.
//
// Layout. Records are partitioned by the hour of at_ms into one table per hour
// (pass_records_YYYYMMDDHH in Asia/Shanghai time, listed in pass_partitions) with two
// indexes, by person and by place, on 32-bit hashes of the ids (the ids themselves are
// compared as well, so a hash collision costs a row read, never a wrong answer). The indexes
// hold no time: a person's passes of one hour are few, and a place's are read whole for its
// statistics anyway; small index entries mean fewer pages written per commit. A B-tree index
// whose keys arrive in random order (4 M people) dirties about one page per record once it
// outgrows a commit, so one index over 28 days of records collapses ingest (docs/performance.md,
// "Durable pass records"); an hour's index stays small. Ids are global and increasing (a
// counter row on SQLite, a sequence on PostgreSQL); client ids of offline uploads are kept in
// pass_client_ids for idempotency across partitions. Purging a whole hour drops its table.
//
// The parts, in src/checkpoint/pass_log/ (internal to this class): Partitions (the hourly
// tables and their catalogue), IdAllocator (record ids), ClientIds (idempotency keys),
// GroupWriter (the writer thread and group commit), Queries (reads), the schema (migrations
// and the move of version 1's records) and record_rows.h (a record as a row).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checkpoint/pass_record.h"
#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::checkpoint {

namespace passlog {
class ClientIds;
class GroupWriter;
class Partitions;
class Queries;
}  // namespace passlog

struct AppendResult {
  int64_t inserted = 0;    // new records stored
  int64_t duplicates = 0;  // records whose client_id was already stored (nothing changed)
};

// Records of one place on one day, counted per hour (0-23, Asia/Shanghai), decision and reason.
struct PlaceHourCount {
  int64_t hour = 0;
  bool allowed = false;
  std::string reason;
  int64_t records = 0;
};

// Records of one day at the places of one community, counted per direction and decision.
struct CommunityCount {
  std::string community;
  std::string region;
  Direction direction = Direction::kIn;
  bool allowed = false;
  int64_t records = 0;
  int64_t people = 0;  // distinct people
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
  // Deletes records older than `before_ms`, and their client ids; returns how many records.
  Result<int64_t> PurgeBefore(int64_t before_ms);
  // Records stored (all partitions).
  Result<int64_t> Count();
  // The records of a place on Asia/Shanghai day `day` (days since 1970-01-01), counted.
  Result<std::vector<PlaceHourCount>> PlaceDay(const std::string& place_id, int64_t day);
  // The records of day `day` at places of a community in a region starting with
  // `region_prefix`, counted, ordered by region and community.
  Result<std::vector<CommunityCount>> CommunitiesDay(const std::string& region_prefix, int64_t day);

  struct Stats {
    int64_t commits = 0;
    int64_t records = 0;
  };
  Stats stats() const;

  static std::vector<store::Migration> Migrations();

 private:
  std::unique_ptr<passlog::Partitions> partitions_;
  std::unique_ptr<passlog::ClientIds> client_ids_;
  std::unique_ptr<passlog::Queries> queries_;
  std::unique_ptr<passlog::GroupWriter> writer_;  // last: stopped first
};

}  // namespace ow::checkpoint
