// AuditLog::Verify: walks the hash chain and checks it against the head row.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "audit/audit.h"
#include "audit/chain.h"

namespace ow::audit {
namespace {

constexpr int64_t kPageSize = 1000;

// The audit_head row: the seq and hash of the newest entry (seq 0 for an empty log).
struct Head {
  int64_t seq = 0;
  std::string hash;
};

Result<std::optional<Head>> ReadHead(store::Database& db) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db.Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (rows.empty()) return std::optional<Head>();
  Head h;
  h.seq = rows[0].Int(0);
  h.hash = rows[0].IsNull(1) ? internal::GenesisHash() : rows[0].Bytes(1);
  return std::optional<Head>(h);
}

VerifyReport Bad(VerifyReport r, int64_t seq, std::string problem) {
  r.ok = false;
  r.first_bad_seq = seq;
  r.problem = std::move(problem);
  return r;
}

std::string S(int64_t v) { return std::to_string(v); }

}  // namespace

// Reads without one long transaction (which would block appends on SQLite), yet stays exact
// under concurrent appends: every entry committed before the first head read must be present
// and end in that head's hash, and every entry seen must be covered by the head read after
// the walk (an entry and its head update commit together).
Result<VerifyReport> AuditLog::Verify() {
  VerifyReport report;
  OW_ASSIGN_OR_RETURN(std::optional<Head> head_before, ReadHead(db_));

  int64_t expected = 1;
  std::string prev_hash = internal::GenesisHash();
  std::optional<std::string> hash_at_head;
  int64_t cursor = std::numeric_limits<int64_t>::min();
  for (;;) {
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        db_.Query("SELECT seq, at_ms, actor, action, subject, fields, reason, ip, prev_hash, "
                  "hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                  {cursor, kPageSize}));
    for (const store::Row& r : rows) {
      const int64_t seq = r.Int(0);
      if (seq > expected) {
        // A gap: entries were deleted, unless the head never reached `expected`, in which
        // case the entry after the gap was inserted.
        OW_ASSIGN_OR_RETURN(std::optional<Head> head_now, ReadHead(db_));
        if (head_now && head_now->seq < expected) {
          return Bad(report, seq, "entry " + S(seq) + " is not covered by the head (inserted)");
        }
        return Bad(report, expected,
                   "entry " + S(expected) + " is missing (the next entry is " + S(seq) + ")");
      }
      if (seq < expected) {
        return Bad(report, seq, "entry " + S(seq) + " is out of sequence (inserted)");
      }
      const std::string stored_prev = r.Bytes(8);
      const std::string stored_hash = r.Bytes(9);
      if (stored_prev != prev_hash) {
        return Bad(report, seq,
                   "entry " + S(seq) + " does not link to entry " + S(seq - 1) +
                       " (an entry was replaced, inserted or deleted here)");
      }
      const Event e{r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)};
      if (internal::ChainHash(prev_hash, seq, r.Int(1), e) != stored_hash) {
        return Bad(report, seq, "entry " + S(seq) + " was modified (its hash does not match)");
      }
      if (head_before && seq == head_before->seq) hash_at_head = stored_hash;
      ++report.entries;
      prev_hash = stored_hash;
      ++expected;
      cursor = seq;
    }
    if (static_cast<int64_t>(rows.size()) < kPageSize) break;
  }
  const int64_t last = expected - 1;

  if (!head_before) {
    return Bad(report, last > 0 ? last : 1, "the audit_head row is missing");
  }
  if (last < head_before->seq) {
    return Bad(report, last + 1,
               "entries " + S(last + 1) + ".." + S(head_before->seq) +
                   " are missing (the head records " + S(head_before->seq) + " entries)");
  }
  if (head_before->seq > 0 && hash_at_head != head_before->hash) {
    return Bad(report, head_before->seq,
               "entry " + S(head_before->seq) + " does not match the hash recorded in the head");
  }
  OW_ASSIGN_OR_RETURN(std::optional<Head> head_after, ReadHead(db_));
  if (!head_after) return Bad(report, last > 0 ? last : 1, "the audit_head row is missing");
  if (last > head_after->seq) {
    return Bad(report, head_after->seq + 1,
               "entry " + S(head_after->seq + 1) + " is not covered by the head (inserted)");
  }
  return report;
}

}  // namespace ow::audit
