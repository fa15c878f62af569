// onewindow: the OneWindow binary (serve, migrate, admin, verify, bench, version).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Logs go to stderr so that commands printing JSON keep stdout clean.
  spdlog::set_default_logger(spdlog::stderr_color_mt("onewindow"));
  CLI::App app{"OneWindow (一网通办): digital-government platform"};
  app.require_subcommand(1);
  app.set_config("--config", "",
                 "optional config file (TOML/INI): flags take precedence over it, and "
                 "ONEWINDOW_* environment variables fill only options it leaves unset; "
                 "unknown keys are refused");
  // A misspelt key in the file must not be ignored silently (it would leave a default on).
  app.allow_config_extras(CLI::config_extras_mode::error);
  ow::cli::AddServeCommand(app);
  ow::cli::AddMigrateCommand(app);
  ow::cli::AddAdminCommand(app);
  ow::cli::AddSignalsCommand(app);
  ow::cli::AddVersionCommand(app);
  ow::cli::AddBackupCommands(app);
  ow::cli::AddTrustListCommand(app);
  CLI::App& exchange = ow::cli::AddExchangeCommand(app);
  ow::cli::AddExchangeRegistryCommand(exchange);
  ow::cli::AddDeptSimCommand(app);
  AddVerifyCommand(app);
  ow::cli::AddExchangeLogCommands(app);
  auto* bench = app.add_subcommand("bench", "benchmarks; print JSON lines");
  bench->require_subcommand(1);
  AddBenchCodesCommand(*bench);
  ow::cli::AddBenchIngestCommand(*bench);
  ow::cli::AddBenchTraceCommand(*bench);
  ow::cli::AddBenchRecolourCommand(*bench);
  ow::cli::AddBenchOverloadCommands(*bench);
  ow::cli::AddBenchHallCommand(*bench);
  ow::cli::AddBenchBookingCommand(*bench);
  ow::cli::AddBenchJobsCommand(*bench);
  ow::cli::AddBenchExchangeCommand(*bench);
  ow::cli::AddBenchExchangeLogCommand(*bench);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command failed: its own exit code (1 = invalid/failed)
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2
  }
  return 0;
}
