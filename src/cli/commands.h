// The subcommands of the `onewindow` binary. Each Add*Command registers one subcommand on
// the CLI11 app; main.cpp wires them together.
#pragma once

#include <CLI/CLI.hpp>

#include "app/application.h"

namespace ow::cli {

// Adds --db, --key-file and --config-aware env names for commands that open the database.
void AddDatabaseOptions(CLI::App& cmd, app::AppConfig& config);

void AddServeCommand(CLI::App& app);
void AddMigrateCommand(CLI::App& app);
void AddAdminCommand(CLI::App& app);
void AddSignalsCommand(CLI::App& app);  // signals import (healthcode)
void AddVersionCommand(CLI::App& app);
void AddBackupCommands(CLI::App& app);  // backup, restore (cmd_backup.cpp)
void AddTrustListCommand(CLI::App& app);  // cmd_trust.cpp
// cmd_exchange.cpp: the `exchange` group (returned, for the exchange parts to add their
// subcommands to) and its `registry` subcommand.
CLI::App& AddExchangeCommand(CLI::App& app);
void AddExchangeRegistryCommand(CLI::App& exchange);
void AddDeptSimCommand(CLI::App& app);    // cmd_dept_sim.cpp
void AddBenchIngestCommand(CLI::App& bench);
void AddBenchTraceCommand(CLI::App& bench);      // cmd_bench_trace.cpp
void AddBenchRecolourCommand(CLI::App& bench);   // cmd_bench_recolour.cpp
void AddBenchOverloadCommands(CLI::App& bench);  // hashing-flood, admission (cmd_bench_overload)
void AddBenchHallCommand(CLI::App& bench);       // cmd_bench_hall.cpp
void AddBenchBookingCommand(CLI::App& bench);    // cmd_bench_booking.cpp
void AddBenchJobsCommand(CLI::App& bench);       // cmd_bench_jobs.cpp
void AddBenchExchangeCommand(CLI::App& bench);   // cmd_bench_exchange.cpp
// `exchange log verify|export` (cmd_exchange_log.cpp); adds the `exchange` command if no
// other file has, so call it after the other `exchange` subcommands are added.
void AddExchangeLogCommands(CLI::App& app);
void AddBenchExchangeLogCommand(CLI::App& bench);  // cmd_exchange_log.cpp

}  // namespace ow::cli

// Provided by the codes module (src/cli/cmd_verify.cpp, src/cli/cmd_bench_codes.cpp).
void AddVerifyCommand(CLI::App& app);
void AddBenchCodesCommand(CLI::App& bench);
