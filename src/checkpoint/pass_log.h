// PassLog: durable storage of pass records with group commit. Writers enqueue records and
// are called back once the transaction holding them has committed (fsync'd), so an
// acknowledged record is never lost, while one commit (one fsync) covers every record that
// arrived meanwhile. Also answers the queries the checkpoint and tracing modules need.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
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
  // Every record in [from, to) with an id above `after_id`, in id order, for bulk readers
  // (tracing index, stats).
  Status Scan(int64_t from_ms, int64_t to_ms, const std::function<void(const PassRecord&)>& fn,
              int64_t after_id = -1);
  // Deletes records older than `before_ms`; returns how many.
  Result<int64_t> PurgeBefore(int64_t before_ms);

  struct Stats {
    int64_t commits = 0;
    int64_t records = 0;
  };
  Stats stats() const;

  static std::vector<store::Migration> Migrations();

 private:
  struct Item {
    std::vector<PassRecord> records;
    Done done;
  };
  // Records whose `column` (a fixed column name) equals value, newest first.
  Result<std::vector<PassRecord>> Select(const char* column, const std::string& value,
                                         int64_t from_ms, int64_t to_ms, int limit);
  void WriterLoop();
  Status WriteGroup(store::Tx& tx, std::vector<Item>& group, std::vector<AppendResult>& results);

  store::Database& db_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stop_ = false;
  Stats stats_;
  std::thread writer_;
};

}  // namespace ow::checkpoint
