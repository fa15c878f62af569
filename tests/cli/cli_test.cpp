// The `onewindow` binary's admin commands, migrations and usage errors, run as a real process.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "store/database.h"
#include "support/process.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string db() const { return "sqlite:" + dir_.path() + "/ow.db"; }
  std::string key() const { return dir_.path() + "/master.key"; }
  RunResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db(), "--key-file", key()});
    return RunBinary(args);
  }
};

TEST_F(CliTest, VersionAndUsageErrors) {
  RunResult v = RunBinary({"version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.output.find("onewindow "), std::string::npos);
  EXPECT_EQ(RunBinary({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunBinary({}).exit_code, 2);
}

TEST_F(CliTest, MigrateCreatesSchemaAndKeyFile) {
  RunResult r = Run({"migrate"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("identity 2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("audit 2"), std::string::npos) << r.output;
  struct stat st {};
  ASSERT_EQ(stat(key().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Idempotent.
  EXPECT_EQ(Run({"migrate"}).exit_code, 0);
}

TEST_F(CliTest, DatabaseNewerThanBinaryIsRefused) {
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  {
    auto d = store::Open(db());
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE((*d)->Exec("INSERT INTO schema_migrations (module, version, name, applied_at) "
                           "VALUES ('identity', 99, 'future', 0)")
                    .ok());
  }
  RunResult r = Run({"migrate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("upgrade onewindow"), std::string::npos) << r.output;
  RunResult serve = Run({"serve", "--port", "0"});
  EXPECT_EQ(serve.exit_code, 1);
}

// A node given another master key than the one the database was written with refuses to start
// (and to migrate) instead of writing data nobody can read; the right key still works.
TEST_F(CliTest, WrongMasterKeyIsRefused) {
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  const std::string other = dir_.path() + "/other.key";
  RunResult serve = RunBinary({"serve", "--port", "0", "--db", db(), "--key-file", other});
  EXPECT_EQ(serve.exit_code, 1) << serve.output;
  EXPECT_NE(serve.output.find("master key"), std::string::npos) << serve.output;
  RunResult migrate = RunBinary({"migrate", "--db", db(), "--key-file", other});
  EXPECT_EQ(migrate.exit_code, 1) << migrate.output;
  EXPECT_EQ(Run({"migrate"}).exit_code, 0);
}

TEST_F(CliTest, BootstrapGrantRevokeAndAuditVerify) {
  RunResult boot = Run({"admin", "bootstrap", "--name", "赵管理", "--id-number",
                        "330104197002200057", "--password", "admin password 1"});
  ASSERT_EQ(boot.exit_code, 0) << boot.output;
  // Grant needs a registered person.
  RunResult missing = Run({"admin", "grant", "--id-number", "330104199003071233", "--role",
                           "health_official", "--scope", "3301"});
  EXPECT_EQ(missing.exit_code, 1);
  {
    auto a = app::Application::Open({.db_url = db(), .key_file = key()});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(
        (*a)->identity().Register({"张三", "330104199003071233", "password 123", {}, {}}).ok());
  }
  RunResult grant = Run({"admin", "grant", "--id-number", "330104199003071233", "--role",
                         "health_official", "--scope", "3301"});
  ASSERT_EQ(grant.exit_code, 0) << grant.output;
  EXPECT_EQ(
      Run({"admin", "grant", "--id-number", "330104199003071233", "--role", "emperor"}).exit_code,
      2);
  {
    auto a = app::Application::Open({.db_url = db(), .key_file = key()});
    ASSERT_TRUE(a.ok());
    auto pid = (*a)->identity().FindByIdNumber("330104199003071233");
    auto grants = (*a)->identity().Grants(*pid);
    ASSERT_TRUE(grants.ok());
    bool found = false;
    for (const auto& g : *grants)
      found = found || (g.role == Role::kHealthOfficial && g.scope == "3301");
    EXPECT_TRUE(found);
  }
  EXPECT_EQ(Run({"admin", "revoke", "--id-number", "330104199003071233", "--role",
                 "health_official", "--scope", "3301"})
                .exit_code,
            0);

  RunResult ok = Run({"admin", "audit", "verify"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("\"ok\":true"), std::string::npos);

  // Tamper with one audit row: verify must notice and exit 1.
  {
    auto d = store::Open(db());
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(
        (*d)->Exec("UPDATE audit_log SET reason = 'admin@' WHERE action = 'role.grant'").ok());
  }
  RunResult bad = Run({"admin", "audit", "verify"});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("\"ok\":false"), std::string::npos);
}

// The restore drill: back up a live database, write more, restore, and the database is as it
// was at the backup: its people, a sound audit chain, and the same master key.
TEST_F(CliTest, BackupWriteMoreRestoreDrill) {
  ASSERT_EQ(Run({"admin", "bootstrap", "--name", "赵管理", "--id-number", "330104197002200057",
                 "--password", "admin password 1"})
                .exit_code,
            0);
  auto audit_entries = [&]() -> std::string {
    RunResult v = Run({"admin", "audit", "verify"});
    EXPECT_EQ(v.exit_code, 0) << v.output;
    size_t at = v.output.find("\"entries\":");
    return at == std::string::npos ? "" : v.output.substr(at, v.output.find(',', at) - at);
  };
  const std::string backup = dir_.path() + "/backup.db";
  RunResult b = RunBinary({"backup", "--db", db(), "--out", backup});
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_NE(b.output.find("\"migrations\":"), std::string::npos) << b.output;
  const std::string entries_at_backup = audit_entries();
  // A backup never overwrites; PostgreSQL is pointed to its own tools.
  EXPECT_EQ(RunBinary({"backup", "--db", db(), "--out", backup}).exit_code, 1);
  RunResult pg = RunBinary({"backup", "--db", "postgresql://x@127.0.0.1/none", "--out",
                            dir_.path() + "/pg.db"});
  EXPECT_EQ(pg.exit_code, 2);
  EXPECT_NE(pg.output.find("pg_basebackup"), std::string::npos) << pg.output;

  // Write more after the backup.
  ASSERT_EQ(Run({"admin", "bootstrap", "--name", "钱管理", "--id-number", "330104199003071233",
                 "--password", "admin password 2"})
                .exit_code,
            0);
  EXPECT_NE(audit_entries(), entries_at_backup);

  // Restore refuses to replace without --replace, then puts the backup back.
  EXPECT_EQ(RunBinary({"restore", "--db", db(), "--from", backup}).exit_code, 1);
  RunResult r = RunBinary({"restore", "--db", db(), "--from", backup, "--replace"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(audit_entries(), entries_at_backup);
  {
    auto a = app::Application::Open({.db_url = db(), .key_file = key()});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_TRUE((*a)->identity().FindByIdNumber("330104197002200057").ok());
    EXPECT_FALSE((*a)->identity().FindByIdNumber("330104199003071233").ok());
  }
  // The restored database still knows its master key: another key is refused.
  RunResult other = RunBinary(
      {"migrate", "--db", db(), "--key-file", dir_.path() + "/other.key"});
  EXPECT_EQ(other.exit_code, 1) << other.output;
}

// Upgrades: a database made by the previous release (a committed fixture: demo data of 0.1.0)
// is opened and migrated by this binary, and what it held is still readable and verifies.
TEST_F(CliTest, OpensAndMigratesTheDatabaseOfThePreviousRelease) {
  const std::string fixture = std::string(OW_SOURCE_DIR) + "/tests/fixtures/upgrade/";
  {
    gzFile in = gzopen((fixture + "0.1.0-1f236eb.db.gz").c_str(), "rb");
    ASSERT_NE(in, nullptr);
    std::ofstream out(dir_.path() + "/ow.db", std::ios::binary);
    char buf[65536];
    int n = 0;
    while ((n = gzread(in, buf, sizeof buf)) > 0) out.write(buf, n);
    ASSERT_EQ(n, 0);
    gzclose(in);
  }
  std::filesystem::copy_file(fixture + "master.key", key());
  std::filesystem::permissions(key(), std::filesystem::perms::owner_read |
                                          std::filesystem::perms::owner_write);
  RunResult migrate = Run({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.output;
  EXPECT_NE(migrate.output.find("exchange_log 2"), std::string::npos) << migrate.output;
  RunResult audit = Run({"admin", "audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  RunResult log = Run({"exchange", "log", "verify"});
  EXPECT_EQ(log.exit_code, 0) << log.output;
  auto a = app::Application::Open({.db_url = db(), .key_file = key()});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  // The demo citizen's encrypted identity is readable with the release's key.
  EXPECT_TRUE((*a)->identity().FindByIdNumber("330104199003071233").ok());
  auto items = (*a)->db().Query("SELECT COUNT(*) FROM jobs_postings");
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_GE(items->at(0).Int(0), 1);
}

// A config file sets options by their long names per subcommand; an unknown key is refused
// (a misspelt setting must not silently leave a default), and a flag beats the file.
TEST_F(CliTest, ConfigFileKeysAreCheckedAndFlagsWin) {
  const std::string good = dir_.path() + "/good.toml";
  std::ofstream(good) << "[migrate]\ndb = \"" << db() << "\"\nkey-file = \"" << key() << "\"\n";
  RunResult ok = RunBinary({"--config", good, "migrate"});
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/ow.db"));
  const std::string other = "sqlite:" + dir_.path() + "/other.db";
  RunResult flag = RunBinary({"--config", good, "migrate", "--db", other});
  ASSERT_EQ(flag.exit_code, 0) << flag.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/other.db"));
  const std::string bad = dir_.path() + "/bad.toml";
  std::ofstream(bad) << "[migrate]\ndb = \"" << db() << "\"\nkey-flie = \"" << key() << "\"\n";
  RunResult refused = RunBinary({"--config", bad, "migrate"});
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_NE(refused.output.find("key-flie"), std::string::npos) << refused.output;
}

TEST_F(CliTest, EnvironmentVariablesConfigureOptions) {
  RunResult r = RunBinary({"migrate"}, {"ONEWINDOW_DB=" + db(), "ONEWINDOW_KEY_FILE=" + key()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  struct stat st {};
  EXPECT_EQ(stat(key().c_str(), &st), 0);
}

TEST_F(CliTest, BenchIngestStoresEveryRecordDurablyWithItsClientIds) {
  RunResult r = RunBinary({"bench", "ingest", "--db", db(), "--records", "2000", "--producers", "2",
                           "--baseline-seconds", "0.1", "--client-ids", "ordered"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("{\"name\":\"ingest_records_per_s\",\"value\":"), std::string::npos);
  EXPECT_NE(r.output.find("{\"name\":\"ingest_records\",\"value\":2000.000,"), std::string::npos)
      << r.output;
  auto d = store::Open(db());
  ASSERT_TRUE(d.ok());
  // The baseline phase's records carry no client id; each of the 2000 others carries its own.
  auto ids = (*d)->Query("SELECT COUNT(*), COUNT(DISTINCT client_id) FROM pass_client_ids");
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(ids->at(0).Int(0), 2000);
  EXPECT_EQ(ids->at(0).Int(1), 2000);
  EXPECT_EQ(RunBinary({"bench", "ingest", "--db", db(), "--client-ids", "sometimes"}).exit_code, 2);
}

}  // namespace
}  // namespace ow::testing
