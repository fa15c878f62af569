// `onewindow bench codes [--seconds S]`: health-code issue/verify throughput, verify cost
// relative to raw Ed25519, and QR PNG render time, as JSON lines.
#include <boost/json.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "codes/codes_bench.h"

void AddBenchCodesCommand(CLI::App& bench) {
  auto seconds = std::make_shared<double>(3.0);
  CLI::App* cmd = bench.add_subcommand("codes", "health-code issue/verify/QR benchmarks");
  cmd->add_option("--seconds", *seconds, "approximate total run time")->check(CLI::PositiveNumber);
  cmd->callback([seconds] {
    for (const auto& m : ow::codes::RunCodesBench(*seconds)) {
      boost::json::object line{{"name", m.name}, {"value", m.value}, {"unit", m.unit}};
      std::printf("%s\n", boost::json::serialize(line).c_str());
    }
    std::fflush(stdout);
  });
}
