// The storage contract, run against every backend: SQLite (a temp file) always, and
// PostgreSQL when OW_TEST_PG_URL is set (each test in its own fresh schema).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include "store/database.h"
#include "store/migrations.h"

namespace ow::store {
namespace {

using namespace std::string_literals;

enum class Backend { kSqlite, kPostgres };

std::string RandomSuffix() {
  static std::atomic<uint64_t> counter{0};
  std::random_device rd;
  uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd() ^ ++counter;
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// Gives each test a fresh database: a new SQLite file in a temp directory, or a new
// PostgreSQL schema selected through the connection's search_path.
class StoreTest : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("ow-store-test-" + RandomSuffix());
      url_ = "sqlite:" + (dir_ / "nested" / "dir" / "test.db").string();
    } else {
      const std::string pg = Env("OW_TEST_PG_URL");
      if (pg.empty()) {
        if (Env("OW_REQUIRE_PG") == "1") {
          FAIL() << "OW_REQUIRE_PG=1 but OW_TEST_PG_URL is not set "
                    "(start a server with scripts/pg.sh start DIR PORT)";
        }
        GTEST_SKIP() << "PostgreSQL tests skipped: set OW_TEST_PG_URL, e.g. "
                        "postgresql://postgres@127.0.0.1:54331/postgres";
      }
      auto admin = Open(pg, OpenOptions{.pool_size = 1});
      ASSERT_TRUE(admin.ok()) << admin.status().ToString();
      admin_ = std::move(admin).value();
      schema_ = "ow_test_" + RandomSuffix();
      ASSERT_TRUE(admin_->ExecScript("CREATE SCHEMA " + schema_).ok());
      url_ = pg + (pg.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" +
             schema_;
    }
    db_ = OpenDb();
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override {
    db_.reset();
    if (admin_ != nullptr && !schema_.empty()) {
      Status s = admin_->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  std::unique_ptr<Database> OpenDb(OpenOptions options = {}) {
    auto db = Open(url_, options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  // Runs a script written with the {blob}/{real}/{bigint} tokens.
  void Script(const std::string& sql) {
    Migration m{.sql = sql};
    Status s = db_->ExecScript(MigrationText(m, db_->dialect()));
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  int64_t Count(const std::string& table) {
    auto rows = db_->Query("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && rows->size() == 1 ? (*rows)[0].Int(0) : -1;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<Database> admin_;
  std::unique_ptr<Database> db_;
};

TEST_P(StoreTest, TypesRoundTrip) {
  Script("CREATE TABLE t (id INTEGER PRIMARY KEY, i {bigint}, r {real}, s TEXT, b {blob})");
  const std::string text = "中文「引号」 'single' \"double\" ? ; -- not a comment \\ end";
  const std::string bytes = "\0a\0\xff\x01\0"s;
  std::vector<std::vector<Value>> rows = {
      {int64_t{1}, std::numeric_limits<int64_t>::max(), 3.25, text, Blob{bytes}},
      {int64_t{2}, std::numeric_limits<int64_t>::min(), -1.5e-300, ""s, Blob{""}},
      {int64_t{3}, int64_t{0}, 0.1, "x"s, Blob{"\xde\xad\xbe\xef"}},
      {int64_t{4}, nullptr, nullptr, nullptr, nullptr},
  };
  for (const auto& r : rows) {
    auto n = db_->Exec("INSERT INTO t (id, i, r, s, b) VALUES (?, ?, ?, ?, ?)", r);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(*n, 1);
  }
  auto got = db_->Query("SELECT id, i, r, s, b FROM t ORDER BY id");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t c = 0; c < rows[i].size(); ++c) {
      EXPECT_TRUE((*got)[i].at(c) == rows[i][c]) << "row " << i << " column " << c;
    }
  }
  const Row& first = (*got)[0];
  EXPECT_EQ(first.Int(1), std::numeric_limits<int64_t>::max());
  EXPECT_DOUBLE_EQ(first.Real(2), 3.25);
  EXPECT_EQ(first.Text(3), text);
  EXPECT_EQ(first.Bytes(4), bytes);
  EXPECT_EQ(first.Bytes(4).size(), 6u);
  const Row& nulls = (*got)[3];
  EXPECT_TRUE(nulls.IsNull(1));
  EXPECT_EQ(nulls.OptText(3), std::nullopt);
  EXPECT_EQ(nulls.OptInt(1), std::nullopt);
  EXPECT_EQ(nulls.Int(1), 0);
  EXPECT_EQ(nulls.Text(3), "");

  // Parameters in WHERE clauses match the stored values.
  auto by_blob = db_->Query("SELECT id FROM t WHERE b = ? AND s = ?", {Blob{bytes}, text});
  ASSERT_TRUE(by_blob.ok()) << by_blob.status().ToString();
  ASSERT_EQ(by_blob->size(), 1u);
  EXPECT_EQ((*by_blob)[0].Int(0), 1);
}

TEST_P(StoreTest, PlaceholdersInsideLiteralsAreNotParameters) {
  Script("CREATE TABLE p (a TEXT, b TEXT)");
  auto n =
      db_->Exec("INSERT INTO p (a, b) -- a comment? yes\n VALUES ('what? it''s ?', ?)", {"x?"s});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  auto rows = db_->Query("SELECT a, b FROM p WHERE a = 'what? it''s ?' AND b = ?", {"x?"s});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "what? it's ?");
  EXPECT_EQ((*rows)[0].Text(1), "x?");
  // A parameter count mismatch is an error, not a crash.
  EXPECT_FALSE(db_->Query("SELECT a FROM p WHERE b = ?", {}).ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM p WHERE a = ?", {"a"s, "b"s}).ok());
}

TEST_P(StoreTest, UniqueViolationIsConflict) {
  Script("CREATE TABLE u (k TEXT PRIMARY KEY, v TEXT UNIQUE)");
  ASSERT_TRUE(db_->Exec("INSERT INTO u (k, v) VALUES (?, ?)", {"a"s, "1"s}).ok());
  auto dup_key = db_->Exec("INSERT INTO u (k, v) VALUES (?, ?)", {"a"s, "2"s});
  EXPECT_EQ(dup_key.status().code(), Code::kConflict) << dup_key.status().ToString();
  auto dup_unique = db_->Exec("INSERT INTO u (k, v) VALUES (?, ?)", {"b"s, "1"s});
  EXPECT_EQ(dup_unique.status().code(), Code::kConflict) << dup_unique.status().ToString();
  Status in_tx = db_->Transact([](Tx& tx) {
    return tx.Exec("INSERT INTO u (k, v) VALUES (?, ?)", {"a"s, "3"s}).status();
  });
  EXPECT_EQ(in_tx.code(), Code::kConflict) << in_tx.ToString();
  EXPECT_EQ(Count("u"), 1);
  // Other errors are internal.
  EXPECT_EQ(db_->Query("SELECT * FROM no_such_table").status().code(), Code::kInternal);
}

TEST_P(StoreTest, TransactCommitsOrRollsBack) {
  Script("CREATE TABLE r (id INTEGER PRIMARY KEY, v TEXT)");
  Status s = db_->Transact([](Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO r (id, v) VALUES (1, 'a')").status());
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO r (id, v) VALUES (2, 'b')").status());
    auto inside = tx.Query("SELECT COUNT(*) FROM r");
    if (!inside.ok() || (*inside)[0].Int(0) != 2) return Status::Internal("not visible in tx");
    return Status::Invalid("changed my mind");
  });
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(s.message(), "changed my mind");
  EXPECT_EQ(Count("r"), 0);

  s = db_->Transact([](Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO r (id, v) VALUES (1, 'a')").status());
    return tx.Exec("INSERT INTO missing_table VALUES (1)").status();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Count("r"), 0);

  s = db_->Transact([](Tx& tx) -> Status {
    for (int64_t i = 1; i <= 3; ++i) {
      OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO r (id, v) VALUES (?, ?)", {i, "v"s}).status());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("r"), 3);
  auto changed = db_->Exec("UPDATE r SET v = ? WHERE id >= ?", {"w"s, int64_t{2}});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 2);
  auto none = db_->Exec("SELECT v FROM r");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

TEST_P(StoreTest, ConcurrentIncrementsLoseNoUpdate) {
  Script("CREATE TABLE c (id INTEGER PRIMARY KEY, n {bigint} NOT NULL)");
  ASSERT_TRUE(db_->Exec("INSERT INTO c (id, n) VALUES (1, 0)").ok());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  std::string first_error;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        Status s = db_->Transact([](Tx& tx) -> Status {
          // Read-modify-write in the application: lost updates would show here.
          OW_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT n FROM c WHERE id = 1"));
          if (rows.size() != 1) return Status::Internal("row missing");
          return tx.Exec("UPDATE c SET n = ? WHERE id = 1", {rows[0].Int(0) + 1}).status();
        });
        if (!s.ok()) {
          ++failures;
          std::lock_guard lock(mu);
          if (first_error.empty()) first_error = s.ToString();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  auto rows = db_->Query("SELECT n FROM c WHERE id = 1");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0].Int(0), kThreads * kPerThread);
}

TEST_P(StoreTest, InsertReturningThroughQuery) {
  Migration m{.sql = "",
              .sqlite_sql = "CREATE TABLE ret (id INTEGER PRIMARY KEY, name TEXT)",
              .postgres_sql =
                  "CREATE TABLE ret (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                  "name TEXT)"};
  ASSERT_TRUE(db_->ExecScript(MigrationText(m, db_->dialect())).ok());
  for (int64_t want = 1; want <= 2; ++want) {
    auto rows = db_->Query("INSERT INTO ret (name) VALUES (?) RETURNING id", {"n"s});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].Int(0), want);
  }
  EXPECT_EQ(Count("ret"), 2);
}

TEST_P(StoreTest, ForeignKeysAreEnforced) {
  Script(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
      "REFERENCES parent (id))");
  EXPECT_FALSE(db_->Exec("INSERT INTO child (id, parent_id) VALUES (1, 42)").ok());
  ASSERT_TRUE(db_->Exec("INSERT INTO parent (id) VALUES (42)").ok());
  EXPECT_TRUE(db_->Exec("INSERT INTO child (id, parent_id) VALUES (1, 42)").ok());
}

std::vector<Migration> BaseMigrations() {
  return {
      {.module = "alpha",
       .version = 1,
       .name = "create items",
       .sql = "CREATE TABLE alpha_items (id {bigint} PRIMARY KEY, data {blob}, score {real});"
              "CREATE INDEX alpha_items_score ON alpha_items (score)"},
      {.module = "alpha",
       .version = 2,
       .name = "add name",
       .sql = "ALTER TABLE alpha_items ADD COLUMN name TEXT"},
      {.module = "beta",
       .version = 1,
       .name = "create things",
       .sql = "CREATE TABLE beta_things (id INTEGER PRIMARY KEY)"},
  };
}

TEST_P(StoreTest, MigrationsApplyOnceAndAreIdempotent) {
  auto before = AppliedVersions(*db_);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_TRUE(before->empty());

  std::vector<Migration> known = BaseMigrations();
  Status s = Migrate(*db_, known);
  ASSERT_TRUE(s.ok()) << s.ToString();
  using Versions = std::vector<std::pair<std::string, int>>;
  auto applied = AppliedVersions(*db_);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, (Versions{{"alpha", 2}, {"beta", 1}}));
  ASSERT_TRUE(db_->Exec("INSERT INTO alpha_items (id, data, score, name) VALUES (?, ?, ?, ?)",
                        {int64_t{1}, Blob{"\0"s}, 1.5, "n"s})
                  .ok());

  ASSERT_TRUE(Migrate(*db_, known).ok());  // re-run: nothing to do
  EXPECT_EQ(Count("schema_migrations"), 3);
  EXPECT_EQ(Count("alpha_items"), 1);

  known.push_back({.module = "alpha",
                   .version = 3,
                   .name = "add flag",
                   .sql = "ALTER TABLE alpha_items ADD COLUMN flag INTEGER NOT NULL DEFAULT 0"});
  ASSERT_TRUE(Migrate(*db_, known).ok());
  applied = AppliedVersions(*db_);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, (Versions{{"alpha", 3}, {"beta", 1}}));
  auto row =
      db_->Query("SELECT name, applied_at FROM schema_migrations WHERE module = ? AND version = ?",
                 {"alpha"s, int64_t{3}});
  ASSERT_TRUE(row.ok());
  ASSERT_EQ(row->size(), 1u);
  EXPECT_EQ((*row)[0].Text(0), "add flag");
  EXPECT_GT((*row)[0].Int(1), 1'600'000'000'000);  // milliseconds since the epoch
}

TEST_P(StoreTest, FailedMigrationChangesNothing) {
  std::vector<Migration> known = {
      {.module = "gamma", .version = 1, .name = "ok", .sql = "CREATE TABLE gamma_a (id INTEGER)"},
      {.module = "gamma",
       .version = 2,
       .name = "broken",
       .sql = "CREATE TABLE gamma_b (id INTEGER); THIS IS NOT SQL"},
  };
  Status s = Migrate(*db_, known);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("gamma/2"), std::string::npos) << s.message();
  auto applied = AppliedVersions(*db_);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, (std::vector<std::pair<std::string, int>>{{"gamma", 1}}));
  EXPECT_TRUE(db_->Query("SELECT COUNT(*) FROM gamma_a").ok());
  EXPECT_FALSE(db_->Query("SELECT COUNT(*) FROM gamma_b").ok());
}

TEST_P(StoreTest, DatabaseNewerThanBinaryIsRefused) {
  std::vector<Migration> newer;
  for (int v = 1; v <= 5; ++v) {
    newer.push_back({.module = "identity",
                     .version = v,
                     .name = "v" + std::to_string(v),
                     .sql = "CREATE TABLE identity_v" + std::to_string(v) + " (id INTEGER)"});
  }
  ASSERT_TRUE(Migrate(*db_, newer).ok());
  std::vector<Migration> older(newer.begin(), newer.begin() + 3);
  older.push_back({.module = "other", .version = 1, .name = "o", .sql = "CREATE TABLE o (x INT)"});
  Status s = Migrate(*db_, older);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "database schema for module 'identity' is at version 5 but this binary knows only "
            "up to 3; upgrade onewindow");
  auto applied = AppliedVersions(*db_);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(*applied, (std::vector<std::pair<std::string, int>>{{"identity", 5}}));
}

TEST_P(StoreTest, ConcurrentMigrateFromSeparatePools) {
  // Separate Database objects behave like separate processes.
  std::vector<std::unique_ptr<Database>> dbs;
  for (int i = 0; i < 4; ++i) {
    dbs.push_back(OpenDb(OpenOptions{.pool_size = 2}));
    ASSERT_NE(dbs.back(), nullptr);
  }
  std::vector<Migration> known = BaseMigrations();
  std::vector<Status> results(dbs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < dbs.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = Migrate(*dbs[i], known); });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("schema_migrations"), 3);
}

TEST_P(StoreTest, PingAndPoolStats) {
  auto db = OpenDb(OpenOptions{.pool_size = 2});
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Ping().ok());
  PoolStats idle = db->Stats();
  EXPECT_GE(idle.size, 1);
  EXPECT_EQ(idle.in_use, 0);
  Status s = db->Transact([&](Tx&) {
    EXPECT_GE(db->Stats().in_use, 1);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      Status t = db->Transact([](Tx& tx) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return tx.Query("SELECT 1").status();
      });
      EXPECT_TRUE(t.ok()) << t.ToString();
    });
  }
  for (auto& t : threads) t.join();
  PoolStats after = db->Stats();
  EXPECT_GT(after.waits, 0);
  EXPECT_EQ(after.in_use, 0);
  EXPECT_LE(after.size, GetParam() == Backend::kSqlite ? 3 : 2);  // SQLite: writer + readers
  EXPECT_EQ(db->Describe().find("secret"), std::string::npos);
}

TEST_P(StoreTest, AcknowledgedWritesSurviveReopen) {
  Script("CREATE TABLE d (id INTEGER PRIMARY KEY, v TEXT)");
  ASSERT_TRUE(db_->Exec("INSERT INTO d (id, v) VALUES (1, ?)", {"kept"s}).ok());
  ASSERT_TRUE(db_->Transact([](Tx& tx) {
                   return tx.Exec("INSERT INTO d (id, v) VALUES (2, 'also')").status();
                 })
                  .ok());
  if (GetParam() == Backend::kSqlite) {
    auto mode = db_->Query("PRAGMA journal_mode");
    ASSERT_TRUE(mode.ok());
    EXPECT_EQ((*mode)[0].Text(0), "wal");
    auto sync = db_->Query("PRAGMA synchronous");
    ASSERT_TRUE(sync.ok());
    EXPECT_EQ((*sync)[0].Int(0), 2);  // FULL
    auto fk = db_->Query("PRAGMA foreign_keys");
    ASSERT_TRUE(fk.ok());
    EXPECT_EQ((*fk)[0].Int(0), 1);
  }
  db_.reset();
  db_ = OpenDb();
  ASSERT_NE(db_, nullptr);
  auto rows = db_->Query("SELECT v FROM d ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "kept");
  EXPECT_EQ((*rows)[1].Text(0), "also");
}

// Whether a transaction runs again is decided by the status code alone: kAborted (a lost
// race: serialization failure, deadlock, busy database, a concurrent unique key) is retried
// by Transact; anything else, whatever its message says, is returned at once.
TEST_P(StoreTest, RetryIsChosenByCodeNotByMessage) {
  Script("CREATE TABLE r (id INTEGER PRIMARY KEY, v TEXT)");
  int calls = 0;
  Status lookalike = db_->Transact([&](Tx& tx) -> Status {
    ++calls;
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO r (id, v) VALUES (1, 'x')").status());
    // The text the colour engine once compared to decide on a retry.
    return Status(Code::kConflict, "healthcode: concurrent change of the same person");
  });
  EXPECT_EQ(lookalike.code(), Code::kConflict) << lookalike.ToString();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Count("r"), 0);

  calls = 0;
  Status aborted_once = db_->Transact([&](Tx& tx) -> Status {
    ++calls;
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO r (id, v) VALUES (?, 'y')", {int64_t{calls}}).status());
    if (calls == 1) return Status::Aborted("lost a race");
    return Status::Ok();
  });
  EXPECT_TRUE(aborted_once.ok()) << aborted_once.ToString();
  EXPECT_EQ(calls, 2);
  auto rows = db_->Query("SELECT id FROM r");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);  // the first attempt was rolled back
  EXPECT_EQ((*rows)[0].Int(0), 2);

  calls = 0;
  Status always = db_->Transact([&](Tx&) -> Status {
    ++calls;
    return Status::Aborted("always loses");
  });
  EXPECT_EQ(always.code(), Code::kUnavailable) << always.ToString();
  EXPECT_GT(calls, 1);
}

// SQLite: a database locked by another connection for longer than the busy timeout is an
// aborted attempt (kAborted), not an internal error.
// A statement the server does not answer in time (here pg_sleep; in production a stalled or
// paused server) is given up after the query deadline as kUnavailable, inside a transaction
// too, without retries piling up; the pool then serves the next call on a fresh connection.
TEST_P(StoreTest, PostgresStatementsHaveADeadline) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "the deadline is PostgreSQL's";
  auto db = OpenDb({.pool_size = 2, .query_timeout_ms = 300});
  ASSERT_NE(db, nullptr);
  using SteadyClock = std::chrono::steady_clock;
  auto t0 = SteadyClock::now();
  auto slow = db->Query("SELECT pg_sleep(3)");
  auto took = SteadyClock::now() - t0;
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), Code::kUnavailable) << slow.status().ToString();
  EXPECT_LT(took, std::chrono::milliseconds(2500));
  t0 = SteadyClock::now();
  Status tx = db->Transact([](Tx& t) -> Status { return t.Exec("SELECT pg_sleep(3)").status(); });
  took = SteadyClock::now() - t0;
  EXPECT_EQ(tx.code(), Code::kUnavailable) << tx.ToString();
  EXPECT_LT(took, std::chrono::milliseconds(2500));
  // The abandoned connections are closed, not reused: the next calls work.
  for (int i = 0; i < 4; ++i) {
    auto one = db->Query("SELECT 1");
    ASSERT_TRUE(one.ok()) << one.status().ToString();
    EXPECT_EQ((*one)[0].Int(0), 1);
  }
  EXPECT_TRUE(db->Transact([](Tx& t) -> Status { return t.Exec("SELECT 1").status(); }).ok());
}

TEST_P(StoreTest, SqliteBusyIsAborted) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "SQLite only";
  Script("CREATE TABLE b (id INTEGER PRIMARY KEY)");
  auto other = OpenDb(OpenOptions{.pool_size = 1, .busy_timeout_ms = 20});
  ASSERT_NE(other, nullptr);
  Status s = db_->Transact([&](Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO b (id) VALUES (1)").status());
    auto blocked = other->Exec("INSERT INTO b (id) VALUES (2)");
    EXPECT_EQ(blocked.status().code(), Code::kAborted) << blocked.status().ToString();
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

// SQLite files hold declarations, appeals and pass records: the database, its -wal and -shm
// files are readable by their owner only (0600), and the directories Open creates are 0700,
// whatever the process umask.
TEST_P(StoreTest, SqliteFilesArePrivate) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "SQLite only";
  const mode_t old_mask = ::umask(022);
  const std::filesystem::path data = dir_ / "private" / "data";
  {
    auto db = Open("sqlite:" + (data / "x.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->ExecScript("CREATE TABLE p (id INTEGER PRIMARY KEY, v TEXT)").ok());
    ASSERT_TRUE((*db)
                    ->Transact([](Tx& tx) {
                      return tx.Exec("INSERT INTO p (v) VALUES ('declaration')").status();
                    })
                    .ok());
    ASSERT_TRUE((*db)->Query("SELECT COUNT(*) FROM p").ok());
    for (const char* name : {"x.db", "x.db-wal", "x.db-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat((data / name).c_str(), &st), 0) << name;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
    }
  }
  for (const auto& d : {dir_ / "private", data}) {
    struct stat st {};
    ASSERT_EQ(::stat(d.c_str(), &st), 0) << d;
    EXPECT_EQ(st.st_mode & 0777, 0700u) << d;
  }
  ::umask(old_mask);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace ow::store
