// Simulator: the HTTP side of `onewindow dept-sim` (docs/exchange.md, "dept-sim"). Serves the
// six departments' provider endpoints in X-Road REST shape from the seeded Dataset, checking
// each call like a provider's security server would (envelope headers, a trusted member's
// signature under the named key, timestamp skew, nonce replay) and answering X-Road errors
// otherwise; also a verifying sink for pushed events, knobs (latency, failure rate, outage) and
// counters for tests.
//
// Routes (all public; the simulator is test and demo infrastructure):
//   GET  /r1/CN-ZJ/GOV/330000-TAX/etax/tax-standing/{uscc}
//   GET  /r1/CN-ZJ/GOV/330000-AMR/business-registry/business-licence/{uscc}
//   GET  /r1/CN-ZJ/GOV/330000-HRSS/social-insurance/insured-employees/{uscc}
//   GET  /r1/CN-ZJ/GOV/330000-HEALTH/fever-clinic/fever-clinic-visits      (X-Road-UserId)
//   GET  /r1/CN-ZJ/GOV/330000-NHSA/pharmacy/fever-drug-purchases          (X-Road-UserId)
//   GET  /r1/CN-ZJ/GOV/330000-RAIL/tickets/rail-trips                     (X-Road-UserId)
//   POST /r1/CN-ZJ/GOV/330000-OW/healthcode/events   verifying sink for pushes (idempotent by
//                                                    X-Road-Id: 201 applied, then 200 not)
//   POST /sim/echo-verify     checks a signed call addressed to /sim/echo-verify
//   GET  /sim/health          {"ok","outage","latency_ms","fail_rate","enterprises","persons"}
//   POST /sim/outage          {"on":true|false}
//   POST /sim/knobs           {"latency_ms"?, "fail_rate"?}
//   GET  /sim/requests[?id=X] {"total","by_id":{id:count}} or {"id","count"}
//   GET  /sim/dataset         {"enterprises":[uscc...],"persons":[id...]} (first 50 of each)
//   GET  /sim/events          {"total","by_type":{...}} of accepted pushes
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "deptsim/dataset.h"
#include "http/router.h"

namespace ow::deptsim {

struct SimOptions {
  std::string seed = "onewindow-demo";
  int data_size = 300;   // enterprises and persons
  int latency_ms = 0;    // added before every /r1/ answer
  double fail_rate = 0;  // share of /r1/ calls answered 500 (after verification)
  int64_t max_skew_ms = 5 * 60 * 1000;
  // Extra trusted keys: member id -> (key id -> 32-byte public key); key id "*" = any.
  std::map<std::string, std::map<std::string, std::string>> trust;
  std::string onewindow_url;  // shown in /sim/health
};

class Simulator {
 public:
  // Trusts the seed-derived keys of OneWindow's members and of the six departments, plus
  // `options.trust`.
  Simulator(SimOptions options, const Clock& clock);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  void Register(http::Router& router);
  const Dataset& dataset() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses "--trust-key MEMBER[:KEY_ID]=BASE64" into `trust`.
Status AddTrustKey(std::string_view spec,
                   std::map<std::string, std::map<std::string, std::string>>& trust);

// Serves the simulator on address:port until SIGINT/SIGTERM (prints the bound port to stderr).
Status Serve(SimOptions options, const std::string& address, uint16_t port, int threads);

}  // namespace ow::deptsim
