#include "healthcode/health_service.h"

namespace ow::healthcode {

// Module "healthcode". hc_events is append-only (one row per declaration, check-in, signal,
// decision, withdrawal; `seq` numbers a person's events, so a lost update would collide);
// hc_state is the per-person evaluated state read by Current(); hc_timeline records every
// colour change; hc_reviews is the officials' work queue (uncertain declarations, appeals).
std::vector<store::Migration> HealthCodeService::Migrations() {
  return {
      {"healthcode", 1, "events, state, timeline, reviews",
       R"SQL(
CREATE TABLE hc_events (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  seq {bigint} NOT NULL,
  type TEXT NOT NULL,
  at_ms {bigint} NOT NULL,
  recorded_ms {bigint} NOT NULL,
  day TEXT,
  ref TEXT,
  source TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL,
  UNIQUE (person_id, seq)
);
CREATE UNIQUE INDEX hc_events_checkin_day ON hc_events(person_id, day);
CREATE INDEX hc_events_ref ON hc_events(ref);
CREATE TABLE hc_state (
  person_id TEXT PRIMARY KEY,
  colour TEXT NOT NULL,
  version {bigint} NOT NULL,
  event_count {bigint} NOT NULL,
  changed_at {bigint} NOT NULL,
  valid_until {bigint} NOT NULL,
  rules_version TEXT NOT NULL,
  state TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT '',
  updated_at {bigint} NOT NULL
);
CREATE TABLE hc_timeline (
  person_id TEXT NOT NULL,
  version {bigint} NOT NULL,
  at_ms {bigint} NOT NULL,
  old_colour TEXT NOT NULL,
  new_colour TEXT NOT NULL,
  reasons TEXT NOT NULL,
  cause TEXT NOT NULL,
  PRIMARY KEY (person_id, version)
);
CREATE TABLE hc_reviews (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  person_id TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL,
  colour TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at {bigint} NOT NULL,
  decided_at {bigint},
  decided_by TEXT,
  decision TEXT,
  decided_colour TEXT,
  reason TEXT
);
CREATE INDEX hc_reviews_status ON hc_reviews(status, created_at);
CREATE INDEX hc_reviews_person ON hc_reviews(person_id, created_at)
)SQL"},
      // Risk-area publication looks up recent declarations (declared stays).
      {"healthcode", 2, "events by type and time",
       "CREATE INDEX hc_events_type_time ON hc_events(type, at_ms)"},
  };
}

}  // namespace ow::healthcode
