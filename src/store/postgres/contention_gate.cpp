#include "store/postgres/contention_gate.h"

#include <algorithm>
#include <vector>

namespace ow::store {
namespace {

// The gates the current thread is inside.
thread_local std::vector<const ContentionGate*> t_held;

}  // namespace

ContentionGate::Pass::Pass(ContentionGate& gate, bool exclusive)
    : gate_(&gate), exclusive_(exclusive) {
  if (std::find(t_held.begin(), t_held.end(), &gate) != t_held.end()) {
    gate_ = nullptr;
    return;
  }
  gate.Enter(exclusive);
  t_held.push_back(&gate);
}

ContentionGate::Pass::~Pass() {
  if (gate_ == nullptr) return;
  t_held.erase(std::find(t_held.begin(), t_held.end(), gate_));
  gate_->Exit(exclusive_);
}

void ContentionGate::Enter(bool exclusive) {
  std::unique_lock lock(mu_);
  if (exclusive) {
    ++exclusive_waiting_;
    cv_.wait(lock, [&] { return !exclusive_ && shared_ == 0; });
    --exclusive_waiting_;
    exclusive_ = true;
  } else {
    cv_.wait(lock, [&] { return !exclusive_ && exclusive_waiting_ == 0; });
    ++shared_;
  }
}

void ContentionGate::Exit(bool exclusive) {
  {
    std::lock_guard lock(mu_);
    if (exclusive) {
      exclusive_ = false;
    } else {
      --shared_;
    }
  }
  cv_.notify_all();
}

}  // namespace ow::store
