#include "app/system_routes.h"

#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::app {

using http::Method;
using http::Request;
using http::Response;

namespace {

struct TestClockDeps {
  TestClock& clock;
};

constexpr double kMaxAdvanceDays = 3650;

Result<Response> Healthz(const SystemDeps&, Request&) {
  return http::JsonResponse(200, {{"status", "ok"}});
}

Result<Response> Readyz(const SystemDeps& d, Request&) {
  if (!d.db.Ping().ok()) return Status::Unavailable("database unreachable");
  return http::JsonResponse(200, {{"status", "ready"}});
}

Result<Response> Metrics(const SystemDeps& d, Request&) {
  return Response::Text(200, d.metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
}

Result<Response> Version(const SystemDeps&, Request&) {
  return http::JsonResponse(200, {{"name", "onewindow"}, {"version", ONEWINDOW_VERSION}});
}

Result<Response> ShowClock(const TestClockDeps& d, Request&) {
  return http::JsonResponse(200, {{"now", FormatRfc3339(d.clock.NowMillis())}});
}

Result<Response> SetClock(const TestClockDeps& d, Request& req) {
  TestClock& clock = d.clock;
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"advance_days", "advance_seconds", "now"});
  auto days = f.Number("advance_days", false);
  auto secs = f.Number("advance_seconds", false);
  auto now = f.Timestamp("now", false);
  if (f.ok() && !days && !secs && !now) f.Error("$", "give advance_days, advance_seconds or now");
  if (days && (*days < -kMaxAdvanceDays || *days > kMaxAdvanceDays))
    f.Error("$.advance_days", "out of range");
  OW_RETURN_IF_ERROR(f.status());
  if (now) clock.Set(TimePoint(std::chrono::milliseconds(*now)));
  if (days) clock.Advance(std::chrono::milliseconds(static_cast<int64_t>(*days * kMillisPerDay)));
  if (secs) clock.Advance(std::chrono::milliseconds(static_cast<int64_t>(*secs * 1000)));
  return ShowClock(d, req);
}

}  // namespace

void RegisterSystemRoutes(http::Router& router, const SystemDeps& deps) {
  const auto everyone = http::Public();
  http::AddRoutes<SystemDeps>(router, deps,
                              {
                                  {Method::kGet, "/healthz", everyone, Healthz},
                                  {Method::kGet, "/readyz", everyone, Readyz},
                                  {Method::kGet, "/metrics", everyone, Metrics},
                                  {Method::kGet, "/api/v1/version", everyone, Version},
                              });
}

void RegisterTestClockRoutes(http::Router& router, TestClock& clock) {
  const auto everyone = http::Public();
  http::AddRoutes<TestClockDeps>(router, {clock},
                                 {
                                     {Method::kGet, "/api/v1/test/clock", everyone, ShowClock},
                                     {Method::kPost, "/api/v1/test/clock", everyone, SetClock},
                                 });
}

}  // namespace ow::app
