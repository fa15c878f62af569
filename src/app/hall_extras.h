// The hall's services beyond applications, composed for the application: prefill from the
// data exchange (a PullClient as CN-ZJ/GOV/330000-OW/hall, configured by HallExchangeConfig)
// uploaded files and 免申即享 offers. docs/hall.md, "Prefill" and "Uploads".
#pragma once

#include <map>
#include <memory>
#include <string>

#include "audit/audit.h"
#include "exchange/message_log.h"
#include "exchange/pull_client.h"
#include "hall/material_routes.h"
#include "hall/prefill.h"
#include "hall/routes.h"
#include "hall/uploads.h"

namespace ow::app {

// Where the hall reaches department systems. `default_url` "" = prefill off.
struct HallExchangeConfig {
  std::string default_url;                           // "http://HOST:PORT" (e.g. dept-sim)
  std::map<std::string, std::string> provider_urls;  // by provider subsystem id
  std::string key_file;  // the hall member's key file (member_key_file.h); "" = demo key
  std::string sim_seed = "onewindow-demo";  // seed of the demo key (exchange/sim_keys.h)
  int deadline_ms = 2000;                   // per attempt
  int max_attempts = 3;
};

struct HallExtras {
  std::unique_ptr<exchange::PullClient> pull;  // null when prefill is off
  std::unique_ptr<hall::PrefillService> prefill;
  std::unique_ptr<hall::UploadService> uploads;
  std::unique_ptr<hall::OfferService> offers;  // 免申即享; Sweep() is the timer's job

  // Invalid for a malformed URL, NotFound / Invalid for a bad key file.
  static Status CheckConfig(const HallExchangeConfig& config);
  static Result<std::unique_ptr<HallExtras>> Make(
      const HallExchangeConfig& config, store::Database& db, const Clock& clock,
      const std::string& index_key, exchange::MessageSink* log, hall::ItemCatalogue& items,
      hall::CaseService& cases, identity::IdentityService& identity,
      identity::EnterpriseService& enterprises, audit::AuditLog& audit);

  hall::MaterialDeps Deps(hall::CaseService& cases) { return {cases, *prefill, *uploads, *offers}; }
  // The hooks of hall::HallDeps: the view's extra parts and the prefill after a draft.
  void Complete(hall::HallDeps& deps, hall::CaseService& cases);
};

}  // namespace ow::app
