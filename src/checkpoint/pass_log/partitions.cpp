#include "checkpoint/pass_log/partitions.h"

#include <fmt/format.h>

#include <limits>

#include "core/time.h"

namespace ow::checkpoint::passlog {

namespace {

constexpr int64_t kSlotMs = 3'600'000;  // one partition per hour

std::string PartitionSql(const std::string& t, store::Dialect d) {
  const char* id = d == store::Dialect::kSqlite ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY";
  return fmt::format(R"SQL(CREATE TABLE IF NOT EXISTS {0} (
  id {1},
  client_id TEXT,
  person_id TEXT,
  person_key BIGINT,
  subject TEXT NOT NULL,
  issuer TEXT NOT NULL,
  place_id TEXT NOT NULL,
  place_key BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  direction TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  colour TEXT NOT NULL,
  reason TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  device TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {0}_person ON {0}(person_key);
CREATE INDEX IF NOT EXISTS {0}_place ON {0}(place_key))SQL",
                     t, id);
}

}  // namespace

int64_t Partitions::SlotOf(int64_t at_ms) {
  return at_ms >= 0 ? at_ms / kSlotMs : (at_ms + 1) / kSlotMs - 1;
}

std::string Partitions::TableName(int64_t slot) {
  const int64_t ms = slot * kSlotMs;
  Date d = ShanghaiDate(ms);
  const int64_t hour = (ms - ShanghaiMidnightMillis(d)) / kSlotMs;
  return fmt::format("pass_records_{:04}{:02}{:02}{:02}", d.year, d.month, d.day, hour);
}

Result<std::vector<Partitions::Partition>> Partitions::InRange(int64_t from_slot, int64_t to_slot) {
  OW_ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT slot, table_name FROM pass_partitions WHERE "
                                           "slot >= ? AND slot <= ? ORDER BY slot",
                                           {from_slot, to_slot}));
  std::vector<Partition> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1)});
  return out;
}

Result<std::vector<Partitions::Partition>> Partitions::OfDay(int64_t day) {
  const int64_t first = SlotOf(ShanghaiMidnightMillis(CivilFromDays(day)));
  return InRange(first, first + 23);
}

Status Partitions::Ensure(const std::vector<int64_t>& slots) {
  for (int64_t slot : slots) {
    if (Known(slot)) continue;
    const std::string table = TableName(slot);
    // Two nodes may create the same partition at once; the loser's transaction fails and the
    // second attempt finds the table.
    Status s;
    for (int attempt = 0; attempt < 3; ++attempt) {
      s = db_.Transact([&](store::Tx& tx) {
        OW_RETURN_IF_ERROR(tx.ExecScript(PartitionSql(table, tx.dialect())));
        return tx
            .Exec(
                "INSERT INTO pass_partitions (slot, table_name) VALUES (?, ?) "
                "ON CONFLICT (slot) DO NOTHING",
                {slot, table})
            .status();
      });
      if (s.ok()) break;
    }
    OW_RETURN_IF_ERROR(s);
    MutexLock lock(mu_);
    known_slots_.insert(slot);
  }
  return Status::Ok();
}

bool Partitions::Known(int64_t slot) {
  MutexLock lock(mu_);
  return known_slots_.count(slot) > 0;
}

void Partitions::ForgetAll() {
  MutexLock lock(mu_);
  known_slots_.clear();
}

Result<int64_t> Partitions::PurgeBefore(int64_t before_ms) {
  const int64_t cut_slot = SlotOf(before_ms);  // the partition the cut falls into
  OW_ASSIGN_OR_RETURN(auto parts, InRange(std::numeric_limits<int64_t>::min(), cut_slot));
  int64_t purged = 0;
  for (const auto& p : parts) {
    int64_t n_part = 0;  // set inside: the transaction may run more than once
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      OW_ASSIGN_OR_RETURN(auto n,
                          tx.Query("SELECT COUNT(*) FROM " + p.table +
                                       (p.slot < cut_slot ? "" : " WHERE at_ms < ?"),
                                   p.slot < cut_slot ? std::vector<store::Value>{}
                                                     : std::vector<store::Value>{before_ms}));
      if (p.slot < cut_slot) {
        // The whole hour is past the window: drop its table.
        OW_RETURN_IF_ERROR(tx.ExecScript("DROP TABLE " + p.table));
        OW_RETURN_IF_ERROR(
            tx.Exec("DELETE FROM pass_partitions WHERE slot = ?", {p.slot}).status());
      } else {
        OW_RETURN_IF_ERROR(
            tx.Exec("DELETE FROM " + p.table + " WHERE at_ms < ?", {before_ms}).status());
      }
      n_part = n[0].Int(0);
      return Status::Ok();
    }));
    purged += n_part;
    if (p.slot < cut_slot) {
      MutexLock lock(mu_);
      known_slots_.erase(p.slot);
    }
  }
  return purged;
}

}  // namespace ow::checkpoint::passlog
