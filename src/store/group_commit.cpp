// GroupCommit's writer thread (see group_commit.h).
#include "store/group_commit.h"

#include <future>
#include <vector>

namespace ow::store {

GroupCommit::GroupCommit(Database& db, size_t max_group, bool isolate_units)
    : db_(db),
      max_group_(max_group < 1 ? 1 : max_group),
      isolate_units_(isolate_units),
      thread_([this] { Loop(); }) {}

namespace {
// Whether a unit's failure is its own answer (kept inside the group) rather than a failure
// of the transaction or the storage (which fails the group).
bool IsRefusal(const Status& st) {
  return !st.ok() && st.code() != Code::kAborted && st.code() != Code::kUnavailable &&
         st.code() != Code::kInternal;
}
}  // namespace

GroupCommit::~GroupCommit() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  cv_.SignalAll();
  thread_.join();
}

void GroupCommit::Submit(Work work, Done done) {
  {
    MutexLock lock(mu_);
    queue_.push_back({std::move(work), std::move(done)});
  }
  cv_.Signal();
}

Status GroupCommit::Run(Work work) {
  std::promise<Status> outcome;
  std::future<Status> result = outcome.get_future();
  Submit(std::move(work), [&outcome](Status s) { outcome.set_value(std::move(s)); });
  return result.get();
}

GroupCommit::Stats GroupCommit::stats() const {
  MutexLock lock(mu_);
  return stats_;
}

void GroupCommit::Loop() {
  for (;;) {
    std::deque<Unit> group;
    {
      MutexLock lock(mu_);
      while (queue_.empty() && !stop_) cv_.Wait(mu_);
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && group.size() < max_group_) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunGroup(group);
  }
}

void GroupCommit::RunGroup(std::deque<Unit>& group) {
  std::vector<Status> answers;  // isolate_units_: each unit's own answer in the group
  Status st = db_.Transact([&](Tx& tx) -> Status {
    answers.assign(group.size(), Status::Ok());
    for (size_t i = 0; i < group.size(); ++i) {
      if (!isolate_units_) {
        OW_RETURN_IF_ERROR(group[i].work(tx));
        continue;
      }
      OW_RETURN_IF_ERROR(tx.Exec("SAVEPOINT ow_unit").status());
      Status unit = group[i].work(tx);
      if (!unit.ok() && !IsRefusal(unit)) return unit;
      if (!unit.ok()) OW_RETURN_IF_ERROR(tx.Exec("ROLLBACK TO SAVEPOINT ow_unit").status());
      OW_RETURN_IF_ERROR(tx.Exec("RELEASE SAVEPOINT ow_unit").status());
      answers[i] = std::move(unit);
    }
    return Status::Ok();
  });
  std::vector<Status> outcomes(group.size(), st);
  int64_t refused = 0;
  if (st.ok() && isolate_units_) {
    outcomes = std::move(answers);
    for (const Status& a : outcomes) refused += a.ok() ? 0 : 1;
  }
  int64_t solo = 0;
  if (!st.ok() && group.size() > 1) {
    // One unit (or the storage) failed the group: each alone, with its own outcome.
    for (size_t i = 0; i < group.size(); ++i) {
      outcomes[i] = db_.Transact([&](Tx& tx) { return group[i].work(tx); });
      ++solo;
    }
  }
  {
    MutexLock lock(mu_);  // counted before anyone is told, so a told caller sees the count
    ++stats_.groups;
    stats_.units += static_cast<int64_t>(group.size());
    stats_.solo_runs += solo;
    stats_.refused += refused;
    if (static_cast<int64_t>(group.size()) > stats_.largest)
      stats_.largest = static_cast<int64_t>(group.size());
  }
  for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(outcomes[i]));
}

}  // namespace ow::store
