// HallBench (`onewindow bench hall`): a service hall with many cases, measured over HTTP on a
// real node in this process. The fill writes `cases` applications across `items` synthetic
// items of `departments` departments straight into the tables (states and deadlines spread as
// in a working hall); then one officer's queue (filtered, deadline-ordered, 50 a page) is read
// again and again, and applicants submit new applications end to end through the API. /healthz
// is measured in the same run as the baseline.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ow::hallbench {

struct BenchLine {
  std::string name;
  double value;
  std::string unit;
};

struct HallBenchOptions {
  std::string db_url;  // "" = a fresh SQLite file in a temp directory
  int64_t cases = 1'000'000;
  int items = 50;
  int departments = 20;
  int queue_reads = 2000;  // queue requests (pages 1-5, with and without filters)
  double submit_seconds = 10;
  int submitters = 8;  // applicants submitting in parallel, one connection each
  int io_threads = 0;
};

Result<std::vector<BenchLine>> RunHallBench(const HallBenchOptions& options);

}  // namespace ow::hallbench
