// RetryAborted: the one loop that runs a transaction again when it lost a race. A store
// backend marks a lost race with Code::kAborted (SQLite busy or locked, PostgreSQL
// serialization failure or deadlock); a caller marks one it detects itself the same way (a
// concurrent insert of the same unique key, e.g. the next event number of a person). The
// decision is made by the code alone, never by a message. Database::Transact owns the loop,
// so callers of Transact never retry themselves.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include "core/status.h"

namespace ow::store {

struct RetryPolicy {
  int max_attempts = 10;
  // The random pause before attempt n is drawn from [cap/4, cap], cap = first << n (bounded).
  std::chrono::microseconds first_backoff{1000};
  std::chrono::microseconds max_backoff{200000};
};

// Whether a failed attempt may succeed when run again from the start.
inline bool IsRetryable(const Status& s) { return s.code() == Code::kAborted; }

// Runs attempt(0), attempt(1), ... while it returns a retryable status, pausing a random,
// growing time between attempts. Returns the first other status; when every attempt was
// aborted, kUnavailable naming `what` and the last message.
Status RetryAborted(const std::function<Status(int attempt)>& attempt, const RetryPolicy& policy,
                    std::string_view what);

}  // namespace ow::store
