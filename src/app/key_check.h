// KeyCheck: makes sure a node writes with the master key the database was written with. The
// first start of a database records a check value derived from the key (a keyed hash of a fixed
// text, which reveals nothing about the key); every later start compares it and refuses to start
// on a mismatch, so a node given the wrong key (a wrong file, a stale environment variable on one
// node of a cluster) stops instead of writing data nobody can read.
#pragma once

#include <vector>

#include "core/status.h"
#include "crypto/crypto.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::app {

// Records the check value on first use; Unavailable (the start fails) when the stored value
// differs. A database without the table (opened without migrating) is let through: there is
// nothing to compare with.
Status CheckMasterKey(store::Database& db, const crypto::KeyRing& keys);

// Module "keycheck", version 1: keycheck_master.
std::vector<store::Migration> KeyCheckMigrations();

}  // namespace ow::app
