// LoadClient: an open-loop HTTP load generator for benchmarks (wrk2-style). Requests arrive at
// a fixed rate spread over C keep-alive connections whatever the server answers; each request
// has an intended send time, and its latency is measured from that time, so a request whose
// connection is still busy with the previous one waits, and that wait counts (coordinated
// omission corrected). Optionally a second group of closed-loop connections sends requests
// back to back (a flood), measured from their actual send time.
//
// Everything runs on ONE thread (an Asio event loop): the generator's own CPU is one core at
// most, so it can be pinned away from the server's. Its lag (how late a request that found
// its connection idle went out) is reported so that a generator that did not keep up shows.
// Lives in src/http because only this module may use Asio; used by `onewindow bench load`.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace ow::http {

struct LoadRoute {
  std::string name;  // how it is reported
  std::string method;
  std::string target;
  std::string body;  // sent as application/json when not empty
  std::vector<std::pair<std::string, std::string>> headers;
  double weight = 1;  // share of the open-loop arrivals (relative)
};

struct LoadOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  double rate = 1000;         // open-loop arrivals per second, all connections together
  int connections = 16;       // open-loop connections
  double seconds = 10;        // measured period
  double warmup_seconds = 1;  // arrivals before the measured period (not recorded)
  std::vector<LoadRoute> routes;
  // Closed-loop flood: each connection sends flood_routes in turn, back to back.
  int flood_connections = 0;
  std::vector<LoadRoute> flood_routes;
  double drain_seconds = 5;  // after the last arrival, how long answers are awaited
  int max_connecting = 64;   // connects in progress at once while setting up
  uint32_t seed = 1;         // route choice per arrival
};

// Status classes of an answer.
enum LoadClass { kLoad2xx = 0, kLoad4xx = 1, kLoad503 = 2, kLoadOther = 3 };
constexpr std::array<const char*, 4> kLoadClassNames = {"2xx", "4xx", "503", "other"};

struct LoadRouteResult {
  std::string name;
  bool flood = false;
  std::array<std::vector<float>, 4> latency_ms;  // per LoadClass, of measured arrivals
  int64_t errors = 0;      // connection failed or closed before the answer (measured ones)
  int64_t unfinished = 0;  // measured arrivals without an answer when the run ended
};

struct LoadResult {
  std::vector<LoadRouteResult> routes;  // open-loop routes, then flood routes
  double measured_seconds = 0;
  std::vector<float> send_lag_ms;  // lateness of sends that found their connection idle
  int64_t reconnects = 0;
};

// Connects every connection, then runs warm-up + measured period and waits for the answers.
Result<LoadResult> RunLoad(const LoadOptions& options);

}  // namespace ow::http
