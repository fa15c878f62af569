// Schema of the scheduling module (see migrations.h). Capacity lives in the slot row: the
// CHECK is the last line behind the conditional updates of bookings.cpp.
#include "scheduling/migrations.h"

namespace ow::scheduling {

std::vector<store::Migration> Migrations() {
  return {{.module = "scheduling",
           .version = 1,
           .name = "schedules, slots, holds and bookings",
           .sql = R"SQL(
CREATE TABLE sched_schedules (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  realm TEXT NOT NULL,
  name TEXT NOT NULL,
  slot_minutes INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  pattern TEXT NOT NULL,
  window_days INTEGER NOT NULL,
  release_minute INTEGER NOT NULL,
  released_through TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX sched_schedules_owner ON sched_schedules (owner);
CREATE TABLE sched_slots (
  id TEXT PRIMARY KEY,
  schedule_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  start_ms {bigint} NOT NULL,
  end_ms {bigint} NOT NULL,
  day TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  booked INTEGER NOT NULL,
  hold_seq INTEGER NOT NULL DEFAULT 0,
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (schedule_id, start_ms)
);
CREATE INDEX sched_slots_day ON sched_slots (schedule_id, day, start_ms);
CREATE TABLE sched_holds (
  id TEXT PRIMARY KEY,
  slot_id TEXT NOT NULL,
  person TEXT NOT NULL,
  expires_at_ms {bigint} NOT NULL,
  used INTEGER NOT NULL,
  created_at_ms {bigint} NOT NULL
);
CREATE INDEX sched_holds_slot ON sched_holds (slot_id, used, expires_at_ms);
CREATE INDEX sched_holds_person ON sched_holds (person, expires_at_ms);
CREATE TABLE sched_bookings (
  id TEXT PRIMARY KEY,
  slot_id TEXT NOT NULL,
  schedule_id TEXT NOT NULL,
  owner TEXT NOT NULL,
  realm TEXT NOT NULL,
  person TEXT NOT NULL,
  start_ms {bigint} NOT NULL,
  end_ms {bigint} NOT NULL,
  day TEXT NOT NULL,
  status TEXT NOT NULL,
  limit_key TEXT NOT NULL,
  created_at_ms {bigint} NOT NULL,
  updated_at_ms {bigint} NOT NULL
);
CREATE UNIQUE INDEX sched_bookings_slot_person ON sched_bookings (slot_id, person)
  WHERE status <> 'cancelled';
CREATE UNIQUE INDEX sched_bookings_limit ON sched_bookings (person, limit_key)
  WHERE status <> 'cancelled' AND limit_key <> '';
CREATE INDEX sched_bookings_person ON sched_bookings (person, start_ms);
CREATE INDEX sched_bookings_owner_day ON sched_bookings (owner, day, start_ms)
)SQL"}};
}

}  // namespace ow::scheduling
