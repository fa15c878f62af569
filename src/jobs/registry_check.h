// RegistryCheck: whether the market regulator (市场监督管理局) shows an enterprise as
// deregistered, asked through the data exchange (exchange::PullClient) from the business
// registry's business-licence service, CN-ZJ/GOV/330000-AMR/business-registry. Postings of a
// deregistered enterprise are refused (PostingService::Create).
#pragma once

#include <string>

#include "core/status.h"
#include "exchange/pull_client.h"

namespace ow::jobs {

// The registry's answer about one enterprise.
struct RegistryStatus {
  std::string status;  // "active" | "deregistered" | whatever the registry says
  std::string member;  // the provider asked, e.g. CN-ZJ/GOV/330000-AMR/business-registry
  int64_t checked_at_ms = 0;
};

// What the posting rules need from the market regulator (an interface so tests and other
// deployments may answer differently).
class EnterpriseRegistry {
 public:
  virtual ~EnterpriseRegistry() = default;
  // The registration status of the enterprise with unified social credit code `uscc`:
  // NotFound when the registry does not know it, Unavailable when it cannot be asked now.
  virtual Result<RegistryStatus> Lookup(const std::string& uscc) = 0;
};

// The service and purpose used for the check.
inline constexpr char kBusinessLicenceService[] =
    "CN-ZJ/GOV/330000-AMR/business-registry/business-licence";
inline constexpr char kRegistryPurpose[] = "service_application";

// EnterpriseRegistry over the data exchange.
class ExchangeRegistry : public EnterpriseRegistry {
 public:
  explicit ExchangeRegistry(exchange::PullClient& client) : client_(client) {}
  Result<RegistryStatus> Lookup(const std::string& uscc) override;

 private:
  exchange::PullClient& client_;
};

}  // namespace ow::jobs
