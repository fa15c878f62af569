#include "codes/codes_bench.h"

#include <gtest/gtest.h>

namespace ow::codes {
namespace {

TEST(CodesBenchTest, ReportsAllMetrics) {
  const auto metrics = RunCodesBench(0.3);
  ASSERT_EQ(metrics.size(), 7u);
  const char* names[] = {"issue_per_s",
                         "verify_per_s",
                         "raw_ed25519_verify_per_s",
                         "verify_ratio_vs_raw",
                         "verify_own_code_per_s",
                         "verify_own_ratio_vs_raw",
                         "qr_png_ms"};
  for (size_t i = 0; i < metrics.size(); ++i) {
    EXPECT_EQ(metrics[i].name, names[i]);
    EXPECT_GT(metrics[i].value, 0) << names[i];
    std::printf("%s = %.3f %s\n", metrics[i].name.c_str(), metrics[i].value,
                metrics[i].unit.c_str());
  }
}

}  // namespace
}  // namespace ow::codes
