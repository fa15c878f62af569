// `onewindow exchange log verify|export`: checks the exchange message log's chain, signatures
// and time-stamp imprints (exit 0 intact, 1 tampered, 2 cannot check), and writes each
// time-stamped batch as N.data (the exact bytes stamped) + N.tsr (the DER TimeStampResp), so
// that `openssl ts -verify -data N.data -in N.tsr -CAfile tsa.pem` checks it without OneWindow.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "crypto/crypto.h"
#include "exchange/message_log.h"
#include "store/migrations.h"

namespace ow::cli {
namespace {

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

[[noreturn]] void Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "error: %s: %s\n", what.c_str(), s.ToString().c_str());
  throw CLI::RuntimeError(2);
}

std::unique_ptr<app::Application> OpenForReading(app::AppConfig config) {
  config.migrate = false;  // a check changes nothing
  auto a = app::Application::Open(config);
  if (!a.ok()) Fail("cannot open the database", a.status());
  return std::move(a).value();
}

bool WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

struct ExportArgs {
  app::AppConfig config;
  std::string out;
  std::string tsa_ca;
};

struct BenchArgs {
  std::string db;  // "" = a fresh SQLite file in a temporary directory
  int entries = 20000;
  int threads = 4;
  int batch = 1000;
};

void PrintLine(const char* name, double value, const char* unit) {
  std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", name, value, unit);
  std::fflush(stdout);
}

// Appends `entries` signed, chained entries from `threads` threads, then verifies the log.
void RunLogBench(const BenchArgs& a) {
  crypto::Init();
  std::filesystem::path tmp;
  std::string url = a.db;
  if (url.empty()) {
    tmp = std::filesystem::temp_directory_path() / ("ow-bench-xlog-" + crypto::NewId());
    url = "sqlite:" + (tmp / "log.db").string();
  }
  auto db = store::Open(url);
  if (!db.ok()) Fail("cannot open " + url, db.status());
  if (Status s = store::Migrate(**db, exchange::MessageLog::Migrations()); !s.ok())
    Fail("cannot migrate", s);
  SystemClock clock;
  const crypto::KeyRing keys = crypto::KeyRing::FromMaster(crypto::RandomBytes(32));
  exchange::MessageLog log(**db, clock, keys, {a.batch});
  auto before = log.Counts();
  if (!before.ok()) Fail("cannot count", before.status());

  std::atomic<int> next{0}, failures{0};
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, a.threads); ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < a.entries; i = next++) {
        exchange::LogEntry e;
        e.message_id = crypto::NewId();
        e.direction = "in";
        e.client = "CN-ZJ/GOV/330000-HEALTH/fever-clinic";
        e.service = "CN-ZJ/GOV/330000-OW/healthcode/events";
        e.purpose = "epidemic-control";
        e.person_index = crypto::ToHex(crypto::Hash(std::to_string(i % 5000)));
        e.fields = "visit_date,diagnosis";
        e.request_hash = crypto::Base64Encode(crypto::Sha512(e.message_id));
        e.response_hash = crypto::Base64Encode(crypto::Sha512(e.person_index));
        e.status = 200;
        e.outcome = "ok";
        if (!log.Append(e).ok()) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  const double append_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (failures > 0) Fail("appends failed", Status::Internal(std::to_string(failures.load())));

  const auto t1 = std::chrono::steady_clock::now();
  auto report = log.Verify();
  const double verify_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  if (!report.ok()) Fail("cannot verify", report.status());
  if (!report->ok) Fail("verify", Status::Internal(report->problem));
  PrintLine("exchange_log_appends_per_s", a.entries / append_s, "1/s");
  PrintLine("exchange_log_verify_entries_per_s", report->entries / verify_s, "1/s");
  PrintLine("exchange_log_entries_verified", static_cast<double>(report->entries), "entries");
  db->reset();
  if (!tmp.empty()) std::filesystem::remove_all(tmp);
}
}  // namespace

void AddBenchExchangeLogCommand(CLI::App& bench) {
  auto a = std::make_shared<BenchArgs>();
  auto* cmd = bench.add_subcommand(
      "exchange-log", "message log: signed, chained appends per second and verify speed");
  cmd->add_option("--db", a->db, "a scratch database (default: a new SQLite file)");
  cmd->add_option("--entries", a->entries, "entries to append")->capture_default_str();
  cmd->add_option("--threads", a->threads, "appending threads")->capture_default_str();
  cmd->add_option("--batch", a->batch, "entries per batch")->capture_default_str();
  cmd->callback([a] { RunLogBench(*a); });
}

// Adds `log verify` and `log export` under the `exchange` command (created here when no other
// file has added it yet).
void AddExchangeLogCommands(CLI::App& app) {
  CLI::App* exchange = nullptr;
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return s->get_name() == "exchange"; }))
    exchange = sub;
  if (!exchange) {
    exchange = app.add_subcommand("exchange", "data exchange between departments (X-Road)");
    exchange->require_subcommand(1);
  }
  auto* log = exchange->add_subcommand("log", "the exchange message log");
  log->require_subcommand(1);

  auto verify_config = std::make_shared<app::AppConfig>();
  auto* verify = log->add_subcommand(
      "verify",
      "check the chain, signatures and time-stamp imprints; exit 0 intact, 1 tampered "
      "(prints the first bad seq), 2 cannot check");
  AddDatabaseOptions(*verify, *verify_config);
  verify->callback([verify_config] {
    auto a = OpenForReading(*verify_config);
    auto r = a->message_log().Verify();
    if (!r.ok()) Fail("cannot verify", r.status());
    std::printf(
        "{\"ok\":%s,\"entries\":%lld,\"batches\":%lld,\"stamped\":%lld,\"bodies\":%lld,"
        "\"first_bad_seq\":%lld,\"problem\":%s}\n",
        r->ok ? "true" : "false", static_cast<long long>(r->entries),
        static_cast<long long>(r->batches), static_cast<long long>(r->stamped),
        static_cast<long long>(r->bodies),
        static_cast<long long>(r->first_bad_seq), JsonString(r->problem).c_str());
    if (!r->ok) {
      std::fprintf(stderr, "message log tampered: first bad seq %lld: %s\n",
                   static_cast<long long>(r->first_bad_seq), r->problem.c_str());
      throw CLI::RuntimeError(1);
    }
  });

  struct ShowArgs {
    app::AppConfig config;
    int64_t seq = 0;
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* show = log->add_subcommand(
      "show",
      "print one entry as JSON, with its request and response bodies when the log kept them "
      "(full-logging mode); exit 1 when the bodies do not match the entry");
  AddDatabaseOptions(*show, show_args->config);
  show->add_option("--seq", show_args->seq, "the entry's sequence number")->required();
  show->callback([show_args] {
    auto a = OpenForReading(show_args->config);
    auto m = a->message_log().Get(show_args->seq);
    if (!m.ok()) {
      std::fprintf(stderr, "error: %s\n", m.status().ToString().c_str());
      throw CLI::RuntimeError(m.status().code() == Code::kNotFound ? 2 : 1);
    }
    const exchange::LogEntry& e = m->entry;
    std::string out = "{\"seq\":" + std::to_string(e.seq) + ",\"at_ms\":" + std::to_string(e.at_ms) +
                      ",\"message_id\":" + JsonString(e.message_id) +
                      ",\"direction\":" + JsonString(e.direction) +
                      ",\"client\":" + JsonString(e.client) + ",\"service\":" + JsonString(e.service) +
                      ",\"purpose\":" + JsonString(e.purpose) +
                      ",\"person_index\":" + JsonString(e.person_index) +
                      ",\"fields\":" + JsonString(e.fields) +
                      ",\"request_hash\":" + JsonString(e.request_hash) +
                      ",\"response_hash\":" + JsonString(e.response_hash) +
                      ",\"status\":" + std::to_string(e.status) +
                      ",\"outcome\":" + JsonString(e.outcome);
    if (m->bodies) {
      out += ",\"request_body\":" + JsonString(m->bodies->request_body) +
             ",\"response_body\":" + JsonString(m->bodies->response_body);
    }
    std::printf("%s}\n", out.c_str());
  });

  auto args = std::make_shared<ExportArgs>();
  auto* exp = log->add_subcommand(
      "export",
      "write N.data + N.tsr per time-stamped batch (and tsa.pem with --tsa-ca) for "
      "`openssl ts -verify -data N.data -in N.tsr -CAfile tsa.pem`");
  AddDatabaseOptions(*exp, args->config);
  exp->add_option("--out", args->out, "directory to write to (created)")->required();
  exp->add_option("--tsa-ca", args->tsa_ca, "the TSA's CA (PEM), copied to DIR/tsa.pem")
      ->envname("ONEWINDOW_TSA_CA");
  exp->callback([args] {
    auto a = OpenForReading(args->config);
    std::error_code ec;
    const std::filesystem::path out(args->out);
    std::filesystem::create_directories(out, ec);
    if (ec) Fail("cannot create " + args->out, Status::Internal(ec.message()));
    if (!args->tsa_ca.empty()) {
      std::filesystem::copy_file(args->tsa_ca, out / "tsa.pem",
                                 std::filesystem::copy_options::overwrite_existing, ec);
      if (ec) Fail("cannot copy " + args->tsa_ca, Status::Internal(ec.message()));
    }
    exchange::MessageLog& log = a->message_log();
    if (!WriteFile(out / "log-public-key.hex", crypto::ToHex(log.public_key()) + "\n"))
      Fail("cannot write", Status::Internal((out / "log-public-key.hex").string()));
    int64_t written = 0, unstamped = 0, mismatched = 0, from = 1;
    for (;;) {
      auto batches = log.Batches(from, 500);
      if (!batches.ok()) Fail("cannot read batches", batches.status());
      for (const exchange::LogBatch& b : *batches) {
        from = b.batch + 1;
        if (b.tsr.empty()) {
          ++unstamped;
          continue;
        }
        auto data = log.BatchData(b.batch);
        if (!data.ok()) Fail("cannot read batch " + std::to_string(b.batch), data.status());
        if (exchange::Sha256(*data) != b.data_sha256) ++mismatched;
        const std::string n = std::to_string(b.batch);
        if (!WriteFile(out / (n + ".data"), *data) || !WriteFile(out / (n + ".tsr"), b.tsr))
          Fail("cannot write", Status::Internal((out / n).string()));
        ++written;
      }
      if (batches->size() < 500) break;
    }
    std::printf("{\"out\":%s,\"batches\":%lld,\"unstamped\":%lld,\"mismatched\":%lld}\n",
                JsonString(args->out).c_str(), static_cast<long long>(written),
                static_cast<long long>(unstamped), static_cast<long long>(mismatched));
    if (mismatched > 0) {
      std::fprintf(stderr, "%lld batch(es) no longer match their sealed data\n",
                   static_cast<long long>(mismatched));
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace ow::cli
