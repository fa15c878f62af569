#include "store/migrations.h"

#include <map>
#include <set>
#include <utility>

#include "core/clock.h"

namespace ow::store {
namespace {

// Serializes concurrent Migrate calls on PostgreSQL (an arbitrary, fixed advisory lock key).
constexpr const char* kCreateTableLock = "SELECT pg_advisory_xact_lock(7084156232905410561)";

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT "
    "NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))";

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// Checks that versions are positive and strictly increasing within each module.
Status ValidateKnown(const std::vector<Migration>& known) {
  std::map<std::string, int> last;
  for (const Migration& m : known) {
    if (m.module.empty()) return Status::Invalid("migration '" + m.name + "' has no module");
    if (m.version <= 0) {
      return Status::Invalid("migration " + m.module + "/" + m.name + " has version " +
                             std::to_string(m.version) + "; versions start at 1");
    }
    int& prev = last[m.module];
    if (m.version <= prev) {
      return Status::Invalid("migrations of module '" + m.module +
                             "' are not in strictly increasing version order at version " +
                             std::to_string(m.version));
    }
    prev = m.version;
  }
  return Status::Ok();
}

// Refuses a database that is ahead of the binary for any module that `known` covers.
Status CheckNotNewer(const std::vector<std::pair<std::string, int>>& applied,
                     const std::vector<Migration>& known) {
  std::map<std::string, int> latest;
  for (const Migration& m : known) latest[m.module] = std::max(latest[m.module], m.version);
  for (const auto& [module, version] : applied) {
    auto it = latest.find(module);
    if (it != latest.end() && version > it->second) {
      return Status::Internal("database schema for module '" + module + "' is at version " +
                              std::to_string(version) + " but this binary knows only up to " +
                              std::to_string(it->second) + "; upgrade onewindow");
    }
  }
  return Status::Ok();
}

Status EnsureTable(Database& db) {
  return db.Transact([](Tx& tx) -> Status {
    // CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator on PostgreSQL.
    if (tx.dialect() == Dialect::kPostgres) {
      OW_ASSIGN_OR_RETURN(Rows locked, tx.Query(kCreateTableLock));
      (void)locked;
    }
    return tx.ExecScript(kCreateTable);
  });
}

Status ApplyOne(Database& db, const Migration& m) {
  const std::string text = MigrationText(m, db.dialect());
  const int64_t now = SystemClock().NowMillis();
  return db.Transact([&](Tx& tx) -> Status {
    if (tx.dialect() == Dialect::kPostgres) {
      // LOCK TABLE takes no snapshot, so the check below sees other processes' commits.
      OW_RETURN_IF_ERROR(
          tx.Exec("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE").status());
    }
    OW_ASSIGN_OR_RETURN(Rows done,
                        tx.Query("SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?",
                                 {m.module, static_cast<int64_t>(m.version)}));
    if (!done.empty()) return Status::Ok();  // applied concurrently by another process
    Status applied = tx.ExecScript(text);
    if (!applied.ok()) {
      return Status(applied.code(), "migration " + m.module + "/" + std::to_string(m.version) +
                                        " (" + m.name + ") failed: " + applied.message());
    }
    return tx
        .Exec(
            "INSERT INTO schema_migrations (module, version, name, applied_at) "
            "VALUES (?, ?, ?, ?)",
            {m.module, static_cast<int64_t>(m.version), m.name, now})
        .status();
  });
}

}  // namespace

std::string MigrationText(const Migration& m, Dialect d) {
  const bool pg = d == Dialect::kPostgres;
  std::string text = m.sql;
  if (pg && !m.postgres_sql.empty()) text = m.postgres_sql;
  if (!pg && !m.sqlite_sql.empty()) text = m.sqlite_sql;
  ReplaceAll(text, "{blob}", pg ? "BYTEA" : "BLOB");
  ReplaceAll(text, "{real}", pg ? "DOUBLE PRECISION" : "REAL");
  ReplaceAll(text, "{bigint}", pg ? "BIGINT" : "INTEGER");
  return text;
}

Status Migrate(Database& db, const std::vector<Migration>& known) {
  OW_RETURN_IF_ERROR(ValidateKnown(known));
  OW_RETURN_IF_ERROR(EnsureTable(db));
  OW_ASSIGN_OR_RETURN(auto versions, AppliedVersions(db));
  OW_RETURN_IF_ERROR(CheckNotNewer(versions, known));
  OW_ASSIGN_OR_RETURN(Rows rows, db.Query("SELECT module, version FROM schema_migrations"));
  std::set<std::pair<std::string, int>> applied;
  for (const Row& r : rows) applied.emplace(r.Text(0), static_cast<int>(r.Int(1)));
  for (const Migration& m : known) {
    if (applied.contains({m.module, m.version})) continue;
    OW_RETURN_IF_ERROR(ApplyOne(db, m));
  }
  return Status::Ok();
}

Result<std::vector<std::pair<std::string, int>>> AppliedVersions(Database& db) {
  const char* exists_sql =
      db.dialect() == Dialect::kPostgres
          ? "SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL"
          : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
  OW_ASSIGN_OR_RETURN(Rows exists, db.Query(exists_sql));
  std::vector<std::pair<std::string, int>> out;
  if (exists.empty()) return out;
  OW_ASSIGN_OR_RETURN(
      Rows rows,
      db.Query("SELECT module, MAX(version) FROM schema_migrations GROUP BY module ORDER BY "
               "module"));
  for (const Row& r : rows) out.emplace_back(r.Text(0), static_cast<int>(r.Int(1)));
  return out;
}

}  // namespace ow::store
