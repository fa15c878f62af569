// ServiceItem: one item of the service catalogue (事项清单) as its data file describes it — codes,
// department, who may apply, the guide (legal basis, conditions, materials and where each comes
// from, time limits in working days, visits, fees). docs/hall.md describes the file format.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ow::hall {

// The largest file an item may accept for an upload material (its `max_bytes` is at most this);
// also the request body limit of the upload route.
inline constexpr int64_t kMaxUploadBytes = 50LL * 1024 * 1024;

// Text in both UI languages.
struct Text {
  std::string zh;
  std::string en;
};

// Where a material comes from: shared data through the exchange, an electronic licence the
// applicant holds, a form field, or an upload (only what no department holds).
enum class MaterialSource { kExchange, kLicence, kForm, kUpload };
std::string_view MaterialSourceName(MaterialSource s);

struct Material {
  std::string id;
  Text name;
  MaterialSource source = MaterialSource::kForm;
  std::string service;             // kExchange: the X-Road service id
  std::string field;               // kExchange: the field of its answer
  std::string licence_kind;        // kLicence
  std::vector<std::string> types;  // kUpload: allowed media types
  int64_t max_bytes = 0;           // kUpload
  bool required = false;
};

// What an approved and closed case of the item issues (电子证照; optional in the file: without
// it the document is a decision of kind "decision" titled after the item, valid without limit).
struct LicenceSpec {
  std::string kind;                  // e.g. "business_licence"; materials name it as licence_kind
  std::optional<Text> name;          // the document's title; default: the item's name
  std::optional<int> validity_days;  // calendar days from the issue date; none = no limit
};
// One condition of a 免申即享 rule: the prefilled value of an exchange material compared with a
// constant ("eq", "ne": any JSON value; "ge", "gt", "le", "lt": numbers). A rule holds when all
// its conditions hold; a material that could not be fetched makes the rule fail.
struct OfferCondition {
  std::string material;
  std::string op;
  boost::json::value value;
};
bool ConditionHolds(const OfferCondition& c, const boost::json::value& actual);

enum class Applicant { kCitizen, kEnterprise };
std::string_view ApplicantName(Applicant a);

struct ServiceItem {
  std::string code;        // 实施编码, e.g. 330000-0203-01
  std::string basic_code;  // 基本编码, e.g. 0203
  int version = 0;
  std::string kind;  // administrative_licence | public_service | ...
  Text name;
  std::string department_code;  // e.g. 330000-TAX
  Text department_name;
  std::vector<Applicant> applicants;
  std::vector<std::string> legal_basis;
  std::vector<Text> conditions;  // zh and en paired by position
  std::vector<Material> materials;
  int legal_days = 0;     // 法定时限, working days
  int promised_days = 0;  // 承诺时限, working days (<= legal_days)
  int visits = 0;         // 0 = 不见面
  int64_t fee_yuan = 0;
  std::optional<Text> automatic;               // 免申即享: how the offer is made
  std::vector<OfferCondition> automatic_rule;  // when it is made (automatic.rule)
  std::optional<Text> referral;                // where the case goes once approved (e.g. a bank)
  std::optional<LicenceSpec> licence;          // what approval issues (see LicenceSpec)
  std::string source_json;                     // the file as loaded
  std::string digest_hex;                      // BLAKE2b-256 of source_json

  bool AllowsApplicant(Applicant a) const;
  std::string Region() const { return code.substr(0, 6); }
};

// Parses and checks an item file; Invalid with JSON paths (and codes) for every problem.
Result<ServiceItem> ParseItem(std::string_view json);

}  // namespace ow::hall
