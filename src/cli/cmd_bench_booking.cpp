// `onewindow bench booking`: people competing for time slots (bench/booking). Prints JSON lines
// {"name","value","unit"}, then one summary line with bookings_per_s, booking_p99_ms, capacity
// and booked.
#include <cstdio>

#include "booking/booking_bench.h"
#include "cli/commands.h"

namespace ow::cli {

void AddBenchBookingCommand(CLI::App& bench) {
  auto o = std::make_shared<bookingbench::BookingBenchOptions>();
  auto* cmd = bench.add_subcommand("booking", "10,000 people competing for 1,000 time slots");
  cmd->add_option("--db", o->db_url, "database (default: a fresh SQLite file in /tmp)");
  cmd->add_option("--people", o->people, "people competing")->capture_default_str();
  cmd->add_option("--slots", o->slots, "slots of one place each")->capture_default_str();
  cmd->add_option("--threads", o->threads, "booking threads")->capture_default_str();
  cmd->add_option("--attempts", o->attempts, "slots a person tries")->capture_default_str();
  cmd->add_option("--in-flight", o->in_flight,
                  "asynchronous bookings outstanding in the second contest (0 = skip)")
      ->capture_default_str();
  cmd->callback([o] {
    auto lines = bookingbench::RunBookingBench(*o);
    if (!lines.ok()) {
      std::fprintf(stderr, "bench booking: %s\n", lines.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    std::string summary = "{\"bench\":\"booking\"";
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
