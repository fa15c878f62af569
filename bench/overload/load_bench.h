// LoadBench: `onewindow bench load`, an open-loop load generator against a RUNNING server
// (another process, e.g. `onewindow serve --demo` pinned to another core). It logs in the
// demo administrator and citizen over HTTP, creates a gate, fetches the citizen's signed
// code, and then sends a mix of routes at a fixed arrival rate (http::RunLoad: latency from
// each request's intended send time), optionally beside a closed-loop registration/login
// flood. Reports per route and status class: count, rate, p50/p99/p99.9.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "overload/overload_bench.h"

namespace ow::overload {

struct LoadBenchOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  double rate = 1000;  // open-loop arrivals per second
  int connections = 16;
  double seconds = 10;
  double warmup_seconds = 1;
  // The open-loop mix: name:weight,... of healthz, scan, code (GET /me/health-code),
  // register (an already-registered ID: 409 after a hash), login.
  std::string mix = "scan:1,healthz:1";
  int flood_connections = 0;                 // closed loop, back to back
  std::string flood_mix = "register,login";  // in turn on each flood connection
  std::string label = "load";                // prefix of every reported name
  // Accounts (the demo data of `serve --demo` by default).
  std::string admin_id = "330104197002200057";
  std::string admin_password = "demo-admin";
  std::string citizen_id = "330104199003071233";
  std::string citizen_name = "张三";
  std::string citizen_password = "demo-citizen-1";
};

Result<std::vector<BenchLine>> RunLoadBench(const LoadBenchOptions& options);

}  // namespace ow::overload
