// OverloadBench: how a node holds up under load it cannot serve, measured over HTTP on a real
// server (SQLite in a temp directory) in this process.
//  - Hashing flood: many connections register an already-registered ID (409 after a full
//    argon2id hash) and log in, while /healthz and gate scans are probed; the probes' p99 is
//    compared with a baseline without the flood, measured in the same run.
//  - Admission: a closed loop of many connections scanning codes and fetching health codes,
//    once with admission control off and once on (fresh nodes, same run): p99 of admitted
//    requests, share of 503 and how fast a 503 comes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ow::overload {

struct BenchLine {
  std::string name;
  double value;
  std::string unit;
};

struct HashingFloodOptions {
  int connections = 64;           // flooding connections
  double seconds = 10;            // flood phase
  double baseline_seconds = 3;    // probes alone, before the flood
  double probe_interval_ms = 20;  // between two probes of one kind
  int hashing_workers = 0;        // 0 = the serve default (half the cores, at least 1)
  int hashing_queue = 32;
  int io_threads = 0;  // 0 = one per core, as serve
  // false: a refused flooder sends its next request at once (an attacker); true: it waits
  // Retry-After first (a well-behaved client).
  bool honour_retry_after = false;
};

Result<std::vector<BenchLine>> RunHashingFlood(const HashingFloodOptions& options);

struct AdmissionBenchOptions {
  int connections = 1000;          // half scan, half fetch their health code
  double seconds = 8;              // per phase
  int max_inflight = 32;           // scans and reads in flight with admission on
  int max_queue_delay_ms = 20;     // queue delay beyond which admission refuses (when on)
  bool honour_retry_after = true;  // a refused client waits Retry-After, as a gate would
  int io_threads = 0;
};

Result<std::vector<BenchLine>> RunAdmissionBench(const AdmissionBenchOptions& options);

}  // namespace ow::overload
