#include "cli/commands.h"

#include "app/release.h"

namespace ow::cli {

void AddDatabaseOptions(CLI::App& cmd, app::AppConfig& config) {
  cmd.add_option("--db", config.db_url, "sqlite:PATH or postgresql://...")
      ->envname("ONEWINDOW_DB")
      ->capture_default_str();
  cmd.add_option("--key-file", config.key_file, "master key file (created with 0600 on first run)")
      ->envname("ONEWINDOW_KEY_FILE")
      ->capture_default_str();
}

void AddVersionCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "print the version");
  cmd->callback([] { std::printf("onewindow %s\n", app::ReleaseVersion()); });
}

}  // namespace ow::cli
