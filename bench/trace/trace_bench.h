// TraceBench: `onewindow bench trace`. Generates a synthetic province deterministically
// (people with a home gate, maybe a workplace, a few venues a day), builds a ContactIndex over
// its pass records and measures load time, memory, per-case trace latency, a 1,000-case batch
// and the recolouring of everyone after a risk-area publication; in the same run, the same
// traces as a plain SQL self-join in SQLite, as the baseline (issue 5, "Scale").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "trace/contact_index.h"

namespace ow::trace {

// The shape of a synthetic province.
struct ProvinceSpec {
  uint32_t persons = 200'000;
  uint32_t places = 20'000;  // half community gates, half workplaces and venues
  int days = 28;
  int64_t scans_per_day = 180'000;  // pass records per day across the province (about)
  uint64_t seed = 42;
};

// First instant of the synthetic province (2026-01-01T00:00:00Z).
inline constexpr int64_t kProvinceStartMs = 1'767'225'600'000;

// The pass records of a province, the same for the same spec; times are whole seconds.
std::vector<Pass> GenerateProvince(const ProvinceSpec& spec);

struct TraceBenchOptions {
  ProvinceSpec province;
  int cases = 200;                  // traced cases for p50/p99
  int64_t sql_records = 2'000'000;  // at most this many records in the SQLite baseline
  int threads = 2;                  // for the 1,000-case batch
};

struct TraceBenchLine {
  std::string name;
  double value;
  std::string unit;
};

// Runs the benchmark, calling emit for each figure as soon as it is measured. Fails if the SQL
// baseline and the index disagree on a cross-checked case.
Status RunTraceBench(const TraceBenchOptions& options,
                     const std::function<void(const TraceBenchLine&)>& emit);

}  // namespace ow::trace
