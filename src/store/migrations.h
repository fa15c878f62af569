// Versioned schema migrations. Each module owns a stream of migrations (module name +
// increasing version), so modules can evolve their tables independently. Applied versions
// are recorded in `schema_migrations(module, version, name, applied_at)`. A database that has
// a version newer than the binary knows is refused with a clear message.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace ow::store {

// One schema change. `sql` is portable SQL in which these tokens are replaced per dialect:
//   {blob}  -> BLOB / BYTEA
//   {real}  -> REAL / DOUBLE PRECISION
//   {bigint}-> INTEGER / BIGINT   (SQLite INTEGER is 64-bit)
// Statements are separated by ';'. Use dialect-specific text only when unavoidable.
// (The `{}` initializers let designated initializers omit fields under -Wextra.)
struct Migration {
  std::string module{};
  int version = 0;
  std::string name{};
  std::string sql{};
  std::string sqlite_sql{};    // optional, replaces `sql` on SQLite when non-empty
  std::string postgres_sql{};  // optional, replaces `sql` on PostgreSQL when non-empty
};

// The translated text of a migration for a dialect.
std::string MigrationText(const Migration& m, Dialect d);

// Applies every pending migration in order, each in its own transaction. Fails (changing
// nothing) if the database holds, for any module, a version newer than `known` has.
Status Migrate(Database& db, const std::vector<Migration>& known);

// The highest applied version of each module ({} for a fresh database).
Result<std::vector<std::pair<std::string, int>>> AppliedVersions(Database& db);

}  // namespace ow::store
