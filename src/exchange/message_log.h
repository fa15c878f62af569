// MessageLog: the exchange's message log (docs/exchange.md "Message log"). Every message the
// gateway handles is one entry: hash-chained (BLAKE2b-256 over the previous entry's hash and
// the entry's length-prefixed fields) and signed with the platform's log key (Ed25519, derived
// from the key ring). Entries are grouped into batches of consecutive seqs; a sealed batch's
// exact bytes (BatchData: the entries' hashes in lowercase hex, one per line, in seq order) are
// time-stamped with an RFC 3161 token by LogStamper. Verify() walks the chain from the purge
// anchor and reports the first edited, deleted, inserted or wrongly signed entry, and any
// batch whose data no longer matches its stored time-stamp imprint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/crypto.h"
#include "exchange/boundaries.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::exchange {

struct MessageLogOptions {
  // A batch is sealed (and becomes due for a time stamp) when it holds this many entries;
  // LogStamper also seals an open batch once its first entry is older than its interval.
  int batch_entries = 1000;
  // Full-logging mode: each entry's request and response bodies are kept too, sealed
  // (XChaCha20-Poly1305 with a key derived from the master key, bound to the entry's seq and
  // hash), purged with their entries. Off by default: the log holds hashes only.
  bool full_bodies = false;
};

// An entry's bodies as kept in full-logging mode.
struct LogBodies {
  std::string request_body;
  std::string response_body;
};

struct LogVerifyReport {
  bool ok = true;
  int64_t entries = 0;        // entries checked (those after the purge anchor)
  int64_t batches = 0;        // sealed batches checked
  int64_t stamped = 0;        // of which carry a time-stamp token
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;        // human description when not ok
  int64_t bodies = 0;         // sealed bodies checked (full-logging mode)
};

// One sealed batch.
struct LogBatch {
  int64_t batch = 0;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  std::string data_sha256;  // SHA-256 of BatchData (the RFC 3161 message imprint)
  int64_t sealed_at_ms = 0;
  std::string tsr;  // DER TimeStampResp, "" while unstamped
  int64_t stamped_at_ms = 0;
  int attempts = 0;
  int64_t next_attempt_ms = 0;
  std::string last_error;
};

// Counts for /metrics.
struct LogCounts {
  int64_t entries = 0;             // entries held (after the purge anchor)
  int64_t unstamped_batches = 0;   // sealed batches without a token
  int64_t open_batch_entries = 0;  // entries in the batch not yet sealed
};

class MessageLog : public MessageSink, public MessageHistory {
 public:
  MessageLog(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
             MessageLogOptions options = {});

  // MessageSink. Concurrent appends (threads, and processes on one PostgreSQL) are
  // serialised on the head row, so the chain stays linear. Fields are stored as valid UTF-8
  // (invalid bytes and NUL become U+FFFD), each cut to 8 KiB. entry.seq is ignored; at_ms
  // is taken from the clock when 0.
  Status Append(store::Tx& tx, const LogEntry& entry) override;
  Status Append(const LogEntry& entry) override;

  // MessageHistory: outcome "ok" entries of the person, newest first.
  Result<std::vector<LogEntry>> ForPerson(std::string_view person_index, int64_t from_ms,
                                          int64_t to_ms, int limit) override;

  // Walks the chain (in pages, without blocking appends), the sealed batches, and the sealed
  // bodies (each must open under its entry's seq and hash, and match the response hash).
  Result<LogVerifyReport> Verify();

  // One entry and, when the log kept them (full-logging mode), its bodies, opened and checked
  // against the entry. kNotFound when there is no such entry.
  struct Message {
    LogEntry entry;
    std::optional<LogBodies> bodies;
  };
  Result<Message> Get(int64_t seq);

  // Seals the open batch if it holds entries and its first entry is at least `min_age_ms`
  // old (0: whenever it holds entries). Returns the sealed batch number, or 0.
  Result<int64_t> SealOpenBatch(int64_t min_age_ms);

  // Sealed batches, oldest first, from batch `from` on, at most `limit`.
  Result<std::vector<LogBatch>> Batches(int64_t from, int limit);
  // The exact bytes a batch's time stamp covers (N.data).
  Result<std::string> BatchData(int64_t batch);

  // Stamping, for LogStamper (several nodes may run one; a claim keeps them apart):
  // up to `limit` unstamped batches due at `now_ms` and not claimed by another node, each
  // claimed for `claim_ms` by `node`.
  Result<std::vector<LogBatch>> ClaimDue(std::string_view node, int64_t claim_ms, int limit);
  // Stores a batch's token (only while `node` holds the claim and it has none yet).
  Status StoreStamp(int64_t batch, std::string_view node, std::string_view tsr_der);
  // Records a failed attempt; the batch is due again at `next_attempt_ms`.
  Status RecordStampFailure(int64_t batch, std::string_view node, std::string_view error,
                            int64_t next_attempt_ms);

  // Retention: deletes the entries of stamped batches whose newest entry is older than
  // `cutoff_ms`, oldest first and whole batches only, and moves the purge anchor (the last
  // purged seq and its hash, signed) so that Verify() starts there. Returns entries deleted.
  Result<int64_t> PurgeBefore(int64_t cutoff_ms);

  Result<LogCounts> Counts();

  // The log key's public half (32 bytes, Ed25519), to check signatures outside OneWindow.
  const std::string& public_key() const { return public_key_; }

  // Module "exchange_log": version 1 xr_log, xr_log_head, xr_log_batches; version 2
  // xr_log_bodies (full-logging mode).
  static std::vector<store::Migration> Migrations();

 private:
  Status SealLocked(store::Tx& tx, int64_t batch, int64_t first_seq, int64_t last_seq);

  store::Database& db_;
  const Clock& clock_;
  MessageLogOptions options_;
  std::string public_key_;
  std::string secret_key_;
  std::string body_key_;  // seals bodies in full-logging mode
};

// SHA-256, raw 32 bytes (the RFC 3161 message imprint of a batch's data).
std::string Sha256(std::string_view data);

}  // namespace ow::exchange
