// ContentionGate: keeps serializable transactions on hot rows from starving. Transactions
// normally pass the gate together (shared); one that has failed several times with
// serialization errors passes alone (exclusive), so within this process nothing can
// conflict with it. New transactions wait while an exclusive one is waiting or running.
#pragma once

#include <condition_variable>
#include <mutex>

namespace ow::store {

// A writer-preferring shared/exclusive gate that a thread may re-enter (nested Transact
// calls pass straight through instead of deadlocking).
class ContentionGate {
 public:
  // Holds the gate for one transaction attempt.
  class Pass {
   public:
    Pass(ContentionGate& gate, bool exclusive);
    ~Pass();
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    ContentionGate* gate_;  // null when re-entered (nothing to release)
    bool exclusive_;
  };

 private:
  void Enter(bool exclusive);
  void Exit(bool exclusive);

  std::mutex mu_;
  std::condition_variable cv_;
  int shared_ = 0;
  int exclusive_waiting_ = 0;
  bool exclusive_ = false;
};

}  // namespace ow::store
