// store::Open: picks the backend from the URL scheme.
#include "store/database.h"
#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"
#include "store/url.h"

namespace ow::store {

Result<std::unique_ptr<Database>> Open(std::string_view url, const OpenOptions& options) {
  if (options.pool_size < 1) return Status::Invalid("database pool_size must be at least 1");
  if (options.busy_timeout_ms < 0) return Status::Invalid("busy_timeout_ms must not be negative");
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // sqlite:///abs/file.db
    if (path.empty()) {
      return Status::Invalid("database URL 'sqlite:' has no file path (use sqlite:PATH)");
    }
    return SqliteDatabase::Open(std::string(path), options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return PgDatabase::Open(std::string(url), options);
  }
  return Status::Invalid("unsupported database URL '" + RedactUrl(url) +
                         "': expected sqlite:PATH, sqlite::memory:, or postgresql://...");
}

}  // namespace ow::store
