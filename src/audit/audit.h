// AuditLog: an append-only, hash-chained log of security events (logins, failures, role
// changes, client registrations) and of every read of another person's personal data (who
// read whose which fields, and why). Each entry stores the BLAKE2b hash of the previous
// entry's hash and its own canonical content; Verify() walks the chain and reports the first
// edited, inserted or deleted row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::audit {

struct Event {
  std::string actor;    // person id, "system", or a client id
  std::string action;   // e.g. "login.ok", "login.fail", "role.grant", "pii.read"
  std::string subject;  // whose data / which object ("" if none)
  std::string fields;   // comma-separated field names read, for pii.read
  std::string reason;   // why (purpose), free text
  std::string ip;       // remote address if any
};

struct Entry {
  int64_t seq = 0;
  int64_t at_ms = 0;
  Event event;
  std::string hash_hex;
};

struct VerifyReport {
  bool ok = true;
  int64_t entries = 0;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;        // human description when not ok
};

class AuditLog {
 public:
  AuditLog(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Appends one event durably. Concurrent appends (also from several processes on
  // PostgreSQL) are serialised so the chain stays linear. Text is stored as valid UTF-8
  // (invalid bytes and NUL become U+FFFD) and each field is cut to 8 KiB.
  Status Append(const Event& e);
  // Appends inside an existing transaction (so the audit row commits with the change).
  Status Append(store::Tx& tx, const Event& e);

  // Most recent entries first, optionally filtered by actor or subject. `limit` must be
  // positive (kInvalid otherwise) and is capped at 10000.
  Result<std::vector<Entry>> List(int limit, const std::string& actor = "",
                                  const std::string& subject = "");
  // The same with every filter the admin screen offers; each empty/zero field is no filter.
  struct Query {
    int limit = 100;
    std::string actor;
    std::string subject;
    std::string action;      // exact ("pii.read") or a prefix ending in '.' ("login.")
    int64_t from_ms = 0;     // at_ms >= from_ms
    int64_t to_ms = 0;       // at_ms < to_ms
    int64_t before_seq = 0;  // paging: entries older than this seq
  };
  Result<std::vector<Entry>> List(const Query& q);

  // Walks the whole chain (in pages, without blocking appends). first_bad_seq is the first
  // edited entry, the first missing seq of deleted entries, or the inserted entry; a failure
  // to read the database is returned as a Status, not as a report.
  Result<VerifyReport> Verify();

  // Module "audit", version 1: tables audit_log and audit_head (the latter holds the seq and
  // hash of the newest entry, so deleting the newest entries is detected too); version 2: an
  // index by action for the admin screen's event filter.
  static std::vector<store::Migration> Migrations();

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace ow::audit
