#include "support/pg_test_db.h"

#include <cstdlib>
#include <random>

#include "store/database.h"

namespace ow::testing {

PgTestDatabase::PgTestDatabase() {
  const char* base = std::getenv("OW_TEST_PG_URL");
  if (!base || !*base) {
    reason_ = "OW_TEST_PG_URL is not set (make test starts a PostgreSQL server)";
    return;
  }
  admin_url_ = base;
  std::random_device rd;
  name_ = "ow_t_" + std::to_string(rd()) + std::to_string(rd() % 10000);
  auto admin = store::Open(admin_url_, {.pool_size = 1});
  if (!admin.ok()) {
    reason_ = "cannot connect to " + admin_url_ + ": " + admin.status().ToString();
    return;
  }
  auto r = (*admin)->Exec("CREATE DATABASE " + name_);
  if (!r.ok()) {
    reason_ = "CREATE DATABASE failed: " + r.status().ToString();
    return;
  }
  // Replace the database name (path) of the admin URL.
  std::string u = admin_url_;
  size_t scheme = u.find("://");
  size_t slash = u.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  size_t query = u.find('?');
  std::string tail = query == std::string::npos ? "" : u.substr(query);
  url_ =
      (slash == std::string::npos ? u.substr(0, query) : u.substr(0, slash)) + "/" + name_ + tail;
}

PgTestDatabase::~PgTestDatabase() {
  if (url_.empty()) return;
  auto admin = store::Open(admin_url_, {.pool_size = 1});
  if (admin.ok()) (void)(*admin)->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace ow::testing
