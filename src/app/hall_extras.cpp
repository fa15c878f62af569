// The hall's prefill and uploads, composed (see hall_extras.h).
#include "app/hall_extras.h"

#include <algorithm>

#include "exchange/member_key_file.h"
#include "exchange/sim_keys.h"

namespace ow::app {

Status HallExtras::CheckConfig(const HallExchangeConfig& config) {
  for (const auto& url : config.provider_urls) {
    OW_RETURN_IF_ERROR(exchange::ParseSubsystemId(url.first).status());
    OW_RETURN_IF_ERROR(exchange::ParseHttpEndpoint(url.second).status());
  }
  if (!config.default_url.empty())
    OW_RETURN_IF_ERROR(exchange::ParseHttpEndpoint(config.default_url).status());
  if (!config.key_file.empty())
    OW_RETURN_IF_ERROR(exchange::LoadMemberKeyFile(config.key_file).status());
  return Status::Ok();
}

Result<std::unique_ptr<HallExtras>> HallExtras::Make(
    const HallExchangeConfig& config, store::Database& db, const Clock& clock,
    const std::string& index_key, exchange::MessageSink* log, hall::ItemCatalogue& items,
    hall::CaseService& cases, identity::IdentityService& identity,
    identity::EnterpriseService& enterprises, audit::AuditLog& audit) {
  auto x = std::make_unique<HallExtras>();
  if (!config.default_url.empty() || !config.provider_urls.empty()) {
    exchange::PullClientOptions o;
    OW_ASSIGN_OR_RETURN(o.client, exchange::ParseSubsystemId(hall::kHallMember));
    if (!config.key_file.empty()) {
      OW_ASSIGN_OR_RETURN(exchange::MemberKeyFile key,
                          exchange::LoadMemberKeyFile(config.key_file));
      if (!(key.member == o.client))
        return Status::Invalid("the hall's key file is for " + key.member.ToString());
      o.key = key.key;
    } else {
      o.key = exchange::SimMemberKey(config.sim_seed, o.client).Signing();
    }
    for (const auto& url : config.provider_urls)
      OW_RETURN_IF_ERROR(exchange::ParseHttpEndpoint(url.second).status());
    if (!config.default_url.empty())
      OW_RETURN_IF_ERROR(exchange::ParseHttpEndpoint(config.default_url).status());
    o.default_url = config.default_url;
    o.provider_urls = config.provider_urls;
    o.deadline = std::chrono::milliseconds(config.deadline_ms);
    o.max_attempts = std::max(1, config.max_attempts);
    o.index_key = index_key;
    x->pull = std::make_unique<exchange::PullClient>(std::move(o), clock, log);
  }
  x->prefill = std::make_unique<hall::PrefillService>(db, clock, items, cases, identity,
                                                      enterprises, x->pull.get());
  x->prefill->Attach();
  x->uploads = std::make_unique<hall::UploadService>(db, clock, items, enterprises, audit);
  x->uploads->Attach(cases);
  x->offers =
      std::make_unique<hall::OfferService>(db, clock, items, cases, *x->prefill, enterprises);
  return x;
}

void HallExtras::Complete(hall::HallDeps& deps, hall::CaseService& cases) {
  hall::MaterialDeps m = Deps(cases);
  deps.case_extras = [m](const std::string& case_id, boost::json::object& view) {
    return hall::CaseViewExtras(m, case_id, view);
  };
  hall::PrefillService* p = prefill.get();
  deps.after_create = [p](const Principal& who, const std::string& case_id) -> Status {
    if (!p->enabled()) return Status::Ok();
    return p->Refresh(who, case_id).status();
  };
}

}  // namespace ow::app
