// `onewindow exchange log verify|export`: checks the exchange message log's chain, signatures
// and time-stamp imprints (exit 0 intact, 1 tampered, 2 cannot check), and writes each
// time-stamped batch as N.data (the exact bytes stamped) + N.tsr (the DER TimeStampResp), so
// that `openssl ts -verify -data N.data -in N.tsr -CAfile tsa.pem` checks it without OneWindow.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "crypto/crypto.h"
#include "exchange/message_log.h"

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

}  // namespace

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
        "{\"ok\":%s,\"entries\":%lld,\"batches\":%lld,\"stamped\":%lld,\"first_bad_seq\":%lld,"
        "\"problem\":%s}\n",
        r->ok ? "true" : "false", static_cast<long long>(r->entries),
        static_cast<long long>(r->batches), static_cast<long long>(r->stamped),
        static_cast<long long>(r->first_bad_seq), JsonString(r->problem).c_str());
    if (!r->ok) {
      std::fprintf(stderr, "message log tampered: first bad seq %lld: %s\n",
                   static_cast<long long>(r->first_bad_seq), r->problem.c_str());
      throw CLI::RuntimeError(1);
    }
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
