// Admission control: in-flight counters per route class (see admission.h).
#include "http/admission.h"

#include <algorithm>

namespace ow::http {

const char* RouteClassName(RouteClass c) {
  switch (c) {
    case RouteClass::kUnlimited:
      return "unlimited";
    case RouteClass::kScan:
      return "scans";
    case RouteClass::kRead:
      return "reads";
    case RouteClass::kWrite:
      return "writes";
  }
  return "unlimited";
}

Response Overloaded(std::string_view detail, std::string_view instance,
                    std::chrono::seconds retry_after) {
  Response r = Problem(503, "overloaded", detail, instance);
  r.Set("Retry-After", std::to_string(std::max<int64_t>(1, retry_after.count())));
  return r;
}

Admission::Admission(AdmissionOptions options) : opts_(std::move(options)) {}

RouteClass Admission::ClassOf(Method method, std::string_view pattern) const {
  auto in = [pattern](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), pattern) != list.end();
  };
  if (in(opts_.unlimited_routes)) return RouteClass::kUnlimited;
  if (in(opts_.scan_routes)) return RouteClass::kScan;
  if (method == Method::kGet || method == Method::kHead || method == Method::kOptions)
    return RouteClass::kRead;
  return RouteClass::kWrite;
}

int Admission::LimitOf(RouteClass c) const {
  switch (c) {
    case RouteClass::kUnlimited:
      return 0;
    case RouteClass::kScan:
      return opts_.scans;
    case RouteClass::kRead:
      return opts_.reads;
    case RouteClass::kWrite:
      return opts_.writes;
  }
  return 0;
}

std::shared_ptr<Admission::Slot> Admission::TryAdmit(RouteClass c) {
  std::atomic<int>& counter = counters_[Index(c)];
  int limit = LimitOf(c);
  int now = counter.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (limit > 0 && now > limit) {
    counter.fetch_sub(1, std::memory_order_acq_rel);
    return nullptr;
  }
  return std::make_shared<Slot>(&counter);
}

}  // namespace ow::http
