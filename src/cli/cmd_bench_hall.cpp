// `onewindow bench hall`: the service hall with many cases (bench/hall).
#include <cstdio>

#include "cli/commands.h"
#include "hall/hall_bench.h"

namespace ow::cli {

void AddBenchHallCommand(CLI::App& bench) {
  auto o = std::make_shared<hallbench::HallBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "hall", "an officer's queue over many cases, and applications submitted end to end");
  cmd->add_option("--db", o->db_url, "database (default: a fresh SQLite file in /tmp)");
  cmd->add_option("--cases", o->cases, "cases written before measuring")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--items", o->items, "service items")->capture_default_str();
  cmd->add_option("--departments", o->departments, "departments")->capture_default_str();
  cmd->add_option("--queue-reads", o->queue_reads, "queue pages read")->capture_default_str();
  cmd->add_option("--submit-seconds", o->submit_seconds, "submission phase")->capture_default_str();
  cmd->add_option("--submitters", o->submitters, "applicants submitting in parallel")
      ->capture_default_str();
  cmd->callback([o] {
    auto lines = hallbench::RunHallBench(*o);
    if (!lines.ok()) {
      std::fprintf(stderr, "bench hall: %s\n", lines.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    for (const auto& l : *lines)
      std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", l.name.c_str(), l.value,
                  l.unit.c_str());
  });
}

}  // namespace ow::cli
