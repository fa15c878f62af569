// MessageLog: appending (chain, signature, batch sealing), the data-use lookup, verification,
// stamping bookkeeping, retention, and the schema of the exchange's message log.
#include "exchange/message_log.h"

#include <sodium.h>

#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "exchange/tsa_client.h"

namespace ow::exchange {
namespace {

constexpr std::string_view kDomain = "onewindow.exchange.log.v1";
constexpr std::string_view kSigDomain = "onewindow.exchange.log.sig.v1";
constexpr std::string_view kAnchorDomain = "onewindow.exchange.log.anchor.v1";
constexpr std::string_view kKeyLabel = "onewindow.exchange.log.signing-key.v1";
constexpr std::string_view kBodyKeyLabel = "onewindow.exchange.log.body-key.v1";
constexpr std::string_view kBodyAadLabel = "onewindow.exchange.log.bodies.v1";
constexpr size_t kHashBytes = 32;
constexpr size_t kMaxFieldBytes = 8192;
constexpr int64_t kPageSize = 1000;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

constexpr std::string_view kEntryColumns =
    "seq, at_ms, message_id, direction, client, service, purpose, person_index, fields, "
    "request_hash, response_hash, status, outcome";

std::string GenesisHash() { return std::string(kHashBytes, '\0'); }

void PutU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void PutField(std::string* out, std::string_view s) {
  PutU64(out, s.size());
  out->append(s);
}

// Valid UTF-8 without NUL, at most kMaxFieldBytes: invalid bytes and NUL become U+FFFD.
std::string CleanText(std::string_view s) {
  if (s.size() <= kMaxFieldBytes && s.find('\0') == std::string_view::npos && IsValidUtf8(s))
    return std::string(s);
  std::string out;
  while (!s.empty()) {
    size_t n = 0;
    if (s[0] != '\0') {
      for (size_t len = 1; len <= 4 && len <= s.size(); ++len) {
        if (IsValidUtf8(s.substr(0, len))) {
          n = len;
          break;
        }
      }
    }
    std::string_view piece = n > 0 ? s.substr(0, n) : kReplacement;
    if (out.size() + piece.size() > kMaxFieldBytes) break;
    out.append(piece);
    s.remove_prefix(n > 0 ? n : 1);
  }
  return out;
}

LogEntry CleanEntry(const LogEntry& e) {
  LogEntry c = e;
  for (std::string* f : {&c.message_id, &c.direction, &c.client, &c.service, &c.purpose,
                         &c.person_index, &c.fields, &c.request_hash, &c.response_hash, &c.outcome})
    *f = CleanText(*f);
  return c;
}

// BLAKE2b-256(prev_hash || domain || seq || at_ms || batch || status || the ten text fields),
// integers as 8-byte big-endian, the domain and every text field prefixed by its length.
std::string EntryHash(std::string_view prev_hash, int64_t seq, int64_t batch, const LogEntry& e) {
  std::string buf;
  buf.reserve(prev_hash.size() + 256 + e.client.size() + e.service.size() + e.fields.size());
  buf.append(prev_hash);
  PutField(&buf, kDomain);
  PutU64(&buf, static_cast<uint64_t>(seq));
  PutU64(&buf, static_cast<uint64_t>(e.at_ms));
  PutU64(&buf, static_cast<uint64_t>(batch));
  PutU64(&buf, static_cast<uint64_t>(static_cast<int64_t>(e.status)));
  for (const std::string* f :
       {&e.message_id, &e.direction, &e.client, &e.service, &e.purpose, &e.person_index, &e.fields,
        &e.request_hash, &e.response_hash, &e.outcome})
    PutField(&buf, *f);
  return crypto::Hash(buf);
}

// What the log key signs for an entry: the signature domain and the entry's hash.
std::string SignedMessage(std::string_view hash) {
  std::string m(kSigDomain);
  m.push_back('\n');
  m.append(hash);
  return m;
}

// What the log key signs for the purge anchor: the last purged seq and its hash.
std::string AnchorMessage(int64_t seq, std::string_view hash) {
  std::string m(kAnchorDomain);
  m.push_back('\n');
  PutU64(&m, static_cast<uint64_t>(seq));
  m.append(hash);
  return m;
}

LogEntry EntryFromRow(const store::Row& r) {
  LogEntry e;
  e.seq = r.Int(0);
  e.at_ms = r.Int(1);
  e.message_id = r.Text(2);
  e.direction = r.Text(3);
  e.client = r.Text(4);
  e.service = r.Text(5);
  e.purpose = r.Text(6);
  e.person_index = r.Text(7);
  e.fields = r.Text(8);
  e.request_hash = r.Text(9);
  e.response_hash = r.Text(10);
  e.status = static_cast<int>(r.Int(11));
  e.outcome = r.Text(12);
  return e;
}

// The xr_log_head row.
struct Head {
  int64_t seq = 0;
  std::string hash;  // genesis for an empty log
  int64_t batch = 1;
  int64_t batch_first_seq = 1;
  int64_t batch_opened_ms = 0;
  int64_t purged_seq = 0;
  std::string purged_hash;
  std::string purged_sig;
};

template <typename Conn>
Result<std::optional<Head>> ReadHead(Conn& c, bool for_update) {
  std::string sql =
      "SELECT seq, hash, batch, batch_first_seq, batch_opened_ms, purged_seq, purged_hash, "
      "purged_sig FROM xr_log_head WHERE id = 1";
  if (for_update && c.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  OW_ASSIGN_OR_RETURN(store::Rows rows, c.Query(sql));
  if (rows.empty()) return std::optional<Head>();
  const store::Row& r = rows[0];
  Head h;
  h.seq = r.Int(0);
  h.hash = r.IsNull(1) ? GenesisHash() : r.Bytes(1);
  h.batch = r.Int(2);
  h.batch_first_seq = r.Int(3);
  h.batch_opened_ms = r.Int(4);
  h.purged_seq = r.Int(5);
  h.purged_hash = r.Bytes(6);
  h.purged_sig = r.Bytes(7);
  return std::optional<Head>(std::move(h));
}

template <typename Conn>
Result<std::string> BatchDataOf(Conn& c, int64_t first_seq, int64_t last_seq) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      c.Query("SELECT seq, hash FROM xr_log WHERE seq >= ? AND seq <= ? "
                              "ORDER BY seq",
                              {first_seq, last_seq}));
  if (static_cast<int64_t>(rows.size()) != last_seq - first_seq + 1)
    return Status::NotFound("entries " + std::to_string(first_seq) + ".." +
                            std::to_string(last_seq) + " are not all present");
  std::string data;
  data.reserve(rows.size() * (2 * kHashBytes + 1));
  for (const store::Row& r : rows) {
    data += crypto::ToHex(r.Bytes(1));
    data += '\n';
  }
  return data;
}

LogVerifyReport Bad(LogVerifyReport r, int64_t seq, std::string problem) {
  r.ok = false;
  r.first_bad_seq = seq;
  r.problem = std::move(problem);
  return r;
}

std::string S(int64_t v) { return std::to_string(v); }

LogBatch BatchFromRow(const store::Row& r) {
  LogBatch b;
  b.batch = r.Int(0);
  b.first_seq = r.Int(1);
  b.last_seq = r.Int(2);
  b.data_sha256 = r.Bytes(3);
  b.sealed_at_ms = r.Int(4);
  b.tsr = r.Bytes(5);
  b.stamped_at_ms = r.Int(6);
  b.attempts = static_cast<int>(r.Int(7));
  b.next_attempt_ms = r.Int(8);
  b.last_error = r.Text(9);
  return b;
}

constexpr std::string_view kBatchColumns =
    "batch, first_seq, last_seq, data_hash, sealed_at_ms, tsr, stamped_at_ms, attempts, "
    "next_attempt_ms, last_error";

}  // namespace

namespace {

std::string Be64(int64_t v) {
  std::string out;
  PutU64(&out, static_cast<uint64_t>(v));
  return out;
}

// Binds a sealed body to its entry: moving it to another row, or keeping it for an entry that
// was replaced, fails authentication.
std::string BodyAad(int64_t seq, std::string_view entry_hash) {
  return std::string(kBodyAadLabel) + Be64(seq) + std::string(entry_hash);
}

Result<LogBodies> OpenBodies(std::string_view key, int64_t seq, std::string_view entry_hash,
                             std::string_view response_hash, std::string_view sealed) {
  auto plain = crypto::Open(key, sealed, BodyAad(seq, entry_hash));
  if (!plain.ok()) return Status::Invalid("the sealed bodies of entry " + std::to_string(seq) +
                                          " do not open under this entry");
  if (plain->size() < 8) return Status::Invalid("the sealed bodies are truncated");
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n = (n << 8) | static_cast<unsigned char>((*plain)[static_cast<size_t>(i)]);
  if (n > plain->size() - 8) return Status::Invalid("the sealed bodies are truncated");
  LogBodies b;
  b.request_body = plain->substr(8, n);
  b.response_body = plain->substr(8 + n);
  if (!response_hash.empty() &&
      crypto::Base64Encode(crypto::Sha512(b.response_body)) != response_hash)
    return Status::Invalid("the response body of entry " + std::to_string(seq) +
                           " does not match the entry's response hash");
  return b;
}

}  // namespace

std::string Sha256(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

MessageLog::MessageLog(store::Database& db, const Clock& clock, const crypto::KeyRing& keys,
                       MessageLogOptions options)
    : db_(db), clock_(clock), options_(options) {
  if (options_.batch_entries < 1) options_.batch_entries = 1;
  // The log key is derived from the master key (see docs/exchange.md): every node of an
  // installation has the same key without a table, and forging a signature needs the master
  // key, not only write access to the database.
  const std::string seed = crypto::KeyedHash(keys.signing_wrap_key(), kKeyLabel);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, reinterpret_cast<const unsigned char*>(seed.data()));
  public_key_.assign(reinterpret_cast<const char*>(pk), sizeof pk);
  secret_key_.assign(reinterpret_cast<const char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);
  body_key_ = crypto::KeyedHash(keys.data_key(), kBodyKeyLabel);
}

Status MessageLog::Append(const LogEntry& entry) {
  return db_.Transact([&](store::Tx& tx) { return Append(tx, entry); });
}

Status MessageLog::Append(store::Tx& tx, const LogEntry& entry) {
  LogEntry e = CleanEntry(entry);
  if (e.at_ms == 0) e.at_ms = clock_.NowMillis();
  // The head row is the serialisation point, as in the audit log: every append reads and
  // rewrites it, so concurrent appends conflict (SQLite: one writer; PostgreSQL: the row lock
  // plus SERIALIZABLE) instead of forking the chain.
  OW_ASSIGN_OR_RETURN(std::optional<Head> head, ReadHead(tx, /*for_update=*/true));
  if (!head) return Status::Internal("xr_log_head row is missing (migration not applied?)");
  const int64_t seq = head->seq + 1;
  const int64_t batch = head->batch;
  const std::string hash = EntryHash(head->hash, seq, batch, e);
  const std::string sig = crypto::Ed25519Sign(secret_key_, SignedMessage(hash));
  OW_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Exec(
          "INSERT INTO xr_log (seq, at_ms, message_id, direction, client, service, purpose, "
          "person_index, fields, request_hash, response_hash, status, outcome, prev_hash, "
          "hash, signature, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {seq, e.at_ms, e.message_id, e.direction, e.client, e.service, e.purpose, e.person_index,
           e.fields, e.request_hash, e.response_hash, static_cast<int64_t>(e.status), e.outcome,
           store::Blob{head->hash}, store::Blob{hash}, store::Blob{sig}, batch}));
  if (inserted != 1) return Status::Internal("message log entry was not inserted");
  if (options_.full_bodies && (!entry.request_body.empty() || !entry.response_body.empty())) {
    const std::string plain = Be64(static_cast<int64_t>(entry.request_body.size())) +
                              entry.request_body + entry.response_body;
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO xr_log_bodies (seq, sealed) VALUES (?, ?)",
                               {seq, store::Blob{crypto::Seal(body_key_, plain,
                                                              BodyAad(seq, hash))}})
                           .status());
  }

  int64_t next_batch = batch;
  int64_t first_seq = head->batch_first_seq;
  int64_t opened_ms = seq == first_seq ? clock_.NowMillis() : head->batch_opened_ms;
  if (seq - first_seq + 1 >= options_.batch_entries) {
    OW_RETURN_IF_ERROR(SealLocked(tx, batch, first_seq, seq));
    next_batch = batch + 1;
    first_seq = seq + 1;
    opened_ms = 0;
  }
  OW_ASSIGN_OR_RETURN(
      int64_t updated,
      tx.Exec("UPDATE xr_log_head SET seq = ?, hash = ?, batch = ?, "
              "batch_first_seq = ?, batch_opened_ms = ? WHERE id = 1 AND seq = ?",
              {seq, store::Blob{hash}, next_batch, first_seq, opened_ms, head->seq}));
  if (updated != 1) return Status::Internal("message log head moved during append");
  return Status::Ok();
}

Status MessageLog::SealLocked(store::Tx& tx, int64_t batch, int64_t first_seq, int64_t last_seq) {
  OW_ASSIGN_OR_RETURN(std::string data, BatchDataOf(tx, first_seq, last_seq));
  OW_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("INSERT INTO xr_log_batches (batch, first_seq, last_seq, data_hash, sealed_at_ms, "
              "attempts, next_attempt_ms, claim_until_ms) VALUES (?, ?, ?, ?, ?, 0, 0, 0)",
              {batch, first_seq, last_seq, store::Blob{Sha256(data)}, clock_.NowMillis()}));
  if (n != 1) return Status::Internal("message log batch was not inserted");
  return Status::Ok();
}

Result<int64_t> MessageLog::SealOpenBatch(int64_t min_age_ms) {
  int64_t sealed = 0;
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    sealed = 0;
    OW_ASSIGN_OR_RETURN(std::optional<Head> head, ReadHead(tx, /*for_update=*/true));
    if (!head) return Status::Internal("xr_log_head row is missing");
    if (head->seq < head->batch_first_seq) return Status::Ok();  // empty
    if (clock_.NowMillis() - head->batch_opened_ms < min_age_ms) return Status::Ok();
    OW_RETURN_IF_ERROR(SealLocked(tx, head->batch, head->batch_first_seq, head->seq));
    OW_ASSIGN_OR_RETURN(int64_t updated,
                        tx.Exec("UPDATE xr_log_head SET batch = ?, batch_first_seq = ?, "
                                "batch_opened_ms = 0 WHERE id = 1 AND seq = ? AND batch = ?",
                                {head->batch + 1, head->seq + 1, head->seq, head->batch}));
    if (updated != 1) return Status::Internal("message log head moved during seal");
    sealed = head->batch;
    return Status::Ok();
  }));
  return sealed;
}

Result<std::vector<LogEntry>> MessageLog::ForPerson(std::string_view person_index, int64_t from_ms,
                                                    int64_t to_ms, int limit) {
  if (limit < 1 || limit > 1000) return Status::Invalid("limit must be within 1..1000");
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT " + std::string(kEntryColumns) +
                    " FROM xr_log WHERE person_index = ? AND at_ms >= ? AND at_ms < ? AND "
                    "outcome = 'ok' ORDER BY at_ms DESC, seq DESC LIMIT ?",
                {std::string(person_index), from_ms, to_ms, static_cast<int64_t>(limit)}));
  std::vector<LogEntry> out;
  out.reserve(rows.size());
  for (const store::Row& r : rows) out.push_back(EntryFromRow(r));
  return out;
}

// Reads without one long transaction, as AuditLog::Verify does: every entry committed before
// the first head read must be present and end in that head's hash, and every entry seen must
// be covered by the head read after the walk.
Result<LogVerifyReport> MessageLog::Verify() {
  LogVerifyReport report;
  OW_ASSIGN_OR_RETURN(std::optional<Head> head_before, ReadHead(db_, false));
  if (!head_before) return Bad(report, 1, "the xr_log_head row is missing");

  const int64_t anchor = head_before->purged_seq;
  if (anchor > 0 &&
      (head_before->purged_hash.size() != kHashBytes ||
       !crypto::Ed25519Verify(public_key_, AnchorMessage(anchor, head_before->purged_hash),
                              head_before->purged_sig)))
    return Bad(report, anchor + 1,
               "the purge anchor (entry " + S(anchor) + ") is not signed by the log key");

  // Per batch, the seq range its entries cover and the SHA-256 of their BatchData lines.
  struct Seen {
    int64_t first = 0, last = 0;
    crypto_hash_sha256_state sha;
    std::string digest;
  };
  std::map<int64_t, Seen> seen;
  Seen* current = nullptr;
  int64_t current_batch = 0;
  auto finish = [&] {
    if (!current) return;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&current->sha, d);
    current->digest.assign(reinterpret_cast<const char*>(d), sizeof d);
  };

  int64_t expected = anchor + 1;
  std::string prev_hash = anchor > 0 ? head_before->purged_hash : GenesisHash();
  std::optional<std::string> hash_at_head;
  int64_t cursor = anchor;
  for (;;) {
    OW_ASSIGN_OR_RETURN(store::Rows rows,
                        db_.Query("SELECT " + std::string(kEntryColumns) +
                                      ", prev_hash, hash, signature, batch FROM xr_log WHERE "
                                      "seq > ? ORDER BY seq LIMIT ?",
                                  {cursor, kPageSize}));
    for (const store::Row& r : rows) {
      const int64_t seq = r.Int(0);
      if (seq > expected) {
        OW_ASSIGN_OR_RETURN(std::optional<Head> head_now, ReadHead(db_, false));
        if (head_now && head_now->seq < expected)
          return Bad(report, seq, "entry " + S(seq) + " is not covered by the head (inserted)");
        return Bad(report, expected,
                   "entry " + S(expected) + " is missing (the next entry is " + S(seq) + ")");
      }
      if (seq < expected)
        return Bad(report, seq, "entry " + S(seq) + " is out of sequence (inserted)");
      const std::string stored_prev = r.Bytes(13);
      const std::string stored_hash = r.Bytes(14);
      const int64_t batch = r.Int(16);
      if (stored_prev != prev_hash)
        return Bad(report, seq,
                   "entry " + S(seq) + " does not link to entry " + S(seq - 1) +
                       " (an entry was replaced, inserted or deleted here)");
      if (EntryHash(prev_hash, seq, batch, EntryFromRow(r)) != stored_hash)
        return Bad(report, seq, "entry " + S(seq) + " was modified (its hash does not match)");
      if (!crypto::Ed25519Verify(public_key_, SignedMessage(stored_hash), r.Bytes(15)))
        return Bad(report, seq, "entry " + S(seq) + " has a bad signature");
      if (!current || batch != current_batch) {
        if (current && batch < current_batch)
          return Bad(report, seq,
                     "entry " + S(seq) + " is in an earlier batch than entry " + S(seq - 1));
        finish();
        current = &seen[batch];
        current_batch = batch;
        current->first = seq;
        crypto_hash_sha256_init(&current->sha);
      }
      current->last = seq;
      const std::string line = crypto::ToHex(stored_hash) + "\n";
      crypto_hash_sha256_update(&current->sha, reinterpret_cast<const unsigned char*>(line.data()),
                                line.size());
      if (seq == head_before->seq) hash_at_head = stored_hash;
      ++report.entries;
      prev_hash = stored_hash;
      ++expected;
      cursor = seq;
    }
    if (static_cast<int64_t>(rows.size()) < kPageSize) break;
  }
  finish();
  const int64_t last = expected - 1;

  if (last < head_before->seq)
    return Bad(report, last + 1,
               "entries " + S(last + 1) + ".." + S(head_before->seq) +
                   " are missing (the head records " + S(head_before->seq) + " entries)");
  if (head_before->seq > anchor && hash_at_head != head_before->hash)
    return Bad(report, head_before->seq,
               "entry " + S(head_before->seq) + " does not match the hash recorded in the head");
  OW_ASSIGN_OR_RETURN(std::optional<Head> head_after, ReadHead(db_, false));
  if (!head_after) return Bad(report, last > 0 ? last : 1, "the xr_log_head row is missing");
  if (last > head_after->seq)
    return Bad(report, head_after->seq + 1,
               "entry " + S(head_after->seq + 1) + " is not covered by the head (inserted)");

  // Sealed batches: their ranges, data hashes and time-stamp imprints.
  OW_ASSIGN_OR_RETURN(store::Rows batches,
                      db_.Query("SELECT " + std::string(kBatchColumns) +
                                    " FROM xr_log_batches WHERE last_seq > ? AND last_seq <= ? "
                                    "ORDER BY batch",
                                {anchor, last}));
  std::set<int64_t> rows_seen;
  for (const store::Row& r : batches) {
    const LogBatch b = BatchFromRow(r);
    rows_seen.insert(b.batch);
    auto it = seen.find(b.batch);
    if (it == seen.end() || it->second.first != b.first_seq || it->second.last != b.last_seq)
      return Bad(report, b.first_seq,
                 "batch " + S(b.batch) + " (entries " + S(b.first_seq) + ".." + S(b.last_seq) +
                     ") does not match the entries labelled with it");
    if (it->second.digest != b.data_sha256)
      return Bad(report, b.first_seq,
                 "batch " + S(b.batch) + "'s data no longer matches its sealed hash");
    ++report.batches;
    if (!b.tsr.empty()) {
      Result<std::string> imprint = TsrImprint(b.tsr);
      if (!imprint.ok() || *imprint != it->second.digest)
        return Bad(report, b.first_seq,
                   "batch " + S(b.batch) + "'s data no longer matches its time-stamp imprint" +
                       (imprint.ok() ? "" : " (" + imprint.status().message() + ")"));
      ++report.stamped;
    }
  }
  // Every batch before the one open at the first head read was sealed with a row.
  for (const auto& [batch, range] : seen) {
    if (batch < head_before->batch && range.last <= last && !rows_seen.contains(batch))
      return Bad(report, range.first, "batch " + S(batch) + "'s sealed row is missing");
  }
  // Sealed bodies (full-logging mode): each belongs to a present entry and opens under it. A
  // body commits with its entry, so one whose entry is not there (whatever its seq) was
  // inserted or its entry deleted.
  int64_t body_cursor = anchor;
  for (;;) {
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        db_.Query("SELECT b.seq, b.sealed, l.hash, l.response_hash, l.seq FROM xr_log_bodies b "
                  "LEFT JOIN xr_log l ON l.seq = b.seq WHERE b.seq > ? ORDER BY b.seq LIMIT ?",
                  {body_cursor, kPageSize}));
    for (const store::Row& r : rows) {
      const int64_t seq = r.Int(0);
      if (r.IsNull(4))
        return Bad(report, seq, "sealed bodies are kept for entry " + S(seq) + ", which is missing");
      auto opened = OpenBodies(body_key_, seq, r.Bytes(2), r.Text(3), r.Bytes(1));
      if (!opened.ok()) return Bad(report, seq, opened.status().message());
      ++report.bodies;
      body_cursor = seq;
    }
    if (static_cast<int64_t>(rows.size()) < kPageSize) break;
  }
  return report;
}

Result<MessageLog::Message> MessageLog::Get(int64_t seq) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT " + std::string(kEntryColumns) +
                                    ", hash FROM xr_log WHERE seq = ?",
                                {seq}));
  if (rows.empty()) return Status::NotFound("no message log entry " + S(seq));
  Message m;
  m.entry = EntryFromRow(rows[0]);
  OW_ASSIGN_OR_RETURN(store::Rows sealed,
                      db_.Query("SELECT sealed FROM xr_log_bodies WHERE seq = ?", {seq}));
  if (!sealed.empty()) {
    OW_ASSIGN_OR_RETURN(LogBodies b, OpenBodies(body_key_, seq, rows[0].Bytes(13),
                                                m.entry.response_hash, sealed[0].Bytes(0)));
    m.bodies = std::move(b);
  }
  return m;
}

Result<std::vector<LogBatch>> MessageLog::Batches(int64_t from, int limit) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT " + std::string(kBatchColumns) +
                                    " FROM xr_log_batches WHERE batch >= ? ORDER BY batch LIMIT ?",
                                {from, static_cast<int64_t>(limit)}));
  std::vector<LogBatch> out;
  for (const store::Row& r : rows) out.push_back(BatchFromRow(r));
  return out;
}

Result<std::string> MessageLog::BatchData(int64_t batch) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT first_seq, last_seq FROM xr_log_batches WHERE batch = ?", {batch}));
  if (rows.empty()) return Status::NotFound("no sealed batch " + std::to_string(batch));
  return BatchDataOf(db_, rows[0].Int(0), rows[0].Int(1));
}

Result<std::vector<LogBatch>> MessageLog::ClaimDue(std::string_view node, int64_t claim_ms,
                                                   int limit) {
  const int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(store::Rows due,
                      db_.Query("SELECT batch FROM xr_log_batches WHERE tsr IS NULL AND "
                                "next_attempt_ms <= ? AND claim_until_ms <= ? ORDER BY batch "
                                "LIMIT ?",
                                {now, now, static_cast<int64_t>(limit)}));
  std::vector<LogBatch> out;
  for (const store::Row& d : due) {
    const int64_t batch = d.Int(0);
    // The conditional update is the claim: of two nodes, only one changes the row.
    OW_ASSIGN_OR_RETURN(int64_t claimed,
                        db_.Exec("UPDATE xr_log_batches SET claimed_by = ?, claim_until_ms = ? "
                                 "WHERE batch = ? AND tsr IS NULL AND next_attempt_ms <= ? AND "
                                 "claim_until_ms <= ?",
                                 {std::string(node), now + claim_ms, batch, now, now}));
    if (claimed != 1) continue;
    OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query("SELECT " + std::string(kBatchColumns) +
                                                        " FROM xr_log_batches WHERE batch = ?",
                                                    {batch}));
    if (!rows.empty()) out.push_back(BatchFromRow(rows[0]));
  }
  return out;
}

Status MessageLog::StoreStamp(int64_t batch, std::string_view node, std::string_view tsr_der) {
  OW_ASSIGN_OR_RETURN(
      int64_t n,
      db_.Exec("UPDATE xr_log_batches SET tsr = ?, stamped_at_ms = ?, attempts = attempts + 1, "
               "claimed_by = NULL, claim_until_ms = 0, last_error = NULL WHERE batch = ? AND "
               "claimed_by = ? AND tsr IS NULL",
               {store::Blob{std::string(tsr_der)}, clock_.NowMillis(), batch, std::string(node)}));
  if (n != 1) return Status::Conflict("batch " + std::to_string(batch) + " is no longer claimed");
  return Status::Ok();
}

Status MessageLog::RecordStampFailure(int64_t batch, std::string_view node, std::string_view error,
                                      int64_t next_attempt_ms) {
  return db_
      .Exec(
          "UPDATE xr_log_batches SET attempts = attempts + 1, next_attempt_ms = ?, "
          "last_error = ?, claimed_by = NULL, claim_until_ms = 0 WHERE batch = ? AND "
          "claimed_by = ? AND tsr IS NULL",
          {next_attempt_ms, CleanText(error), batch, std::string(node)})
      .status();
}

Result<int64_t> MessageLog::PurgeBefore(int64_t cutoff_ms) {
  int64_t total = 0;
  for (;;) {
    int64_t deleted = 0;
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      deleted = 0;
      OW_ASSIGN_OR_RETURN(std::optional<Head> head, ReadHead(tx, /*for_update=*/true));
      if (!head) return Status::Internal("xr_log_head row is missing");
      OW_ASSIGN_OR_RETURN(
          store::Rows rows,
          tx.Query("SELECT batch, first_seq, last_seq, CASE WHEN tsr IS NULL THEN 0 ELSE 1 END "
                   "FROM "
                   "xr_log_batches WHERE last_seq > ? ORDER BY batch LIMIT 1",
                   {head->purged_seq}));
      if (rows.empty() || rows[0].Int(3) == 0) return Status::Ok();  // none, or unstamped
      const int64_t batch = rows[0].Int(0), first = rows[0].Int(1), last = rows[0].Int(2);
      if (first != head->purged_seq + 1) return Status::Ok();  // a gap: leave it to Verify
      OW_ASSIGN_OR_RETURN(store::Rows newest,
                          tx.Query("SELECT at_ms, hash FROM xr_log WHERE seq = ?", {last}));
      if (newest.empty() || newest[0].Int(0) >= cutoff_ms) return Status::Ok();
      const std::string hash = newest[0].Bytes(1);
      OW_ASSIGN_OR_RETURN(deleted,
                          tx.Exec("DELETE FROM xr_log WHERE seq >= ? AND seq <= ?", {first, last}));
      OW_RETURN_IF_ERROR(tx.Exec("DELETE FROM xr_log_bodies WHERE seq >= ? AND seq <= ?",
                                 {first, last})
                             .status());
      OW_RETURN_IF_ERROR(tx.Exec("DELETE FROM xr_log_batches WHERE batch = ?", {batch}).status());
      const std::string sig = crypto::Ed25519Sign(secret_key_, AnchorMessage(last, hash));
      OW_ASSIGN_OR_RETURN(int64_t updated,
                          tx.Exec("UPDATE xr_log_head SET purged_seq = ?, purged_hash = ?, "
                                  "purged_sig = ? WHERE id = 1 AND purged_seq = ?",
                                  {last, store::Blob{hash}, store::Blob{sig}, head->purged_seq}));
      if (updated != 1) return Status::Internal("message log anchor moved during purge");
      return Status::Ok();
    }));
    if (deleted == 0) break;
    total += deleted;
  }
  return total;
}

Result<LogCounts> MessageLog::Counts() {
  LogCounts c;
  OW_ASSIGN_OR_RETURN(std::optional<Head> head, ReadHead(db_, false));
  if (!head) return Status::Internal("xr_log_head row is missing");
  c.entries = head->seq - head->purged_seq;
  c.open_batch_entries = std::max<int64_t>(0, head->seq - head->batch_first_seq + 1);
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT COUNT(*) FROM xr_log_batches WHERE tsr IS NULL"));
  c.unstamped_batches = rows.empty() ? 0 : rows[0].Int(0);
  return c;
}

std::vector<store::Migration> MessageLog::Migrations() {
  store::Migration m;
  m.module = "exchange_log";
  m.version = 1;
  m.name = "xr_log, xr_log_head and xr_log_batches";
  m.sql = R"sql(
CREATE TABLE xr_log (
  seq {bigint} PRIMARY KEY,
  at_ms {bigint} NOT NULL,
  message_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  client TEXT NOT NULL,
  service TEXT NOT NULL,
  purpose TEXT NOT NULL,
  person_index TEXT NOT NULL,
  fields TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash {blob} NOT NULL,
  hash {blob} NOT NULL,
  signature {blob} NOT NULL,
  batch {bigint} NOT NULL
);
CREATE INDEX xr_log_person_idx ON xr_log (person_index, at_ms);
CREATE TABLE xr_log_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq {bigint} NOT NULL,
  hash {blob},
  batch {bigint} NOT NULL,
  batch_first_seq {bigint} NOT NULL,
  batch_opened_ms {bigint} NOT NULL,
  purged_seq {bigint} NOT NULL,
  purged_hash {blob},
  purged_sig {blob}
);
INSERT INTO xr_log_head (id, seq, hash, batch, batch_first_seq, batch_opened_ms, purged_seq)
  VALUES (1, 0, NULL, 1, 1, 0, 0);
CREATE TABLE xr_log_batches (
  batch {bigint} PRIMARY KEY,
  first_seq {bigint} NOT NULL,
  last_seq {bigint} NOT NULL,
  data_hash {blob} NOT NULL,
  sealed_at_ms {bigint} NOT NULL,
  tsr {blob},
  stamped_at_ms {bigint} NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms {bigint} NOT NULL DEFAULT 0,
  claimed_by TEXT,
  claim_until_ms {bigint} NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX xr_log_batches_due_idx ON xr_log_batches (next_attempt_ms)
)sql";
  store::Migration bodies;
  bodies.module = "exchange_log";
  bodies.version = 2;
  bodies.name = "xr_log_bodies (full-logging mode)";
  bodies.sql = R"sql(
CREATE TABLE xr_log_bodies (
  seq {bigint} PRIMARY KEY,
  sealed {blob} NOT NULL
)
)sql";
  return {m, bodies};
}

}  // namespace ow::exchange
