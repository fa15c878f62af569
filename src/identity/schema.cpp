#include "identity/identity_service.h"

namespace ow::identity {

std::vector<store::Migration> IdentityService::Migrations() {
  return {
      {"identity", 1, "persons, sessions, grants, throttle",
       R"SQL(
CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  id_index {blob} NOT NULL UNIQUE,
  id_enc {blob} NOT NULL,
  name_enc {blob} NOT NULL,
  masked_name TEXT NOT NULL,
  masked_id TEXT NOT NULL,
  region TEXT NOT NULL,
  phone_enc {blob},
  address_enc {blob},
  password_hash TEXT NOT NULL,
  created_at {bigint} NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  csrf TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  expires_at {bigint} NOT NULL,
  revoked_at {bigint},
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions(person_id);
CREATE TABLE role_grants (
  person_id TEXT NOT NULL REFERENCES persons(id),
  role TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  granted_by TEXT NOT NULL,
  granted_at {bigint} NOT NULL,
  PRIMARY KEY (person_id, role, scope)
);
CREATE INDEX role_grants_role ON role_grants(role);
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start {bigint} NOT NULL
);
CREATE TABLE enterprises (
  id TEXT PRIMARY KEY,
  credit_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at {bigint} NOT NULL
);
CREATE TABLE enterprise_members (
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  person_id TEXT NOT NULL REFERENCES persons(id),
  relation TEXT NOT NULL,
  added_at {bigint} NOT NULL,
  PRIMARY KEY (enterprise_id, person_id)
);
CREATE INDEX enterprise_members_person ON enterprise_members(person_id)
)SQL"},
      // Growing delays instead of a lockout: the time before which a throttled key (account
      // or address) is refused. failures/window_start also count per-address rates.
      {"identity", 2, "login throttle delays",
       R"SQL(
ALTER TABLE login_throttle ADD COLUMN blocked_until {bigint} NOT NULL DEFAULT 0
)SQL"},
  };
}

}  // namespace ow::identity
