// GroupCommit: a writer thread that runs queued units of work in shared transactions, so that
// one durable commit covers every unit that arrived while the previous commit was in flight
// (the pass log's group writer, made generic). Each unit's `done` runs after the commit that
// holds it, so an acknowledged unit is never lost. A unit that fails makes its group fail;
// the group's units are then run again one by one, each in its own transaction, and each is
// told its own outcome. Units must therefore be re-runnable: they write only through the
// transaction and reset whatever they report at their start (Database::Transact retries them
// anyway). Thread-safe.
//
// With `isolate_units`, each unit runs inside a savepoint: a unit that fails with an answer of
// its own (a refusal: any code but kAborted, kUnavailable or kInternal) has its writes rolled
// back to the savepoint and is told its status after the group commits, while the rest of the
// group goes on. Units whose refusals are common (a full slot) then still share commits.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>

#include "core/mutex.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::store {

class GroupCommit {
 public:
  using Work = std::function<Status(Tx&)>;
  using Done = std::function<void(Status)>;  // runs on the writer thread

  struct Stats {
    int64_t groups = 0;     // transactions committed or tried for a whole group
    int64_t units = 0;      // units finished
    int64_t solo_runs = 0;  // units run again alone after their group failed
    int64_t largest = 0;    // the largest group so far
    int64_t refused = 0;    // units that answered a refusal inside a group (isolate_units)
  };

  // `max_group` bounds the units of one transaction (and so the wait of the last one).
  explicit GroupCommit(Database& db, size_t max_group = 256, bool isolate_units = false);
  ~GroupCommit() EXCLUDES(mu_);  // runs what is queued, then stops the thread
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  void Submit(Work work, Done done) EXCLUDES(mu_);
  // Submits and waits for the outcome (for callers without a callback of their own).
  Status Run(Work work);
  Stats stats() const EXCLUDES(mu_);

 private:
  struct Unit {
    Work work;
    Done done;
  };
  void Loop() EXCLUDES(mu_);
  void RunGroup(std::deque<Unit>& group);

  Database& db_;
  const size_t max_group_;
  const bool isolate_units_;
  mutable Mutex mu_;
  CondVar cv_;  // signalled when a unit is queued or stop_ is set
  std::deque<Unit> queue_ GUARDED_BY(mu_);
  bool stop_ GUARDED_BY(mu_) = false;
  Stats stats_ GUARDED_BY(mu_);
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace ow::store
