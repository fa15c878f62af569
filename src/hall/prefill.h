// PrefillService: the materials of an item that shared data can supply (`"source": "exchange"`,
// a service and a field) are fetched through the data exchange (exchange::PullClient, as the
// hall's member CN-ZJ/GOV/330000-OW/hall, for the purpose "service_application") when a draft
// is created or the applicant asks to refresh, and kept with the case in `hall_prefill`
// (migration stream "hall_prefill"). A fetched value cannot be overwritten by the applicant;
// a material the department could not or would not supply is recorded as unavailable with a
// reason, and the applicant answers it by hand instead (a form answer). docs/hall.md,
// "Prefill".
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "core/clock.h"
#include "core/principal.h"
#include "core/status.h"
#include "exchange/pull_client.h"
#include "hall/cases.h"
#include "hall/item_catalogue.h"
#include "identity/enterprise_service.h"
#include "identity/identity_service.h"
#include "store/database.h"
#include "store/migrations.h"

namespace ow::hall {

// The purpose the hall states for every pull (one of the services' purposes in the catalogue).
inline constexpr char kPrefillPurpose[] = "service_application";
// The hall's member subsystem in the exchange.
inline constexpr char kHallMember[] = "CN-ZJ/GOV/330000-OW/hall";

// One material's outcome.
struct PrefillEntry {
  std::string material;
  bool ok = false;
  boost::json::value value;  // ok: the field of the provider's answer
  Text source;               // the providing department's name
  std::string member;        // the provider, e.g. CN-ZJ/GOV/330000-HRSS/social-insurance
  int64_t fetched_at_ms = 0;
  std::string error_code;  // !ok: unavailable | refused | not_found | failed | no_field
  std::string error_message;
};

// The department that runs an exchange member: "CN-ZJ/GOV/330000-HRSS/social-insurance" ->
// 浙江省人力资源和社会保障厅 (the member code when it is not one of the province's departments).
Text DepartmentOfMember(const std::string& member);

class PrefillService {
 public:
  // `client` null: prefill is off (nothing is fetched, nothing is checked on submit, exchange
  // materials cannot be answered by hand — the behaviour without an exchange).
  PrefillService(store::Database& db, const Clock& clock, ItemCatalogue& items, CaseService& cases,
                 identity::IdentityService& identity, identity::EnterpriseService& enterprises,
                 exchange::PullClient* client);

  bool enabled() const { return client_ != nullptr; }

  // Fetches every exchange material of the case (draft or correction) and stores each outcome,
  // replacing the earlier one. Only the applicant (or a person acting for the enterprise) may;
  // NotFound for others, Conflict when the case is past correction. Network calls happen
  // outside any transaction. A failed material is an entry with an error, not an error.
  Result<std::map<std::string, PrefillEntry>> Refresh(const Principal& p, const std::string& ref);

  // What is stored for a case (by case id), by material id.
  Result<std::map<std::string, PrefillEntry>> ForCase(const std::string& case_id);

  // Adds to a case view: "prefilled" {id: {value, source{zh,en}, member, fetched_at_ms}} and
  // "prefill_errors" {id: {code, message}} (both always present, possibly empty).
  Status Decorate(const std::string& case_id, boost::json::object& view);

  // Fetches the exchange materials of `item` for an enterprise (`uscc`) or a person
  // (`resident_id`), without storing anything (the 免申即享 sweep). Empty when disabled.
  std::map<std::string, PrefillEntry> FetchItem(const ServiceItem& item, const std::string& uscc,
                                                const std::optional<std::string>& resident_id);
  // Stores entries for a case in the caller's transaction, replacing earlier ones.
  static Status StoreEntries(store::Tx& tx, const std::string& case_id,
                             const std::map<std::string, PrefillEntry>& entries);

  // Wires the service into CaseService: exchange materials may be answered by hand only when
  // their prefill failed; on submit and resubmit every exchange material must be prefilled or
  // answered (Invalid at $.answers.<id>, code "prefill_unavailable"). No-op when disabled.
  void Attach();

  // Module "hall_prefill", version 1: hall_prefill.
  static std::vector<store::Migration> Migrations();

 private:
  PrefillEntry Fetch(const Material& m, const std::string& uscc,
                     const std::optional<std::string>& resident_id);

  store::Database& db_;
  const Clock& clock_;
  ItemCatalogue& items_;
  CaseService& cases_;
  identity::IdentityService& identity_;
  identity::EnterpriseService& enterprises_;
  exchange::PullClient* client_;
};

}  // namespace ow::hall
