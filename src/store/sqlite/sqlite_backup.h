// Online backup and restore of an embedded (SQLite) OneWindow database.
//
// BackupSqlite copies a live database file page by page with SQLite's online backup API from
// one read transaction, so the copy is one consistent snapshot even while a server keeps
// writing (WAL readers do not block the writer). The copy is written to a temporary file,
// checked (`PRAGMA integrity_check`), flushed, made 0600 and renamed into place: a backup file
// either is complete or does not exist.
//
// RestoreSqlite puts a backup in place of a database that no server has open: it checks the
// backup (integrity, and that it is a OneWindow database: it has `schema_migrations`), copies
// it beside the target, flushes, removes the target's stale `-wal` / `-shm` files and renames.
// PostgreSQL is backed up with its own tools (docs/operations.md, "Backups").
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace ow::store {

struct BackupReport {
  int64_t pages = 0;
  int64_t bytes = 0;
  int64_t migrations = 0;  // rows of schema_migrations in the copy
};

// Copies the database at `db_path` to `out_path`. Refuses when out_path exists.
Result<BackupReport> BackupSqlite(const std::string& db_path, const std::string& out_path);

// Replaces the database at `db_path` with the backup at `backup_path`. When db_path exists,
// refuses unless `replace` is set (the caller must make sure no server has it open).
Result<BackupReport> RestoreSqlite(const std::string& backup_path, const std::string& db_path,
                                   bool replace);

}  // namespace ow::store
