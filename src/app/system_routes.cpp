#include "app/system_routes.h"

#include "core/time.h"
#include "http/json.h"

namespace ow::app {

using http::Method;
using http::Request;
using http::Response;

void RegisterHealthRoutes(http::Router& router, store::Database& db, http::Metrics& metrics) {
  router.Add(Method::kGet, "/healthz", http::Public(), [](Request&) {
    return http::JsonResponse(200, {{"status", "ok"}});
  });
  router.Add(Method::kGet, "/readyz", http::Public(), [&db](Request& req) {
    Status s = db.Ping();
    if (!s.ok()) return http::Problem(Status::Unavailable("database unreachable"), req.path);
    return http::JsonResponse(200, {{"status", "ready"}});
  });
  router.Add(Method::kGet, "/metrics", http::Public(), [&metrics](Request&) {
    return Response::Text(200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.Add(Method::kGet, "/api/v1/version", http::Public(), [](Request&) {
    return http::JsonResponse(200, {{"name", "onewindow"}, {"version", ONEWINDOW_VERSION}});
  });
}

void RegisterTestClockRoute(http::Router& router, TestClock& clock) {
  auto show = [&clock] {
    return http::JsonResponse(200, {{"now", FormatRfc3339(clock.NowMillis())}});
  };
  router.Add(Method::kGet, "/api/v1/test/clock", http::Public(),
             [show](Request&) { return show(); });
  router.Add(Method::kPost, "/api/v1/test/clock", http::Public(), [&clock, show](Request& req) {
    auto body = http::ParseObject(req);
    if (!body.ok()) return http::Problem(body.status(), req.path);
    http::FieldReader f(*body);
    f.RejectUnknown({"advance_days", "advance_seconds", "now"});
    auto days = f.Number("advance_days", false);
    auto secs = f.Number("advance_seconds", false);
    auto now = f.Timestamp("now", false);
    if (f.ok() && !days && !secs && !now) f.Error("$", "give advance_days, advance_seconds or now");
    if (days && (*days < -3650 || *days > 3650)) f.Error("$.advance_days", "out of range");
    if (!f.ok()) return http::Problem(f.status(), req.path);
    if (now) clock.Set(TimePoint(std::chrono::milliseconds(*now)));
    if (days) clock.Advance(std::chrono::milliseconds(static_cast<int64_t>(*days * 86400000)));
    if (secs) clock.Advance(std::chrono::milliseconds(static_cast<int64_t>(*secs * 1000)));
    return show();
  });
}

}  // namespace ow::app
