// Backend-independent pieces of the storage module: URL handling, placeholder rewriting,
// value conversions, migration text, and the in-memory SQLite mode.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "store/database.h"
#include "store/migrations.h"
#include "store/postgres/pg_values.h"
#include "store/postgres/placeholders.h"
#include "store/url.h"

namespace ow::store {
namespace {

using namespace std::string_literals;

TEST(Placeholders, RewritesOutsideLiteralsOnly) {
  int n = -1;
  EXPECT_EQ(RewritePlaceholders("SELECT * FROM t WHERE a = ? AND b = ?", &n),
            "SELECT * FROM t WHERE a = $1 AND b = $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(RewritePlaceholders("SELECT 'a?b', ?, 'it''s ?', ?", &n),
            "SELECT 'a?b', $1, 'it''s ?', $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(RewritePlaceholders("SELECT \"we?ird\" FROM t WHERE x = ?", &n),
            "SELECT \"we?ird\" FROM t WHERE x = $1");
  EXPECT_EQ(RewritePlaceholders("SELECT E'\\'?' , ? -- why?\n, /* a? /* b? */ c? */ ?", &n),
            "SELECT E'\\'?' , $1 -- why?\n, /* a? /* b? */ c? */ $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(RewritePlaceholders("SELECT $$ ? $$, $tag$ ? $tag$, ?", &n),
            "SELECT $$ ? $$, $tag$ ? $tag$, $1");
  EXPECT_EQ(RewritePlaceholders("SELECT 'unterminated ?", &n), "SELECT 'unterminated ?");
  EXPECT_EQ(n, 0);
}

TEST(RedactUrl, HidesPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://ow:s3cret@db.example:5432/ow"),
            "postgresql://ow:***@db.example:5432/ow");
  EXPECT_EQ(RedactUrl("postgres://ow@db/ow?sslmode=require&password=s3cret"),
            "postgres://ow@db/ow?sslmode=require&password=***");
  EXPECT_EQ(RedactUrl("postgresql://db/ow"), "postgresql://db/ow");
  EXPECT_EQ(RedactUrl("sqlite:data/x.db"), "sqlite:data/x.db");
}

TEST(Open, BadUrlIsInvalid) {
  for (const char* url : {"", "mysql://x/y", "sqlite:", "postgres", "file:x.db"}) {
    auto db = Open(url);
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.status().code(), Code::kInvalid) << url;
    EXPECT_FALSE(db.status().message().empty());
  }
  auto bad = Open("mysql://u:pw@h/db");
  EXPECT_EQ(bad.status().message().find("pw@"), std::string::npos) << bad.status().message();
  EXPECT_EQ(Open("sqlite:x.db", OpenOptions{.pool_size = 0}).status().code(), Code::kInvalid);
}

TEST(Open, UnreachablePostgresIsUnavailable) {
  auto db = Open("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), Code::kUnavailable);
  EXPECT_EQ(db.status().message().find(":pw@"), std::string::npos) << db.status().message();
}

// The PostgreSQL backend classifies a failed command by its SQLSTATE: a lost race
// (serialization failure 40001, deadlock 40P01) is kAborted and retried by Transact; a
// unique violation is kConflict; a lost connection is kUnavailable; the rest is internal.
TEST(PgValues, StatusCodeFollowsTheSqlState) {
  EXPECT_EQ(PgStatusFor("40001", false, "t").code(), Code::kAborted);
  EXPECT_EQ(PgStatusFor("40P01", false, "t").code(), Code::kAborted);
  EXPECT_EQ(PgStatusFor("23505", false, "t").code(), Code::kConflict);
  EXPECT_EQ(PgStatusFor("08006", false, "t").code(), Code::kUnavailable);
  EXPECT_EQ(PgStatusFor("57P01", false, "t").code(), Code::kUnavailable);
  EXPECT_EQ(PgStatusFor("42P01", true, "t").code(), Code::kUnavailable);
  EXPECT_EQ(PgStatusFor("42P01", false, "t").code(), Code::kInternal);
  EXPECT_EQ(PgStatusFor("P0001", false, "healthcode: concurrent change of the same person").code(),
            Code::kInternal);
}

TEST(Row, AccessorsConvertOnlyLosslessly) {
  Row r({int64_t{7}, 2.0, 2.5, "12"s, Blob{"\0b"s}, nullptr});
  EXPECT_EQ(r.size(), 6u);
  EXPECT_EQ(r.Int(0), 7);
  EXPECT_DOUBLE_EQ(r.Real(0), 7.0);
  EXPECT_EQ(r.Int(1), 2);  // integral double (PostgreSQL NUMERIC)
  EXPECT_EQ(r.Int(2), 0);  // not integral
  EXPECT_EQ(r.Int(3), 0);  // text is not converted
  EXPECT_EQ(r.Text(3), "12");
  EXPECT_EQ(r.Bytes(4), "\0b"s);
  EXPECT_TRUE(r.IsNull(5));
  EXPECT_EQ(r.OptInt(5), std::nullopt);
  EXPECT_EQ(r.OptText(3), "12");
}

TEST(PgValues, DecodesByTypeOid) {
  auto decode = [](Oid oid, const std::string& s) {
    return DecodePgValue(oid, s.data(), s.size());
  };
  EXPECT_EQ(decode(20, "-9223372036854775808"), Value(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(decode(23, "42"), Value(int64_t{42}));
  EXPECT_EQ(decode(701, "0.1"), Value(0.1));
  EXPECT_EQ(decode(1700, "12345"), Value(12345.0));
  EXPECT_TRUE(std::isinf(std::get<double>(decode(701, "-Infinity"))));
  EXPECT_EQ(decode(16, "t"), Value(int64_t{1}));
  EXPECT_EQ(decode(16, "f"), Value(int64_t{0}));
  EXPECT_EQ(decode(17, "\\x00ff41"), Value(Blob{"\0\xff\x41"s}));
  EXPECT_EQ(decode(17, "\\x"), Value(Blob{""}));
  EXPECT_EQ(decode(25, "text"), Value("text"s));
  EXPECT_EQ(decode(1114, "2024-01-01 00:00:00"), Value("2024-01-01 00:00:00"s));
}

TEST(MigrationText, ReplacesTokensPerDialect) {
  Migration m{
      .module = "m", .version = 1, .name = "n", .sql = "a {blob} b {real} c {bigint} {blob}"};
  EXPECT_EQ(MigrationText(m, Dialect::kSqlite), "a BLOB b REAL c INTEGER BLOB");
  EXPECT_EQ(MigrationText(m, Dialect::kPostgres), "a BYTEA b DOUBLE PRECISION c BIGINT BYTEA");
  m.postgres_sql = "pg {bigint}";
  EXPECT_EQ(MigrationText(m, Dialect::kPostgres), "pg BIGINT");
  EXPECT_EQ(MigrationText(m, Dialect::kSqlite), "a BLOB b REAL c INTEGER BLOB");
}

TEST(Migrate, RejectsBadMigrationLists) {
  auto db = Open("sqlite::memory:");
  ASSERT_TRUE(db.ok());
  std::vector<Migration> unordered = {
      {.module = "m", .version = 2, .name = "b", .sql = "SELECT 1"},
      {.module = "m", .version = 1, .name = "a", .sql = "SELECT 1"}};
  EXPECT_EQ(Migrate(**db, unordered).code(), Code::kInvalid);
  std::vector<Migration> zero = {{.module = "m", .version = 0, .name = "z", .sql = "SELECT 1"}};
  EXPECT_EQ(Migrate(**db, zero).code(), Code::kInvalid);
}

TEST(SqliteMemory, SharedSingleConnection) {
  auto opened = Open("sqlite::memory:");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Database& db = **opened;
  EXPECT_EQ(db.dialect(), Dialect::kSqlite);
  EXPECT_EQ(db.Describe(), "sqlite::memory:");
  ASSERT_TRUE(db.ExecScript("CREATE TABLE m (id INTEGER PRIMARY KEY, v TEXT)").ok());
  ASSERT_TRUE(db.Exec("INSERT INTO m (v) VALUES (?)", {"a"s}).ok());
  ASSERT_TRUE(db.Transact([](Tx& tx) {
                  return tx.Exec("INSERT INTO m (v) VALUES (?)", {"b"s}).status();
                }).ok());
  auto rows = db.Query("SELECT v FROM m ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].Text(0), "b");
  EXPECT_EQ(db.Stats().size, 1);
  EXPECT_TRUE(db.Ping().ok());
  // Using the Database (not the Tx) inside Transact fails instead of deadlocking.
  Status nested = db.Transact([&](Tx&) { return db.Exec("DELETE FROM m").status(); });
  EXPECT_EQ(nested.code(), Code::kInternal);
  // Two statements in one Exec are refused (ExecScript is for scripts).
  EXPECT_FALSE(db.Exec("DELETE FROM m; DELETE FROM m").ok());
  EXPECT_TRUE(db.Exec("DELETE FROM m; -- trailing comment").ok());
}

}  // namespace
}  // namespace ow::store
