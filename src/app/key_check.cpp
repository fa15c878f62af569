#include "app/key_check.h"

#include <algorithm>

namespace ow::app {

namespace {
constexpr const char* kCheckText = "onewindow master key check v1";
}  // namespace

std::vector<store::Migration> KeyCheckMigrations() {
  return {{.module = "keycheck", .version = 1, .name = "master key check value", .sql = R"SQL(
CREATE TABLE keycheck_master (
  id {bigint} PRIMARY KEY CHECK (id = 1),
  check_value TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL
)
)SQL"}};
}

Status CheckMasterKey(store::Database& db, const crypto::KeyRing& keys) {
  OW_ASSIGN_OR_RETURN(auto applied, store::AppliedVersions(db));
  if (std::none_of(applied.begin(), applied.end(),
                   [](const auto& mv) { return mv.first == "keycheck"; }))
    return Status::Ok();
  // Derived from the index key (itself derived from the master key): equal keys, equal values.
  const std::string mine = crypto::ToHex(crypto::KeyedHash(keys.index_key(), kCheckText));
  // Concurrent first starts of several nodes: the first insert wins, the others compare.
  OW_RETURN_IF_ERROR(db.Exec("INSERT INTO keycheck_master (id, check_value, created_at_ms) "
                             "VALUES (1, ?, 0) ON CONFLICT (id) DO NOTHING",
                             {mine})
                         .status());
  OW_ASSIGN_OR_RETURN(auto rows, db.Query("SELECT check_value FROM keycheck_master WHERE id = 1"));
  if (rows.empty()) return Status::Internal("the master key check value was not recorded");
  if (!crypto::Equal(rows[0].Text(0), mine))
    return Status::Unavailable(
        "the master key (key file or ONEWINDOW_MASTER_KEY) is not the one this database was "
        "written with; refusing to start rather than write data that cannot be read back");
  return Status::Ok();
}

}  // namespace ow::app
