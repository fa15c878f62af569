// BookingBench (`onewindow bench booking`): `people` people compete for `slots` slots of one
// place each (`capacity` places in all) on a node's database in this process, calling the
// scheduling module's BookingService from `threads` threads. Each person tries a random slot
// and, when it is full, up to `attempts - 1` more. Measured: bookings per second until every
// place is taken, requests per second, p99 latency of a successful booking and of any request,
// and the count check (booked never above capacity, read back from the database). Then the
// same through BookAsync (lines prefixed async_), and GET /healthz on the node as this run's
// baseline (healthz_per_s).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ow::bookingbench {

struct BenchLine {
  std::string name;
  double value;
  std::string unit;
};

struct BookingBenchOptions {
  std::string db_url;  // "" = a fresh SQLite file in a temp directory
  int people = 10'000;
  int slots = 1'000;
  int schedules = 10;  // the slots are spread over this many owners
  int threads = 64;    // concurrent bookers (a server has many connections in flight)
  int attempts = 3;
  // Then the same contest on fresh slots through BookAsync with this many bookings outstanding
  // (0 = skip): the asynchronous HTTP route's commit groups.
  int in_flight = 256;
};

Result<std::vector<BenchLine>> RunBookingBench(const BookingBenchOptions& options);

}  // namespace ow::bookingbench
