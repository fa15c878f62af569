#include "checkpoint/pass_log/schema.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "checkpoint/pass_log/partitions.h"
#include "checkpoint/pass_log/record_rows.h"

namespace ow::checkpoint::passlog {

std::vector<store::Migration> Migrations() {
  store::Migration m;
  m.module = "checkpoint_passes";
  m.version = 1;
  m.name = "pass records";
  std::string body = R"SQL(
  client_id TEXT,
  person_id TEXT,
  subject TEXT NOT NULL,
  issuer TEXT NOT NULL,
  place_id TEXT NOT NULL,
  at_ms {bigint} NOT NULL,
  direction TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  colour TEXT NOT NULL,
  reason TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  device TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE UNIQUE INDEX pass_records_client ON pass_records(client_id) WHERE client_id IS NOT NULL;
CREATE INDEX pass_records_place_time ON pass_records(place_id, at_ms);
CREATE INDEX pass_records_person_time ON pass_records(person_id, at_ms);
CREATE INDEX pass_records_time ON pass_records(at_ms)
)SQL";
  m.sqlite_sql = "CREATE TABLE pass_records (\n  id INTEGER PRIMARY KEY," + body;
  m.postgres_sql =
      "CREATE TABLE pass_records (\n  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY," + body;
  m.sql = m.sqlite_sql;

  // Version 2: one table per hour (created on demand), a global id counter, and the client ids
  // of offline uploads. Records of version 1 are moved by PassLog at start.
  store::Migration v2;
  v2.module = "checkpoint_passes";
  v2.version = 2;
  v2.name = "pass records partitioned by hour";
  std::string common = R"SQL(
CREATE TABLE pass_partitions (
  slot {bigint} PRIMARY KEY,
  table_name TEXT NOT NULL UNIQUE
);
CREATE TABLE pass_client_ids (
  client_id TEXT PRIMARY KEY,
  at_ms {bigint} NOT NULL
);
)SQL";
  v2.sqlite_sql = common + R"SQL(
CREATE TABLE pass_record_seq (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  next_id INTEGER NOT NULL
);
INSERT INTO pass_record_seq (one, next_id) SELECT 1, COALESCE(MAX(id), 0) + 1 FROM pass_records;
INSERT INTO pass_client_ids (client_id, at_ms)
  SELECT client_id, at_ms FROM pass_records WHERE client_id IS NOT NULL
)SQL";
  v2.postgres_sql = common + R"SQL(
CREATE SEQUENCE pass_record_ids;
SELECT setval('pass_record_ids', COALESCE((SELECT MAX(id) FROM pass_records), 0) + 1, false);
INSERT INTO pass_client_ids (client_id, at_ms)
  SELECT client_id, at_ms FROM pass_records WHERE client_id IS NOT NULL
)SQL";
  v2.sql = v2.sqlite_sql;

  // Version 3 (SQLite): client ids in a WITHOUT ROWID table, one B-tree keyed by the id
  // instead of a rowid table plus its unique index: one B-tree insert less per scan. The
  // PostgreSQL table is unchanged.
  store::Migration v3;
  v3.module = "checkpoint_passes";
  v3.version = 3;
  v3.name = "client ids without rowid";
  v3.sqlite_sql = R"SQL(
CREATE TABLE pass_client_ids_v3 (
  client_id TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO pass_client_ids_v3 (client_id, at_ms) SELECT client_id, at_ms FROM pass_client_ids;
DROP TABLE pass_client_ids;
ALTER TABLE pass_client_ids_v3 RENAME TO pass_client_ids
)SQL";
  v3.postgres_sql = "SELECT 1";
  v3.sql = v3.sqlite_sql;
  return {m, v2, v3};
}

Status MoveLegacyRecords(store::Database& db, Partitions& partitions) {
  const bool pg = db.dialect() == store::Dialect::kPostgres;
  OW_ASSIGN_OR_RETURN(
      auto exists,
      db.Query(pg ? "SELECT 1 WHERE to_regclass('pass_records') IS NOT NULL"
                  : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pass_records'"));
  if (exists.empty()) return Status::Ok();
  int64_t moved = 0;
  for (;;) {
    OW_ASSIGN_OR_RETURN(auto rows,
                        db.Query(std::string(kSelect) + "pass_records ORDER BY id LIMIT 5000"));
    if (rows.empty()) break;
    std::vector<PassRecord> recs;
    std::vector<int64_t> slots;
    for (const auto& row : rows) {
      recs.push_back(FromRow(row));
      int64_t d = Partitions::SlotOf(recs.back().at_ms);
      if (std::find(slots.begin(), slots.end(), d) == slots.end()) slots.push_back(d);
    }
    OW_RETURN_IF_ERROR(partitions.Ensure(slots));
    OW_RETURN_IF_ERROR(db.Transact([&](store::Tx& tx) {
      std::vector<store::Value> params;
      for (const auto& r : recs) {
        params.clear();
        AddParams(r.id, r, params);
        OW_RETURN_IF_ERROR(
            tx.Exec(*CachedInsertSql(Partitions::TableName(Partitions::SlotOf(r.at_ms)), 1, false),
                    params)
                .status());
      }
      return tx.Exec("DELETE FROM pass_records WHERE id <= ?", {recs.back().id}).status();
    }));
    moved += static_cast<int64_t>(recs.size());
  }
  OW_RETURN_IF_ERROR(db.ExecScript("DROP TABLE pass_records"));
  if (moved > 0) spdlog::info("{{\"event\":\"pass_legacy_moved\",\"records\":{}}}", moved);
  return Status::Ok();
}

}  // namespace ow::checkpoint::passlog
