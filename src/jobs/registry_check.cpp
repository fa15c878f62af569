// ExchangeRegistry (see registry_check.h).
#include "jobs/registry_check.h"

#include <boost/json.hpp>

namespace ow::jobs {

Result<RegistryStatus> ExchangeRegistry::Lookup(const std::string& uscc) {
  OW_ASSIGN_OR_RETURN(exchange::ServiceId service,
                      exchange::ParseServiceId(kBusinessLicenceService));
  auto answer = client_.Get(service, "/" + uscc, kRegistryPurpose, std::nullopt);
  if (!answer.ok()) {
    if (answer.status().code() == Code::kNotFound)
      return Status::NotFound("the business registry does not know " + uscc);
    return Status::Unavailable("the business registry cannot be asked now: " +
                               std::string(answer.status().message()));
  }
  const boost::json::object* body = answer->body.if_object();
  const boost::json::value* v = body ? body->if_contains("status") : nullptr;
  if (v == nullptr || !v->is_string())
    return Status::Unavailable("the business registry's answer has no status");
  return RegistryStatus{std::string(v->as_string()), answer->provider, answer->fetched_at_ms};
}

}  // namespace ow::jobs
