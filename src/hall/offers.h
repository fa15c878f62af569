// OfferService: 免申即享 — items whose file carries `automatic.rule` are offered, without an
// application, to every registered enterprise whose shared data (fetched through the exchange
// like a prefill) satisfy the rule. A sweep creates at most one offer per (item, enterprise):
// the database's unique key decides, so two nodes sweeping at once create and announce each
// offer once. The enterprise's linked persons find it in their inbox and accept it with one
// click: the case is created with the data the offer was based on, and submitted; accepting
// again gives the same case. docs/hall.md, "免申即享 offers".
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "hall/prefill.h"
#include "identity/enterprise_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

struct Offer {
  std::string id;
  std::string item_code;
  int item_version = 0;
  Text item_name;
  std::string enterprise_id;
  std::string state;    // offered | accepted | declined
  std::string case_id;  // once accepted (or while the acceptance waits for answers)
  std::string case_number;
  boost::json::object prefilled;  // as in the case view: {material: {value, source, member, ...}}
  int64_t created_at_ms = 0;
  std::optional<int64_t> decided_at_ms;
};

struct SweepReport {
  int items = 0;        // items with a rule
  int enterprises = 0;  // enterprises checked (those without an offer of the item yet)
  int eligible = 0;     // satisfied the rule
  int offered = 0;      // offers created by this sweep
  int unavailable = 0;  // some shared data could not be fetched (checked again next time)
};

class OfferService {
 public:
  OfferService(store::Database& db, const Clock& clock, ItemCatalogue& items, CaseService& cases,
               PrefillService& prefill, identity::EnterpriseService& enterprises);

  // Tells a person of a new offer inside the offer's transaction (the inbox).
  using Notify =
      std::function<Status(store::Tx&, const std::string& person_id, const Offer& offer)>;
  void SetNotify(Notify notify) { notify_ = std::move(notify); }

  // One sweep over every rule item and registered enterprise. Safe to run on several nodes at
  // once (the timer runs it once per cluster; POST /api/v1/hall/offers/sweep; tests call it).
  Result<SweepReport> Sweep();

  // Offers to the enterprises the caller may act for, newest first.
  Result<std::vector<Offer>> Mine(const Principal& p);
  // Accepts: creates the case with the offer's data and `answers` (the item's form answers,
  // e.g. the bank account), and submits it. Idempotent: an accepted offer answers its case.
  // NotFound unless the caller may act for the enterprise; Conflict when declined; Invalid
  // (the case stays a draft, reused by the next accept) when the answers are incomplete.
  Result<CaseView> Accept(const Principal& p, const std::string& offer_id,
                          const boost::json::object& answers);
  // Declines an open offer (Conflict once accepted).
  Result<Offer> Decline(const Principal& p, const std::string& offer_id);

  // Module "hall_prefill", version 3: hall_offers.
  static std::vector<store::Migration> Migrations();

 private:
  Result<Offer> Load(const std::string& id);

  store::Database& db_;
  const Clock& clock_;
  ItemCatalogue& items_;
  CaseService& cases_;
  PrefillService& prefill_;
  identity::EnterpriseService& enterprises_;
  Notify notify_;
};

}  // namespace ow::hall
