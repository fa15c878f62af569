// The retry loop of Database::Transact (see retry.h).
#include "store/retry.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <thread>

namespace ow::store {

namespace {

void Backoff(const RetryPolicy& policy, int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int64_t first = std::max<int64_t>(1, policy.first_backoff.count());
  const int64_t cap_us =
      std::min<int64_t>(policy.max_backoff.count(), first << std::min(attempt, 20));
  std::uniform_int_distribution<int64_t> dist(cap_us / 4, std::max<int64_t>(cap_us, 1));
  std::this_thread::sleep_for(std::chrono::microseconds(dist(rng)));
}

}  // namespace

Status RetryAborted(const std::function<Status(int attempt)>& attempt, const RetryPolicy& policy,
                    std::string_view what) {
  Status last;
  for (int n = 0; n < std::max(1, policy.max_attempts); ++n) {
    if (n > 0) Backoff(policy, n);
    last = attempt(n);
    if (!IsRetryable(last)) return last;
  }
  return Status::Unavailable(std::string(what) + " gave up after " +
                             std::to_string(std::max(1, policy.max_attempts)) +
                             " attempts: " + last.message());
}

}  // namespace ow::store
