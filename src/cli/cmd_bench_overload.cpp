// `onewindow bench hashing-flood` and `onewindow bench admission`: a node under a
// password-hashing flood, and under an overload with admission control off and on;
// `onewindow bench load`: an open-loop load generator against a running server
// (bench/overload). Prints JSON lines {"name","value","unit"}.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/commands.h"
#include "overload/load_bench.h"
#include "overload/overload_bench.h"

namespace ow::cli {

namespace {
void Print(const Result<std::vector<overload::BenchLine>>& lines, const char* what) {
  if (!lines.ok()) {
    std::fprintf(stderr, "bench %s: %s\n", what, lines.status().ToString().c_str());
    throw CLI::RuntimeError(1);
  }
  for (const auto& l : *lines)
    std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", l.name.c_str(), l.value,
                l.unit.c_str());
}
}  // namespace

void AddBenchOverloadCommands(CLI::App& bench) {
  auto h = std::make_shared<overload::HashingFloodOptions>();
  auto* flood = bench.add_subcommand(
      "hashing-flood",
      "/healthz and scan latency while many connections register and log in (argon2id)");
  flood->add_option("--connections", h->connections, "flooding connections")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  flood->add_option("--seconds", h->seconds, "flood phase")->capture_default_str();
  flood->add_option("--baseline-seconds", h->baseline_seconds, "probes alone, before the flood")
      ->capture_default_str();
  flood->add_option("--hashing-workers", h->hashing_workers, "0 = the serve default")
      ->capture_default_str();
  flood->add_option("--hashing-queue", h->hashing_queue, "hashing queue length")
      ->capture_default_str();
  flood
      ->add_option("--honour-retry-after", h->honour_retry_after,
                   "a refused flooder waits Retry-After before its next request")
      ->capture_default_str();
  flood->add_option("--io-threads", h->io_threads, "server I/O threads (0 = one per core)")
      ->capture_default_str();
  flood->callback([h] {
    spdlog::set_level(spdlog::level::warn);  // no access log line per request
    Print(overload::RunHashingFlood(*h), "hashing-flood");
  });

  auto a = std::make_shared<overload::AdmissionBenchOptions>();
  auto* adm = bench.add_subcommand(
      "admission", "scans and health-code fetches beyond capacity, admission control off vs on");
  adm->add_option("--connections", a->connections, "closed-loop connections")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  adm->add_option("--seconds", a->seconds, "measured seconds per phase")->capture_default_str();
  adm->add_option("--max-queue-delay-ms", a->max_queue_delay_ms,
                  "queue delay beyond which requests are refused when on (0 = not used)")
      ->capture_default_str();
  adm->add_option("--max-inflight", a->max_inflight, "in-flight limit per class when on")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  adm->add_option("--honour-retry-after", a->honour_retry_after,
                  "a refused client waits Retry-After before its next request")
      ->capture_default_str();
  adm->add_option("--io-threads", a->io_threads, "server I/O threads (0 = one per core)")
      ->capture_default_str();
  adm->callback([a] {
    spdlog::set_level(spdlog::level::warn);
    Print(overload::RunAdmissionBench(*a), "admission");
  });

  auto l = std::make_shared<overload::LoadBenchOptions>();
  auto* load = bench.add_subcommand(
      "load",
      "open-loop load (fixed arrival rate, latency from the intended send time) against a "
      "running server, e.g. serve --demo");
  load->add_option("--host", l->host, "server address")->capture_default_str();
  load->add_option("--port", l->port, "server port")->capture_default_str();
  load->add_option("--rate", l->rate, "arrivals per second (all connections)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  load->add_option("--connections", l->connections, "open-loop connections")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  load->add_option("--seconds", l->seconds, "measured seconds")->capture_default_str();
  load->add_option("--warmup-seconds", l->warmup_seconds, "arrivals before the measurement")
      ->capture_default_str();
  load->add_option("--mix", l->mix, "route:weight,... of healthz, scan, code, register, login")
      ->capture_default_str();
  load->add_option("--flood-connections", l->flood_connections,
                   "closed-loop connections sending --flood-mix back to back")
      ->capture_default_str();
  load->add_option("--flood-mix", l->flood_mix, "routes in turn on each flood connection")
      ->capture_default_str();
  load->add_option("--label", l->label, "prefix of the reported names")->capture_default_str();
  load->add_option("--admin-id", l->admin_id, "an administrator (creates the gate)")
      ->capture_default_str();
  load->add_option("--admin-password", l->admin_password)->capture_default_str();
  load->add_option("--citizen-id", l->citizen_id, "the citizen whose code is scanned")
      ->capture_default_str();
  load->add_option("--citizen-password", l->citizen_password)->capture_default_str();
  load->callback([l] { Print(overload::RunLoadBench(*l), "load"); });
}

}  // namespace ow::cli
