// The `onewindow bench codes` measurements: issuing and verifying OW1 health codes against
// raw Ed25519 verification of a same-sized message (measured interleaved in the same run,
// so machine load affects both alike), and rendering a code's QR as PNG.
#pragma once

#include <string>
#include <vector>

namespace ow::codes {

struct BenchMetric {
  std::string name;  // issue_per_s, verify_per_s, raw_ed25519_verify_per_s, ...
  double value = 0;
  std::string unit;  // "ops/s", "ratio", "ms"
};

// Runs for about `seconds` in total (at least 0.2 s).
std::vector<BenchMetric> RunCodesBench(double seconds);

}  // namespace ow::codes
