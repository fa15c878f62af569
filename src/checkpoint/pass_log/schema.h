// Schema: the pass log's migrations (version 1: one pass_records table; 2: hourly
// partitions, the id counter and the client ids; 3: client ids WITHOUT ROWID on SQLite) and
// the move of version 1's records into partitions, which the writer thread runs at start.
// Internal to the pass log.
#pragma once

#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::checkpoint::passlog {

class Partitions;

std::vector<store::Migration> Migrations();

// Moves the records of the single pass_records table of schema version 1 into partitions,
// keeping their ids, and drops that table.
Status MoveLegacyRecords(store::Database& db, Partitions& partitions);

}  // namespace ow::checkpoint::passlog
