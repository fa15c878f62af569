// `onewindow exchange registry import` run as a real process: the repository's catalogue
// loads, a second run changes nothing, and a broken file exits 1 naming the bad place.
#include <gtest/gtest.h>

#include <fstream>

#include "support/process.h"
#include "support/test_server.h"

namespace ow::testing {
namespace {

class RegistryCliTest : public ::testing::Test {
 protected:
  TempDir dir_;
  RunResult Import(const std::string& file) {
    return RunBinary({"exchange", "registry", "import", "--db", "sqlite:" + dir_.path() + "/ow.db",
                      "--key-file", dir_.path() + "/master.key", "--file", file});
  }
};

TEST_F(RegistryCliTest, TheRepositoryCatalogueImportsIdempotently) {
  const std::string file = std::string(OW_SOURCE_DIR) + "/exchange/catalogue.json";
  RunResult first = Import(file);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find(R"({"members":8,"keys":0,"services":11,"rights":13})"),
            std::string::npos)
      << first.output;
  RunResult second = Import(file);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find(R"({"members":0,"keys":0,"services":0,"rights":0})"),
            std::string::npos)
      << second.output;
}

TEST_F(RegistryCliTest, ABrokenCatalogueExitsOneWithThePath) {
  const std::string file = dir_.path() + "/bad.json";
  std::ofstream(file) << R"({"members":[{"id":"CN-ZJ/GOV/330000-X","name_zh":"x"}]})";
  RunResult r = Import(file);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("$.members[0].id"), std::string::npos) << r.output;
  std::ofstream(dir_.path() + "/notjson.json") << "{";
  EXPECT_EQ(Import(dir_.path() + "/notjson.json").exit_code, 2);
  EXPECT_EQ(Import(dir_.path() + "/missing.json").exit_code, 2);
}

}  // namespace
}  // namespace ow::testing
