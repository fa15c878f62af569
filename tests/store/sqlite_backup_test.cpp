// Online backup and restore of SQLite databases: a backup taken while a writer commits is one
// consistent snapshot; restore refuses broken or foreign files and never half-replaces.
#include "store/sqlite/sqlite_backup.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/database.h"
#include "support/test_server.h"

namespace ow::store {
namespace {

Status CreateTables(Database& db) {
  OW_RETURN_IF_ERROR(db.ExecScript(
      "CREATE TABLE schema_migrations (module TEXT, version INTEGER, name TEXT, applied_at "
      "INTEGER);"
      "INSERT INTO schema_migrations VALUES ('t', 1, 'accounts', 0);"
      "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);"
      "CREATE TABLE transfers (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, pad BLOB);"
      "INSERT INTO accounts VALUES (1, 1000000), (2, 0);"));
  return Status::Ok();
}

// Each transfer moves money and records itself in one transaction: in any consistent
// snapshot the balances add up and account 2 holds exactly the recorded transfers.
void ExpectConsistent(const std::string& path, int64_t* transfers_out) {
  auto db = Open("sqlite:" + path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto sum = (*db)->Query("SELECT SUM(balance) FROM accounts");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->at(0).Int(0), 1000000);
  auto moved = (*db)->Query(
      "SELECT (SELECT balance FROM accounts WHERE id = 2), "
      "(SELECT COALESCE(SUM(amount), 0) FROM transfers), (SELECT COUNT(*) FROM transfers)");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->at(0).Int(0), moved->at(0).Int(1));
  *transfers_out = moved->at(0).Int(2);
}

TEST(SqliteBackupTest, ABackupTakenWhileWritingIsOneSnapshot) {
  ow::testing::TempDir dir;
  const std::string path = dir.path() + "/live.db";
  auto db = Open("sqlite:" + path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(CreateTables(**db).ok());

  std::atomic<bool> stop{false};
  std::atomic<int64_t> committed{0};
  const Blob pad{std::string(1500, 'p')};
  std::thread writer([&] {
    while (!stop.load()) {
      Status s = (*db)->Transact([&](Tx& tx) -> Status {
        OW_RETURN_IF_ERROR(tx.Exec("UPDATE accounts SET balance = balance - 3 WHERE id = 1").status());
        OW_RETURN_IF_ERROR(tx.Exec("UPDATE accounts SET balance = balance + 3 WHERE id = 2").status());
        return tx.Exec("INSERT INTO transfers (amount, pad) VALUES (3, ?)", {pad}).status();
      });
      ASSERT_TRUE(s.ok()) << s.ToString();
      ++committed;
    }
  });
  while (committed.load() < 300) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t before = committed.load();
  auto report = BackupSqlite(path, dir.path() + "/b1.db");
  const int64_t after_first = committed.load();
  while (committed.load() < after_first + 300) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto second = BackupSqlite(path, dir.path() + "/b2.db");
  stop = true;
  writer.join();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(report->migrations, 1);
  EXPECT_GT(report->pages, 10);
  EXPECT_EQ(report->bytes, report->pages * 4096);

  int64_t in_first = 0, in_second = 0;
  ExpectConsistent(dir.path() + "/b1.db", &in_first);
  ExpectConsistent(dir.path() + "/b2.db", &in_second);
  EXPECT_GE(in_first, before);
  EXPECT_GT(in_second, in_first);  // the writer went on between the two backups
  // Private, self-contained files: mode 0600, no write-ahead log left beside them.
  struct stat st {};
  ASSERT_EQ(stat((dir.path() + "/b1.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/b1.db-wal"));
  // A backup never overwrites a file.
  auto again = BackupSqlite(path, dir.path() + "/b1.db");
  EXPECT_EQ(again.status().code(), Code::kConflict);
  int64_t still = 0;
  ExpectConsistent(dir.path() + "/b1.db", &still);
  EXPECT_EQ(still, in_first);
}

TEST(SqliteBackupTest, RestoreReplacesOnlyWhenToldAndRefusesBrokenFiles) {
  ow::testing::TempDir dir;
  const std::string path = dir.path() + "/db.db";
  {
    auto db = Open("sqlite:" + path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(CreateTables(**db).ok());
  }
  ASSERT_TRUE(BackupSqlite(path, dir.path() + "/b.db").ok());
  {
    auto db = Open("sqlite:" + path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO transfers (amount) VALUES (0)").ok());
  }
  // An existing database is replaced only when asked.
  EXPECT_EQ(RestoreSqlite(dir.path() + "/b.db", path, false).status().code(), Code::kConflict);
  int64_t n = 0;
  ExpectConsistent(path, &n);
  EXPECT_EQ(n, 1);

  // A damaged backup is refused and the database is left as it was.
  std::filesystem::copy_file(dir.path() + "/b.db", dir.path() + "/bad.db");
  {
    std::fstream f(dir.path() + "/bad.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);  // page 2, a table's root page, header included
    const std::string junk(4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  EXPECT_FALSE(RestoreSqlite(dir.path() + "/bad.db", path, true).ok());
  // A SQLite file that is not a OneWindow database is refused too.
  {
    auto other = Open("sqlite:" + dir.path() + "/other.db");
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)->ExecScript("CREATE TABLE x (a INTEGER)").ok());
  }
  EXPECT_EQ(RestoreSqlite(dir.path() + "/other.db", path, true).status().code(), Code::kInvalid);
  EXPECT_EQ(RestoreSqlite(dir.path() + "/missing.db", path, true).status().code(),
            Code::kNotFound);
  ExpectConsistent(path, &n);
  EXPECT_EQ(n, 1);

  auto restored = RestoreSqlite(dir.path() + "/b.db", path, true);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ExpectConsistent(path, &n);
  EXPECT_EQ(n, 0);
  // Into a new place (a new machine): the directory is made.
  ASSERT_TRUE(RestoreSqlite(dir.path() + "/b.db", dir.path() + "/new/dir/db.db", false).ok());
  ExpectConsistent(dir.path() + "/new/dir/db.db", &n);
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace ow::store
