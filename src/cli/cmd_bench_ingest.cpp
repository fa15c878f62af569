#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "ingest/ingest_bench.h"

namespace ow::cli {

void AddBenchIngestCommand(CLI::App& bench) {
  auto o = std::make_shared<checkpoint::IngestBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "ingest", "durable pass records/s with group commit vs one commit per record");
  cmd->add_option("--db", o->db_url, "database (default: a fresh SQLite file in /tmp)");
  cmd->add_option("--records", o->records, "records in the group-commit phase")
      ->capture_default_str();
  cmd->add_option("--producers", o->producers, "producer threads")->capture_default_str();
  cmd->add_option("--window", o->window,
                  "unacknowledged records per producer (small: the groups of a few busy gates)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--ms-per-record", o->ms_per_record,
                  "simulated time between records (86.4 = 1 M records per day)")
      ->capture_default_str();
  cmd->add_option("--client-ids", o->client_ids,
                  "client ids on the records: none, ordered (like UUIDv7) or random")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, checkpoint::ClientIds>{{"none", checkpoint::ClientIds::kNone},
                                                       {"ordered", checkpoint::ClientIds::kOrdered},
                                                       {"random", checkpoint::ClientIds::kRandom}}))
      ->capture_default_str();
  cmd->add_option("--baseline-seconds", o->baseline_seconds, "one-commit-per-record phase")
      ->capture_default_str();
  cmd->callback([o] {
    auto lines = checkpoint::RunIngestBench(*o);
    if (!lines.ok()) {
      std::fprintf(stderr, "bench ingest: %s\n", lines.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    for (const auto& l : *lines)
      std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", l.name.c_str(), l.value,
                  l.unit.c_str());
  });
}

}  // namespace ow::cli
