// ClientIds: the idempotency keys of pass records. A record may carry a client id (offline
// uploads, the staff client's retries); the ids are kept in pass_client_ids, apart from the
// hourly partitions, so a replay is recognised whatever hour its record fell into. The writer
// claims a group's ids before it stores the records (a record whose id was claimed before is a
// duplicate); retention removes ids as old as the records they guarded. Internal to the pass
// log.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "checkpoint/pass_record.h"
#include "core/status.h"
#include "store/database.h"

namespace ow::checkpoint::passlog {

class ClientIds {
 public:
  // Client ids deleted per transaction by PurgeBefore.
  static constexpr int64_t kPurgeBatch = 1000;

  explicit ClientIds(store::Database& db, int64_t purge_batch = kPurgeBatch)
      : db_(db), purge_batch_(purge_batch) {}

  // Stores the client ids of `recs` (all carry one) that are not stored yet, and puts each id
  // stored now into `fresh`: a replayed id, or a second record with the same id in this
  // group, is a duplicate. With `look_up` false (SQLite) the ids are inserted without looking
  // them up first; if one was stored already, `replayed` is set and an error returned, and the
  // caller writes the group again with `look_up`.
  static Status Claim(store::Tx& tx, const std::vector<const PassRecord*>& recs, bool look_up,
                      std::unordered_set<std::string>& fresh, bool& replayed);

  struct Purged {
    int64_t ids = 0;           // client ids deleted
    int64_t transactions = 0;  // each deleting at most the purge batch
  };
  // Deletes the client ids of records older than `before_ms`, a batch per transaction.
  Result<Purged> PurgeBefore(int64_t before_ms);

 private:
  store::Database& db_;
  const int64_t purge_batch_;
};

}  // namespace ow::checkpoint::passlog
