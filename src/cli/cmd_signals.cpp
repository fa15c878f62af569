// `onewindow signals import --db DB --file FILE.jsonl`: imports department signals (fever
// clinic visits, test results, contact flags, ...), one JSON object per line, and prints one
// JSON report {"lines","imported","failed","errors":[{"line","error"}]}. Exits 0 when every
// line was imported, 1 when some failed (the good ones are kept), 2 on usage errors.
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "healthcode/signal_import.h"

namespace ow::cli {

void AddSignalsCommand(CLI::App& app) {
  auto* signals = app.add_subcommand("signals", "department signals for the colour engine");
  signals->require_subcommand(1);
  struct ImportArgs {
    app::AppConfig config;
    std::string file;
  };
  auto args = std::make_shared<ImportArgs>();
  auto* import = signals->add_subcommand(
      "import", "import signals from JSON Lines {id_number, kind, source, occurred_at, detail}");
  AddDatabaseOptions(*import, args->config);
  import->add_option("--file", args->file, "JSON Lines file (- for stdin)")->required();
  import->callback([args] {
    std::ifstream file;
  std::istream* in = &std::cin;
  if (args->file != "-") {
    file.open(args->file);
    if (!file) {
      std::fprintf(stderr, "error: cannot read %s\n", args->file.c_str());
      throw CLI::RuntimeError(2);
    }
    in = &file;
  }
  auto a = app::Application::Open(args->config);
  if (!a.ok()) {
    std::fprintf(stderr, "error: %s\n", a.status().ToString().c_str());
    throw CLI::RuntimeError(1);
  }
  healthcode::ImportReport report =
      healthcode::ImportSignals(*in, (*a)->health_codes(), (*a)->identity());
  boost::json::array errors;
  for (const auto& e : report.errors) errors.push_back({{"line", e.line}, {"error", e.message}});
  boost::json::object out{{"lines", report.lines},
                          {"imported", report.imported},
                          {"failed", static_cast<int64_t>(report.errors.size())},
                          {"errors", std::move(errors)}};
  std::printf("%s\n", boost::json::serialize(out).c_str());
  if (!report.errors.empty()) throw CLI::RuntimeError(1);
});
}  // namespace ow::cli

}  // namespace ow::cli
