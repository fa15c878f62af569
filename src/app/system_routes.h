// Operational routes: liveness, readiness, Prometheus metrics, version, and the test clock
// (registered only when `serve --test-clock` is given; otherwise the route does not exist).
#pragma once

#include "core/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/database.h"

namespace ow::app {

struct SystemDeps {
  store::Database& db;
  http::Metrics& metrics;
};

// /healthz, /readyz, /metrics, /api/v1/version.
void RegisterSystemRoutes(http::Router& router, const SystemDeps& deps);
// GET and POST /api/v1/test/clock.
void RegisterTestClockRoutes(http::Router& router, TestClock& clock);

}  // namespace ow::app
