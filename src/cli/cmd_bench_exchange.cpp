// `onewindow bench exchange`: pushes through the gateway vs raw verification (bench/exchange).
#include <cstdio>

#include "cli/commands.h"
#include "exchange/exchange_bench.h"

namespace ow::cli {

void AddBenchExchangeCommand(CLI::App& bench) {
  auto o = std::make_shared<exchangebench::ExchangeBenchOptions>();
  auto* cmd = bench.add_subcommand(
      "exchange", "signed department events through the gateway vs raw signature verification");
  cmd->add_option("--events", o->events, "events pushed")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--persons", o->persons, "people the events are about")->capture_default_str();
  cmd->add_option("--connections", o->connections, "parallel senders")->capture_default_str();
  cmd->add_option("--kind", o->kind, "one event kind (default: a mix of the four)");
  cmd->callback([o] {
    auto lines = exchangebench::RunExchangeBench(*o);
    if (!lines.ok()) {
      std::fprintf(stderr, "bench exchange: %s\n", lines.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    for (const auto& l : *lines)
      std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", l.name.c_str(), l.value,
                  l.unit.c_str());
  });
}

}  // namespace ow::cli
