// GroupCommit's writer thread (see group_commit.h).
#include "store/group_commit.h"

#include <future>
#include <vector>

namespace ow::store {

GroupCommit::GroupCommit(Database& db, size_t max_group)
    : db_(db), max_group_(max_group < 1 ? 1 : max_group), thread_([this] { Loop(); }) {}

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
  Status st = db_.Transact([&](Tx& tx) -> Status {
    for (Unit& u : group) OW_RETURN_IF_ERROR(u.work(tx));
    return Status::Ok();
  });
  std::vector<Status> outcomes(group.size(), st);
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
    if (static_cast<int64_t>(group.size()) > stats_.largest)
      stats_.largest = static_cast<int64_t>(group.size());
  }
  for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(outcomes[i]));
}

}  // namespace ow::store
