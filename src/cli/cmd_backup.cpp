// `onewindow backup` and `onewindow restore`: online backups of an embedded (SQLite) database
// and putting one back. PostgreSQL installations use pg_basebackup / pgBackRest
// (docs/operations.md, "Backups").
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "store/sqlite/sqlite_backup.h"

namespace ow::cli {

namespace {

// The file path of a sqlite: URL; exits 2 with advice for anything else.
std::string SqlitePathOrExit(const std::string& url, const char* what) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    std::fprintf(stderr,
                 "error: %s works on SQLite databases; back up PostgreSQL with pg_basebackup "
                 "or pgBackRest (docs/operations.md, \"Backups\")\n",
                 what);
    throw CLI::RuntimeError(2);
  }
  std::string path = url;
  if (path.starts_with("sqlite:")) path = path.substr(7);
  if (path.starts_with("//")) path = path.substr(2);
  if (path.empty() || path == ":memory:") {
    std::fprintf(stderr, "error: --db must be sqlite:PATH with a file path\n");
    throw CLI::RuntimeError(2);
  }
  return path;
}

void PrintReport(const char* verb, const std::string& path, const store::BackupReport& r) {
  std::printf("{\"%s\":\"%s\",\"pages\":%lld,\"bytes\":%lld,\"migrations\":%lld}\n", verb,
              path.c_str(), static_cast<long long>(r.pages), static_cast<long long>(r.bytes),
              static_cast<long long>(r.migrations));
}

}  // namespace

void AddBackupCommands(CLI::App& app) {
  struct Args {
    std::string db = "sqlite:data/onewindow.db";
    std::string out, from;
    bool replace = false;
  };
  auto args = std::make_shared<Args>();

  auto* backup = app.add_subcommand(
      "backup", "copy a live SQLite database to a new file (one consistent snapshot)");
  backup->add_option("--db", args->db, "sqlite:PATH")->envname("ONEWINDOW_DB")->capture_default_str();
  backup->add_option("--out", args->out, "the backup file to create (must not exist)")->required();
  backup->callback([args] {
    std::string path = SqlitePathOrExit(args->db, "backup");
    auto r = store::BackupSqlite(path, args->out);
    if (!r.ok()) {
      std::fprintf(stderr, "error: %s\n", r.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    PrintReport("backup", args->out, *r);
  });

  auto* restore = app.add_subcommand(
      "restore", "put a backup in place of a SQLite database (stop its servers first)");
  restore->add_option("--db", args->db, "sqlite:PATH to restore into")
      ->envname("ONEWINDOW_DB")
      ->capture_default_str();
  restore->add_option("--from", args->from, "the backup file")->required();
  restore->add_flag("--replace", args->replace, "replace an existing database file");
  restore->callback([args] {
    std::string path = SqlitePathOrExit(args->db, "restore");
    auto r = store::RestoreSqlite(args->from, path, args->replace);
    if (!r.ok()) {
      std::fprintf(stderr, "error: %s\n", r.status().ToString().c_str());
      throw CLI::RuntimeError(1);
    }
    PrintReport("restored", path, *r);
  });
}

}  // namespace ow::cli
