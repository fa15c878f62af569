#include <cstdio>

#include "cli/commands.h"
#include "trace/trace_bench.h"

namespace ow::cli {

void AddBenchTraceCommand(CLI::App& bench) {
  auto o = std::make_shared<trace::TraceBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "trace", "contact tracing over a synthetic province: index vs a SQLite self-join");
  cmd->add_option("--persons", o->province.persons, "people in the province")
      ->capture_default_str();
  cmd->add_option("--places", o->province.places, "places (half community gates)")
      ->capture_default_str();
  cmd->add_option("--days", o->province.days, "days of pass records")->capture_default_str();
  cmd->add_option("--scans-per-day", o->province.scans_per_day,
                  "pass records per day across the province")
      ->capture_default_str();
  cmd->add_option("--cases", o->cases, "traced cases for p50/p99")->capture_default_str();
  cmd->add_option("--sql-records", o->sql_records, "records at most in the SQLite baseline")
      ->capture_default_str();
  cmd->add_option("--seed", o->province.seed, "generator seed")->capture_default_str();
  cmd->add_option("--threads", o->threads, "threads for the 1,000-case batch")
      ->capture_default_str();
  cmd->callback([o] {
    Status s = trace::RunTraceBench(*o, [](const trace::TraceBenchLine& l) {
      std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", l.name.c_str(), l.value,
                  l.unit.c_str());
      std::fflush(stdout);
    });
    if (!s.ok()) {
      std::fprintf(stderr, "bench trace: %s\n", s.ToString().c_str());
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace ow::cli
