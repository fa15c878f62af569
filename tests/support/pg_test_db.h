// PgTestDatabase: a fresh PostgreSQL database for one test on the server named by
// OW_TEST_PG_URL (dropped afterwards). Tests skip when the variable is unset, unless
// OW_REQUIRE_PG=1, in which case they fail.
#pragma once

#include <optional>
#include <string>

namespace ow::testing {

class PgTestDatabase {
 public:
  PgTestDatabase();
  ~PgTestDatabase();
  bool available() const { return !url_.empty(); }
  const std::string& url() const { return url_; }  // postgresql://.../ow_t_<random>
  const std::string& skip_reason() const { return reason_; }

 private:
  std::string admin_url_, name_, url_, reason_;
};

// Use at the start of a test: skips (or fails when OW_REQUIRE_PG=1) without a server.
#define OW_REQUIRE_PG_OR_SKIP(db)                                             \
  do {                                                                        \
    if (!(db).available()) {                                                  \
      if (const char* req = std::getenv("OW_REQUIRE_PG"); req && *req == '1') \
        FAIL() << (db).skip_reason();                                         \
      GTEST_SKIP() << (db).skip_reason();                                     \
    }                                                                         \
  } while (0)

}  // namespace ow::testing
