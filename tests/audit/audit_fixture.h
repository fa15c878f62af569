// Test fixture for the audit tests: a migrated SQLite database in a fresh temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "audit/audit.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::audit {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Init();
    std::string tmpl = (std::filesystem::temp_directory_path() / "ow-audit-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    url_ = "sqlite:" + (dir_ / "audit.db").string();
    OpenDb();
    ASSERT_TRUE(store::Migrate(*db_, AuditLog::Migrations()).ok());
  }
  void TearDown() override {
    log_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void OpenDb() {
    auto db = store::Open(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    log_ = std::make_unique<AuditLog>(*db_, clock_);
  }
  void CloseDb() {
    log_.reset();
    db_.reset();
  }
  static Event MakeEvent(int i) {
    return Event{"person-" + std::to_string(i % 3), "pii.read",
                 "person-" + std::to_string(i),     "name,id_number",
                 "case " + std::to_string(i),       "10.0.0." + std::to_string(i)};
  }
  void AppendMany(int n) {
    for (int i = 1; i <= n; ++i) {
      ASSERT_TRUE(log_->Append(MakeEvent(i)).ok());
      clock_.Advance(std::chrono::milliseconds(7));
    }
  }
  VerifyReport MustVerify() {
    auto r = log_->Verify();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : VerifyReport{false, -1, -1, "verify failed"};
  }
  void MustExec(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto r = db_->Exec(sql, params);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::filesystem::path dir_;
  std::string url_;
  TestClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<AuditLog> log_;
};

}  // namespace ow::audit
