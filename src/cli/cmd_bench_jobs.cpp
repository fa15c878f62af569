// `onewindow bench jobs`: a million postings, the public search and applications (bench/jobs).
// Prints JSON lines {"name","value","unit"}, then one summary line.
#include <cstdio>

#include "cli/commands.h"
#include "jobs/jobs_bench.h"

namespace ow::cli {

void AddBenchJobsCommand(CLI::App& bench) {
  auto o = std::make_shared<jobsbench::JobsBenchOptions>();
  auto* cmd =
      bench.add_subcommand("jobs", "1,000,000 job postings: search p50/p99, applications/s");
  cmd->add_option("--db", o->db_url, "database (default: a fresh SQLite file in /tmp)");
  cmd->add_option("--postings", o->postings, "postings loaded")->capture_default_str();
  cmd->add_option("--prefill-applications", o->prefill_applications,
                  "existing applications written into the tables before measuring (-1: ten per "
                  "posting, 10,000,000 for the default postings)")
      ->capture_default_str();
  cmd->add_option("--searches", o->searches, "searches measured")->capture_default_str();
  cmd->add_option("--listings", o->listings,
                  "employer listings of one posting's applications measured")
      ->capture_default_str();
  cmd->add_option("--applications", o->applications, "applications made")->capture_default_str();
  cmd->add_option("--threads", o->threads, "applying threads")->capture_default_str();
  cmd->add_flag("--raw-posting-load", o->raw_posting_load,
                "load postings one INSERT per row through PostingService::InsertRaw (to compare)");
  cmd->callback([o] {
    auto lines = jobsbench::RunJobsBench(*o);
    if (!lines.ok()) {
      std::fprintf(stderr, "bench jobs: %s\n", lines.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    std::string summary = "{\"bench\":\"jobs\"";
    for (const auto& l : *lines) {
      std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", l.name.c_str(), l.value,
                  l.unit.c_str());
      char buf[96];
      std::snprintf(buf, sizeof buf, ",\"%s\":%.3f", l.name.c_str(), l.value);
      summary += buf;
    }
    std::printf("%s}\n", summary.c_str());
  });
}

}  // namespace ow::cli
