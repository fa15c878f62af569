// Operational routes: liveness, readiness, Prometheus metrics, version, and the test clock
// (registered only when `serve --test-clock` is given; otherwise the route does not exist).
#pragma once

#include "core/clock.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/database.h"

namespace ow::app {

void RegisterHealthRoutes(http::Router& router, store::Database& db, http::Metrics& metrics);
void RegisterTestClockRoute(http::Router& router, TestClock& clock);

}  // namespace ow::app
