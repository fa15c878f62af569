#include "issuance/issuer_service.h"

namespace ow::issuance {

std::vector<store::Migration> IssuerService::Migrations() {
  return {
      {"issuance", 1, "issuer keys, code subjects, imported trust lists",
       R"SQL(
CREATE TABLE issuer_keys (
  kid TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  purpose TEXT NOT NULL,
  generation INTEGER NOT NULL,
  public_key {blob} NOT NULL,
  seed_sealed {blob} NOT NULL,
  not_before {bigint} NOT NULL,
  not_after {bigint} NOT NULL,
  created_at {bigint} NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (region, purpose, generation)
);
CREATE TABLE code_subjects (
  subject TEXT PRIMARY KEY,
  person_id TEXT NOT NULL UNIQUE,
  created_at {bigint} NOT NULL
);
CREATE TABLE trust_imports (
  region TEXT PRIMARY KEY,
  root_public_key {blob} NOT NULL,
  root_kid TEXT NOT NULL,
  list_json TEXT NOT NULL,
  list_issued_at {bigint} NOT NULL,
  pinned_at {bigint} NOT NULL,
  imported_at {bigint} NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE TABLE trust_revision (
  id INTEGER PRIMARY KEY,
  revision {bigint} NOT NULL
);
INSERT INTO trust_revision (id, revision) VALUES (1, 0)
)SQL"},
  };
}

}  // namespace ow::issuance
