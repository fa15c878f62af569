// GroupWriter: the pass log's writer thread and its queue, with group commit. Appends queue
// their records; the thread takes everything queued (up to kMaxGroupRecords records) as one
// group, writes it in one transaction — client ids first, then record ids, then multi-row
// inserts per partition — and calls each append back after the commit (fsync), so an
// acknowledged record is never lost while one commit covers every record that arrived
// meanwhile. Internal to the pass log.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "checkpoint/pass_log.h"
#include "checkpoint/pass_log/id_allocator.h"
#include "core/mutex.h"

namespace ow::checkpoint::passlog {

class Partitions;

class GroupWriter {
 public:
  // Starts the thread, which runs `first` (the legacy move) before it takes any group.
  GroupWriter(store::Database& db, Partitions& partitions, std::function<void()> first);
  ~GroupWriter() EXCLUDES(mu_);  // writes what is queued, then stops the thread
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  // Queues records; `done` runs on the writer thread after the commit (or on failure).
  void Append(std::vector<PassRecord> records, PassLog::Done done) EXCLUDES(mu_);
  PassLog::Stats stats() const EXCLUDES(mu_);

 private:
  struct Item {
    std::vector<PassRecord> records;
    PassLog::Done done;
  };
  void Loop() EXCLUDES(mu_);
  // Writes a group in `tx`. Without `look_up`, client ids are stored without being looked up
  // first (SQLite); a replayed one sets `replayed` and fails the group, to be written again
  // with `look_up`.
  Status WriteGroup(store::Tx& tx, std::vector<Item>& group, bool look_up,
                    std::vector<AppendResult>& results, bool& replayed);

  store::Database& db_;
  Partitions& partitions_;
  IdAllocator ids_;  // used by the writer thread only
  mutable Mutex mu_;
  CondVar cv_;  // signalled when an item is queued or stop_ is set
  std::deque<Item> queue_ GUARDED_BY(mu_);
  bool stop_ GUARDED_BY(mu_) = false;
  PassLog::Stats stats_ GUARDED_BY(mu_);
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace ow::checkpoint::passlog
