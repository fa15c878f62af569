// JobsBench (`onewindow bench jobs`): loads `postings` job postings (default 1,000,000) over 40
// districts of three provinces, with Chinese titles and descriptions, straight into the jobs
// tables of a node in this process (batched transactions), then measures through HTTP the public
// search by region + keyword + type (p50/p99) interleaved with /healthz (the baseline of this
// run), the cached region portal against /healthz, and applications per second through
// ApplicationService::Apply from `threads` threads.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace ow::jobsbench {

struct BenchLine {
  std::string name;
  double value;
  std::string unit;
};

struct JobsBenchOptions {
  std::string db_url;  // "" = a fresh SQLite file in a temp directory
  int postings = 1'000'000;
  int searches = 2'000;
  int applications = 20'000;
  int threads = 8;
};

Result<std::vector<BenchLine>> RunJobsBench(const JobsBenchOptions& options);

}  // namespace ow::jobsbench
