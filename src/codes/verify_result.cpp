#include "codes/verify_result.h"

namespace ow::codes {

boost::json::object VerifyResult::ToJson() const {
  boost::json::object o{{"valid", valid},    {"reason", reason}, {"format", format},
                        {"issuer", issuer},  {"kid", kid},       {"issued_at", issued_at},
                        {"expires", expires}};
  if (claims) {
    o["colour"] = ColourName(claims->colour);
    o["subject"] = claims->subject;
    o["masked_name"] = claims->masked_name;
    o["masked_id"] = claims->masked_id;
    o["rules_version"] = claims->rules_version;
  }
  if (!hcert.is_null()) o["hcert"] = hcert;
  if (licence) o["licence"] = licence->ToJson();
  return o;
}

}  // namespace ow::codes
