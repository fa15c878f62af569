// Fixture for the message log tests, run on SQLite and on PostgreSQL (OW_TEST_PG_URL): a
// database migrated with every module's migrations (so the `onewindow` binary can open it
// too), a key file, a TestClock and a MessageLog with batches of 5 entries.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/application.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "exchange/message_log.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/backend_test.h"
#include "support/pg_test_db.h"

namespace ow::exchange {

class LogTest : public ::testing::TestWithParam<std::string> {
 protected:
  static constexpr int kBatch = 5;

  void SetUp() override {
    crypto::Init();
    std::string tmpl = (std::filesystem::temp_directory_path() / "ow-xlog-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url_ = pg_.url();
    } else {
      url_ = "sqlite:" + (dir_ / "log.db").string();
    }
    key_file_ = (dir_ / "master.key").string();
    auto keys = crypto::KeyRing::LoadOrCreate(key_file_);
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    keys_ = std::make_unique<crypto::KeyRing>(*keys);
    db_ = OpenDb();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(store::Migrate(*db_, app::Application::AllMigrations()).ok());
    ASSERT_TRUE(clock_.TrySetMillis(1'790'000'000'000));
    log_ = std::make_unique<MessageLog>(*db_, clock_, *keys_, MessageLogOptions{kBatch});
  }
  void TearDown() override {
    log_.reset();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<store::Database> OpenDb() {
    auto db = store::Open(url_);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  static LogEntry MakeEntry(int i, std::string person = "") {
    LogEntry e;
    e.message_id = "msg-" + std::to_string(i);
    e.direction = i % 2 ? "in" : "out";
    e.client = "CN-ZJ/GOV/330000-HEALTH/fever-clinic";
    e.service = "CN-ZJ/GOV/330000-OW/healthcode/events";
    e.purpose = "epidemic-control";
    e.person_index = person.empty() ? "p" + std::to_string(i % 3) : person;
    e.fields = "visit_date,diagnosis";
    e.request_hash = "req" + std::to_string(i);
    e.response_hash = "res" + std::to_string(i);
    e.status = 200;
    e.outcome = "ok";
    return e;
  }
  void AppendMany(int n) {
    for (int i = 1; i <= n; ++i) {
      Status s = log_->Append(MakeEntry(i));
      ASSERT_TRUE(s.ok()) << s.ToString();
      clock_.Advance(std::chrono::milliseconds(7));
    }
  }
  LogVerifyReport MustVerify() {
    auto r = log_->Verify();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : LogVerifyReport{false, -1, -1, -1, -1, "verify failed"};
  }
  void MustExec(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto r = db_->Exec(sql, params);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  LogCounts MustCount() {
    auto c = log_->Counts();
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : LogCounts{-1, -1, -1};
  }

  testing::PgTestDatabase pg_;
  std::filesystem::path dir_;
  std::string url_, key_file_;
  std::unique_ptr<crypto::KeyRing> keys_;
  TestClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<MessageLog> log_;
};

}  // namespace ow::exchange
