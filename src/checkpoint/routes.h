// HTTP routes of the checkpoint module: places and their codes, scans (group-committed),
// offline batches, citizens' visits and pass history, officials' pass lists and statistics.
#pragma once

#include "audit/audit.h"
#include "checkpoint/pass_log.h"
#include "checkpoint/places.h"
#include "checkpoint/scan_service.h"
#include "checkpoint/stats.h"
#include "http/router.h"

namespace ow::checkpoint {

struct CheckpointDeps {
  PlaceService& places;
  ScanService& scans;
  PassLog& passes;
  PassStats& stats;
  identity::IdentityService& identity;
  audit::AuditLog& audit;
  const Clock& clock;
  int retention_days;
};

void RegisterCheckpointRoutes(http::Router& router, const CheckpointDeps& deps);

}  // namespace ow::checkpoint
