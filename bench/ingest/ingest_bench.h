// IngestBench: measures durable pass-record ingestion through PassLog (group commit) against
// a baseline of one transaction (one fsync) per record, in the same run on the same database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ow::checkpoint {

// Client ids on the records (offline uploads and the staff client's scans carry one).
enum class ClientIds { kNone, kOrdered, kRandom };

struct IngestBenchOptions {
  std::string db_url;        // "" = a fresh SQLite file in a temp directory
  int64_t records = 400000;  // group-commit phase
  int producers = 4;
  int window = 4000;              // outstanding (unacknowledged) records per producer
  double baseline_seconds = 2.0;  // single-commit phase duration
  double ms_per_record = 1.0;     // simulated time between records (86.4 = 1 M records a day)
  ClientIds client_ids = ClientIds::kNone;
};

struct BenchLine {
  std::string name;
  double value;
  std::string unit;
};

Result<std::vector<BenchLine>> RunIngestBench(const IngestBenchOptions& options);

}  // namespace ow::checkpoint
