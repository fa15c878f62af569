#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <string_view>

#include "cli/commands.h"
#include "cli/demo_data.h"
#include "http/server.h"

namespace ow::cli {

namespace {
struct ServeOptions {
  app::AppConfig config;
  http::ServerOptions server;
  bool demo = false;
  int port = 8080;
  std::string log_level = "info";
  int64_t entry_window_minutes = 60;
  double pre_stop_seconds = 0;
  std::vector<std::string> hall_providers;  // MEMBER=URL, into config.hall_exchange
};
}  // namespace

void AddServeCommand(CLI::App& app) {
  auto opts = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "run the HTTP server");
  AddDatabaseOptions(*cmd, opts->config);
  cmd->add_option("--port", opts->port, "TCP port (0 = any free port)")
      ->envname("ONEWINDOW_PORT")
      ->capture_default_str();
  cmd->add_option("--address", opts->server.address, "listen address")
      ->envname("ONEWINDOW_ADDRESS")
      ->capture_default_str();
  cmd->add_option("--threads", opts->server.threads, "worker threads (0 = one per core)")
      ->envname("ONEWINDOW_THREADS");
  cmd->add_option("--static-dir", opts->config.static_dir,
                  "built front end to serve (default: web/dist when present)")
      ->envname("ONEWINDOW_STATIC_DIR");
  cmd->add_option("--db-pool", opts->config.db_pool, "database connections")
      ->envname("ONEWINDOW_DB_POOL");
  cmd->add_option("--db-query-timeout-ms", opts->config.db_query_timeout_ms,
                  "PostgreSQL: answer 503 when a statement gets no answer within this (0 = wait)")
      ->envname("ONEWINDOW_DB_QUERY_TIMEOUT_MS")
      ->check(CLI::Range(0, 600000));
  cmd->add_option("--issuer-region", opts->config.issuer_region,
                  "GB/T 2260 region code this installation issues health codes for")
      ->envname("ONEWINDOW_ISSUER_REGION")
      ->capture_default_str();
  cmd->add_flag("--test-clock", opts->config.test_clock,
                "enable POST /api/v1/test/clock (never in production)");
  cmd->add_flag("--secure-cookies", opts->config.secure_cookies,
                "served over HTTPS: Secure __Host- cookies and Strict-Transport-Security")
      ->envname("ONEWINDOW_SECURE_COOKIES");
  cmd->add_option("--public-url", opts->config.public_url,
                  "URL clients reach this installation at, e.g. https://onewindow.example "
                  "(the OIDC issuer; default http://127.0.0.1:<port>)")
      ->envname("ONEWINDOW_PUBLIC_URL")
      ->transform(CLI::Validator(
          [](std::string& url) -> std::string {
            while (url.ends_with('/')) url.pop_back();
            bool scheme = url.starts_with("https://") || url.starts_with("http://");
            std::string_view rest = url;
            rest.remove_prefix(scheme ? rest.find("//") + 2 : 0);
            if (!scheme || rest.empty() ||
                rest.find_first_of("?#@ \t\r\n") != std::string_view::npos)
              return "must be an http(s) public URL without query, fragment or user info";
            return "";
          },
          "URL", "public URL"));
  cmd->add_option("--registrations-per-minute", opts->config.identity.registrations.max,
                  "registration attempts per client address per minute (0 = no limit)")
      ->envname("ONEWINDOW_REGISTRATIONS_PER_MINUTE")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--logins-per-minute", opts->config.identity.logins.max,
                  "successful logins per client address per minute (0 = no limit)")
      ->envname("ONEWINDOW_LOGINS_PER_MINUTE")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--trace-days-before-onset", opts->config.trace.days_before_onset,
                  "infectious window starts this many days before onset")
      ->check(CLI::Range(0, 14))
      ->capture_default_str();
  cmd->add_option("--trace-entry-window-minutes", opts->entry_window_minutes,
                  "an entry-only pass counts as present this long")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  cmd->add_option("--trace-depth", opts->config.trace.depth,
                  "1: close contacts; 2: also their contacts (secondary)")
      ->check(CLI::Range(1, 2))
      ->capture_default_str();
  cmd->add_option("--hashing-workers", opts->config.hashing_workers,
                  "password-hashing threads for registration and login (0 = half the cores, "
                  "at least 1)")
      ->envname("ONEWINDOW_HASHING_WORKERS")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--hashing-queue", opts->config.hashing_queue,
                  "registrations and logins waiting for a hashing thread; beyond, 503")
      ->envname("ONEWINDOW_HASHING_QUEUE")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-inflight-scans", opts->config.admission.scans,
                  "scans and code verifications in progress at once; beyond, 503 (0 = no limit)")
      ->envname("ONEWINDOW_MAX_INFLIGHT_SCANS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-inflight-reads", opts->config.admission.reads,
                  "other GET requests in progress at once; beyond, 503 (0 = no limit)")
      ->envname("ONEWINDOW_MAX_INFLIGHT_READS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-inflight-writes", opts->config.admission.writes,
                  "other writes in progress at once; beyond, 503 (0 = no limit)")
      ->envname("ONEWINDOW_MAX_INFLIGHT_WRITES")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-queue-delay-ms", opts->config.admission.max_queue_delay_ms,
                  "refuse (503) all but probes, registration and login while ready requests wait "
                  "longer than this for an I/O thread (0 = off)")
      ->envname("ONEWINDOW_MAX_QUEUE_DELAY_MS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  auto& xlog = opts->config.exchange_stamper;
  cmd->add_option("--tsa-url", xlog.tsa.url,
                  "RFC 3161 time-stamping authority for the exchange message log, "
                  "http://HOST[:PORT][/PATH] (default none: batches stay unstamped)")
      ->envname("ONEWINDOW_TSA_URL");
  cmd->add_option("--tsa-ca", xlog.tsa.ca_file,
                  "PEM file of the TSA's CA: tokens whose signature does not chain to it are "
                  "refused (default: the signature is not checked)")
      ->envname("ONEWINDOW_TSA_CA");
  cmd->add_option("--exchange-log-batch-size", opts->config.exchange_log.batch_entries,
                  "message log entries per time-stamped batch")
      ->envname("ONEWINDOW_EXCHANGE_LOG_BATCH_SIZE")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_flag("--exchange-full-logging", opts->config.exchange_log.full_bodies,
                "keep the request and response bodies of exchange messages in the message log, "
                "sealed (default: hashes only)")
      ->envname("ONEWINDOW_EXCHANGE_FULL_LOGGING");
  cmd->add_option("--exchange-log-batch-seconds", xlog.batch_seconds,
                  "a batch is also sealed and stamped once its first entry is this old")
      ->envname("ONEWINDOW_EXCHANGE_LOG_BATCH_SECONDS")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--tsa-alarm-batches", xlog.alarm_batches,
                  "raise onewindow_exchange_tsa_alarm when more batches than this are unstamped")
      ->envname("ONEWINDOW_TSA_ALARM_BATCHES")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--exchange-log-retention-days", xlog.retention_days,
                  "purge stamped message log batches older than this (0 = keep all)")
      ->envname("ONEWINDOW_EXCHANGE_LOG_RETENTION_DAYS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--hall-timer-seconds", opts->config.hall_timer_seconds,
                  "how often the hall's deadline timers run (once per cluster: the node holding "
                  "the job's lease, which lapses after three periods without renewal)")
      ->envname("ONEWINDOW_HALL_TIMER_SECONDS")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--pre-stop-seconds", opts->pre_stop_seconds,
                  "on SIGTERM, first answer /readyz with 503 for this long while serving as "
                  "before, so that a load balancer stops sending new requests; then drain "
                  "(behind HAProxy: more than fall x inter; a second SIGTERM skips the wait)")
      ->envname("ONEWINDOW_PRE_STOP_SECONDS")
      ->check(CLI::Range(0.0, 300.0))
      ->capture_default_str();
  cmd->add_flag("--demo", opts->demo, "load demo accounts and data if missing");
  auto& hx = opts->config.hall_exchange;
  cmd->add_option("--hall-exchange-url", hx.default_url,
                  "where the hall reaches department systems for prefill, http://HOST:PORT "
                  "(e.g. a running `onewindow dept-sim`; default: prefill off)")
      ->envname("ONEWINDOW_HALL_EXCHANGE_URL");
  cmd->add_option("--hall-provider", opts->hall_providers,
                  "a provider's own URL, MEMBER=http://HOST:PORT (repeatable), e.g. "
                  "CN-ZJ/GOV/330000-TAX/etax=http://127.0.0.1:9100")
      ->each([&hx](const std::string& v) {
        const size_t eq = v.find('=');
        if (eq == std::string::npos || eq == 0)
          throw CLI::ValidationError("--hall-provider", "expected MEMBER=http://HOST:PORT");
        hx.provider_urls[v.substr(0, eq)] = v.substr(eq + 1);
      });
  cmd->add_option("--hall-key-file", hx.key_file,
                  "the hall member's signing key file (default: the dept-sim demo key)")
      ->envname("ONEWINDOW_HALL_KEY_FILE");
  cmd->add_option("--hall-sim-seed", hx.sim_seed, "seed of the demo key (as dept-sim --seed)")
      ->capture_default_str();
  cmd->add_option("--hall-exchange-deadline-ms", hx.deadline_ms, "per attempt")
      ->capture_default_str();
  cmd->add_option("--log-level", opts->log_level,
                  "trace|debug|info|warn|error (info logs each request)")
      ->envname("ONEWINDOW_LOG_LEVEL")
      ->capture_default_str();
  cmd->callback([opts] {
    spdlog::set_level(spdlog::level::from_str(opts->log_level));
    opts->config.background_jobs = true;  // daily retention purge
    opts->config.trace.entry_window_ms = opts->entry_window_minutes * 60'000;
    if (opts->config.static_dir.empty() && std::filesystem::exists("web/dist/index.html"))
      opts->config.static_dir = "web/dist";
    auto application = app::Application::Open(opts->config);
    if (!application.ok()) {
      spdlog::error("cannot start: {}", application.status().ToString());
      throw CLI::RuntimeError(1);
    }
    auto& a = **application;
    if (opts->demo) {
      Status s = LoadDemoData(a);
      if (!s.ok()) {
        spdlog::error("demo data: {}", s.ToString());
        throw CLI::RuntimeError(1);
      }
    }
    opts->server.port = static_cast<uint16_t>(opts->port);
    opts->server.pre_stop =
        std::chrono::milliseconds(static_cast<int64_t>(opts->pre_stop_seconds * 1000));
    http::Server server(a.dispatcher(), opts->server);
    Status s = server.Start();
    if (!s.ok()) {
      spdlog::error("cannot start: {}", s.ToString());
      throw CLI::RuntimeError(1);
    }
    a.UseListeningPort(server.port());
    server.StopOnSignals();
    spdlog::info(
        "{{\"event\":\"listening\",\"url\":\"http://{}:{}\",\"public_url\":\"{}\","
        "\"db\":\"{}\",\"test_clock\":{}}}",
        opts->server.address, server.port(), a.public_url(), a.db().Describe(),
        opts->config.test_clock);
    server.Run();
  });
}

void AddMigrateCommand(CLI::App& app) {
  auto config = std::make_shared<app::AppConfig>();
  auto* cmd = app.add_subcommand("migrate", "apply pending schema migrations and exit");
  AddDatabaseOptions(*cmd, *config);
  cmd->callback([config] {
    auto application = app::Application::Open(*config);
    if (!application.ok()) {
      std::fprintf(stderr, "migrate failed: %s\n", application.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    auto versions = store::AppliedVersions((*application)->db());
    if (versions.ok())
      for (const auto& [module, v] : *versions) std::printf("%s %d\n", module.c_str(), v);
  });
}

}  // namespace ow::cli
