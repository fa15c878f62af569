// BackendTest: a fixture for integration tests run on both backends, parameterised by
// "sqlite" or "postgres" (see OW_INSTANTIATE_BACKENDS). SetUp starts a TestServer on that
// backend; on "postgres" without OW_TEST_PG_URL the test is skipped (failed with
// OW_REQUIRE_PG=1) and server_ stays null, so a derived SetUp calls BackendTest::SetUp()
// first and returns if !server_.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/pg_test_db.h"
#include "support/test_server.h"

namespace ow::testing {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "postgres") {
      OW_REQUIRE_PG_OR_SKIP(pg_);
      url = pg_.url();
    }
    server_ = std::make_unique<TestServer>(url);
  }

  app::Application& app() { return server_->app(); }
  std::unique_ptr<TestClient> Client() { return std::make_unique<TestClient>(server_->port()); }

  PgTestDatabase pg_;
  std::unique_ptr<TestServer> server_;
};

// Runs the TEST_Ps of `fixture` (a BackendTest) on SQLite and on PostgreSQL.
#define OW_INSTANTIATE_BACKENDS(fixture)                                               \
  INSTANTIATE_TEST_SUITE_P(Backends, fixture, ::testing::Values("sqlite", "postgres"), \
                           [](const auto& info) { return info.param; })

}  // namespace ow::testing
