#include "app/system_routes.h"
#include "app/release.h"

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
  return http::JsonResponse(200, {{"name", "onewindow"}, {"version", ReleaseVersion()}});
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
  if (days && !(*days >= -kMaxAdvanceDays && *days <= kMaxAdvanceDays))
    f.errors().push_back({"$.advance_days", "out of range", "out_of_range"});
  if (secs && !(*secs >= -kMaxAdvanceDays * 86400 && *secs <= kMaxAdvanceDays * 86400))
    f.errors().push_back({"$.advance_seconds", "out of range", "out_of_range"});
  if (now && (*now < TestClock::kMinMillis || *now >= TestClock::kMaxMillis))
    f.errors().push_back({"$.now", "must be from 1970-01-01 until 2200-01-01", "out_of_range"});
  OW_RETURN_IF_ERROR(f.status());
  // Checked arithmetic: the target instant is computed first; nothing moves if it is out of
  // range (the bounds above keep each step within int64 milliseconds).
  int64_t target = now ? *now : clock.NowMillis();
  const char* path = now ? "$.now" : "$";
  if (days) {
    target += static_cast<int64_t>(*days * kMillisPerDay);
    path = "$.advance_days";
  }
  if (secs) {
    target += static_cast<int64_t>(*secs * 1000);
    path = "$.advance_seconds";
  }
  if (!clock.TrySetMillis(target))
    return Status::Invalid("the test clock would leave 1970-01-01 .. 2200-01-01",
                           {{path, "moves the clock out of range", "out_of_range"}});
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
