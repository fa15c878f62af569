// The tables of the scheduling module (migration stream "scheduling").
#pragma once

#include <vector>

#include "store/migrations.h"

namespace ow::scheduling {

// Module "scheduling", version 1: sched_schedules, sched_slots, sched_holds, sched_bookings.
std::vector<store::Migration> Migrations();

}  // namespace ow::scheduling
