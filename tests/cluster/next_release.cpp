// The "next release" of the rolling-upgrade drill (tests/cluster/drills.sh): the same code as
// `onewindow`, a newer version, and the next schema version of two modules, of the kind a
// release may apply while the previous binary keeps serving on the same database — additions
// only: a column with a default and an index on identity's sessions (written by every login),
// a new table, and a nullable column on the scans' idempotency keys (written by every scan).
// The previous binary, *started* on the migrated database, is refused ("upgrade onewindow"):
// it knows those modules only up to their previous versions.
#include "app/release.h"
#include "checkpoint/pass_log.h"
#include "identity/identity_service.h"

namespace ow::app {

const char* ReleaseVersion() { return ONEWINDOW_VERSION "+next"; }

std::vector<store::Migration> ReleaseMigrations() {
  const store::Migration identity = identity::IdentityService::Migrations().back();
  const store::Migration passes = checkpoint::PassLog::Migrations().back();
  return {{.module = identity.module,
           .version = identity.version + 1,
           .name = "next_release_session_agent",
           .sql = R"SQL(
ALTER TABLE sessions ADD COLUMN next_user_agent TEXT NOT NULL DEFAULT '';
CREATE INDEX next_sessions_expires ON sessions(expires_at);
CREATE TABLE next_release_notes (version TEXT PRIMARY KEY, noted_at {bigint} NOT NULL);
)SQL"},
          {.module = passes.module,
           .version = passes.version + 1,
           .name = "next_release_scan_node",
           .sql = "ALTER TABLE pass_client_ids ADD COLUMN next_node TEXT"}};
}

}  // namespace ow::app
