// JobsBench (`onewindow bench jobs`): loads `postings` job postings (default 1,000,000) over 40
// districts of three provinces, with Chinese titles and descriptions, straight into the jobs
// tables of a node in this process (batched transactions, multi-row INSERTs), then prefills
// `prefill_applications` existing applications (default 10 per posting: 10,000,000 for the
// default postings) with the rows an application owns (the application with its sealed résumé
// snapshot, the applicant's inbox message, the applicant's stored résumé), and measures through
// HTTP the public search by region + keyword + type (p50/p99) interleaved with /healthz (the
// baseline of this run), the cached region portal against /healthz, the employer's list of the
// applications of one posting (ApplicationService::ForPosting, p50/p99), and applications per
// second through ApplicationService::Apply from `threads` threads, end to end, against tables
// of that size.
#pragma once

#include <cstdint>
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
  // Existing applications written straight into the tables before the measurements; -1 = ten
  // per posting.
  int64_t prefill_applications = -1;
  int searches = 2'000;
  int listings = 200;  // employer listings of one posting's applications
  int applications = 20'000;
  int threads = 8;
  // Load the postings one INSERT per row through PostingService::InsertRaw (the path of
  // PostingService::Create) instead of multi-row INSERTs: for comparing the two.
  bool raw_posting_load = false;
};

Result<std::vector<BenchLine>> RunJobsBench(const JobsBenchOptions& options);

}  // namespace ow::jobsbench
