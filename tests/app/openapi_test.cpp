// docs/api/openapi.yaml documents exactly the routes the server registers, with the roles
// that may call each (x-roles), and it is valid enough to be read by tools (openapi: 3.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "support/test_server.h"

namespace ow::testing {
namespace {

struct DocOp {
  std::set<std::string> roles;
  bool has_responses = false;
};

std::map<std::string, DocOp> ParseOpenApi(const std::string& path, std::string* version) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::map<std::string, DocOp> ops;
  std::string line, current_path, current_op;
  bool in_paths = false;
  std::regex path_re("^  (/[^:]*):\\s*$");
  std::regex op_re("^    (get|post|put|patch|delete):\\s*$");
  std::regex roles_re("^      x-roles:\\s*\\[(.*)\\]\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.starts_with("openapi:")) *version = line.substr(8);
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_re)) {
      current_path = m[1];
      current_op.clear();
    } else if (std::regex_match(line, m, op_re)) {
      std::string method = m[1];
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      current_op = method + " " + current_path;
      ops[current_op];
    } else if (!current_op.empty() && std::regex_match(line, m, roles_re)) {
      std::stringstream ss(m[1].str());
      std::string role;
      while (std::getline(ss, role, ',')) {
        role.erase(0, role.find_first_not_of(' '));
        role.erase(role.find_last_not_of(' ') + 1);
        ops[current_op].roles.insert(role);
      }
    } else if (!current_op.empty() && line == "      responses:") {
      ops[current_op].has_responses = true;
    }
  }
  return ops;
}

TEST(OpenApiTest, EveryRouteDocumentedAndViceVersa) {
  std::string version;
  auto doc = ParseOpenApi(std::string(OW_SOURCE_DIR) + "/docs/api/openapi.yaml", &version);
  EXPECT_NE(version.find("3.1"), std::string::npos);
  TestServer server;  // test clock enabled, so its route is registered and must be documented
  std::set<std::string> registered;
  for (const auto& r : server.app().router().Routes()) {
    if (r.hidden) continue;  // a catch-all answering in another protocol's shape (/r1/)
    std::string key = std::string(http::MethodName(r.method)) + " " + r.pattern;
    registered.insert(key);
    auto it = doc.find(key);
    if (it == doc.end()) {
      ADD_FAILURE() << "route not documented in openapi.yaml: " << key;
      continue;
    }
    EXPECT_TRUE(it->second.has_responses) << key << " has no responses";
    std::set<std::string> want;
    if (r.access.public_route) {
      want = {"public"};
    } else if (r.access.roles.empty()) {
      want = {"any"};
    } else {
      for (Role role : r.access.roles) want.insert(RoleName(role));
    }
    EXPECT_EQ(it->second.roles, want) << "x-roles of " << key;
  }
  for (const auto& [key, op] : doc)
    EXPECT_TRUE(registered.count(key)) << "documented but not served: " << key;
}

}  // namespace
}  // namespace ow::testing
