// `onewindow exchange`: the exchange module's commands. AddExchangeCommand creates the
// `exchange` group; each part adds its subcommands to it (main.cpp wires them):
//   registry import --db DB --file F   load a catalogue (members, services, access rights and
//                                      optional keys) idempotently; prints what changed as JSON
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "exchange/registry.h"
#include "http/json.h"

namespace ow::cli {

namespace {

struct RegistryImportArgs {
  app::AppConfig config;
  std::string file;
};

[[noreturn]] void Fail(const Status& s, int code = 1) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  for (const auto& f : s.fields())
    std::fprintf(stderr, "  %s: %s%s\n", f.path.c_str(), f.message.c_str(),
                 f.code.empty() ? "" : (" (" + f.code + ")").c_str());
  throw CLI::RuntimeError(code);
}

void RegistryImport(const RegistryImportArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) Fail(Status::NotFound("cannot read " + args.file), 2);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = http::ParseJsonStrict(text.str());
  if (!doc.ok()) Fail(Status::Invalid(args.file + " is not JSON: " + doc.status().message()), 2);
  spdlog::set_default_logger(spdlog::stderr_logger_mt("exchange-registry"));
  auto a = app::Application::Open(args.config);
  if (!a.ok()) Fail(a.status());
  auto counts = (*a)->registry().Import(*doc, "cli");
  if (!counts.ok()) Fail(counts.status());
  boost::json::object o{{"members", counts->members},
                        {"keys", counts->keys},
                        {"services", counts->services},
                        {"rights", counts->rights}};
  std::printf("%s\n", boost::json::serialize(o).c_str());
}

}  // namespace

CLI::App& AddExchangeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("exchange", "data exchange between departments (数据共享交换)");
  cmd->require_subcommand(1);
  return *cmd;
}

void AddExchangeRegistryCommand(CLI::App& exchange) {
  auto* reg = exchange.add_subcommand("registry", "members, keys, services and access rights");
  reg->require_subcommand(1);
  auto args = std::make_shared<RegistryImportArgs>();
  auto* import_cmd = reg->add_subcommand(
      "import", "load a catalogue file (like exchange/catalogue.json); idempotent");
  AddDatabaseOptions(*import_cmd, args->config);
  import_cmd->add_option("--file", args->file, "the catalogue (JSON)")->required();
  import_cmd->callback([args] { RegistryImport(*args); });
}

}  // namespace ow::cli
