#include "checkpoint/pass_log/id_allocator.h"

#include <algorithm>

namespace ow::checkpoint::passlog {

namespace {
// Record ids the SQLite writer takes from pass_record_seq at a time.
constexpr int64_t kIdBlock = 4096;
}  // namespace

// On SQLite the ids come from the block [next_, end_) reserved in pass_record_seq, used only
// while the counter still ends there: then no other writer (another process on the file,
// another log on this connection) has reserved since, every id committed so far is below the
// block, and any other writer must reserve above it before it commits. A rolled-back
// reservation leaves the counter below end_, so the block is not used again.
Result<std::vector<int64_t>> IdAllocator::Allocate(store::Tx& tx, size_t n) {
  std::vector<int64_t> ids;
  ids.reserve(n);
  if (n == 0) return ids;
  if (tx.dialect() == store::Dialect::kPostgres) {
    OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT nextval('pass_record_ids') FROM "
                                            "generate_series(1, ?::int)",
                                            {static_cast<int64_t>(n)}));
    for (const auto& r : rows) ids.push_back(r.Int(0));
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  OW_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT next_id FROM pass_record_seq"));
  if (rows.empty()) return Status::Internal("pass_record_seq has no row");
  const auto count = static_cast<int64_t>(n);
  if (rows[0].Int(0) != end_ || next_ + count > end_) {
    // Not UPDATE ... RETURNING: SQLite gathers RETURNING rows in a temporary B-tree, which it
    // creates and drops per statement, which costs more than the update itself.
    const int64_t size = std::max(count, kIdBlock);
    OW_RETURN_IF_ERROR(
        tx.Exec("UPDATE pass_record_seq SET next_id = next_id + ?", {size}).status());
    next_ = rows[0].Int(0);
    end_ = next_ + size;
  }
  for (int64_t i = 0; i < count; ++i) ids.push_back(next_ + i);
  next_ += count;
  return ids;
}

}  // namespace ow::checkpoint::passlog
