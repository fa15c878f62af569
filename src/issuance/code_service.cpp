#include "issuance/code_service.h"

#include "codes/issue_code.h"
#include "codes/verifier.h"

namespace ow::issuance {

Result<IssuedCode> CodeService::Issue(const std::string& person_id) {
  healthcode::ColourService* colours = colours_.load();
  if (colours == nullptr) return Status::Unavailable("the colour engine is not available");
  OW_ASSIGN_OR_RETURN(healthcode::ColourState state, colours->Current(person_id));
  OW_ASSIGN_OR_RETURN(identity::PersonSummary summary, identity_.GetSummary(person_id));
  OW_ASSIGN_OR_RETURN(std::string subject, subjects_.SubjectFor(person_id));
  OW_ASSIGN_OR_RETURN(auto key, keys_.ActiveKey());

  IssuedCode code;
  const int64_t now = clock_.NowMillis() / 1000;
  code.claims.issuer = keys_.options().region;
  code.claims.issued_at = now;
  code.claims.expires_at = now + keys_.options().code_ttl_seconds;
  code.claims.subject = std::move(subject);
  code.claims.colour = state.colour;
  code.claims.masked_name = summary.masked_name;
  code.claims.masked_id = summary.masked_id;
  code.claims.rules_version = state.rules_version;
  code.payload = codes::IssueCode(code.claims, *key);
  code.kid = codes::ToBase64(key->kid());
  code.state = std::move(state);
  return code;
}

Result<CodeCheck> CodeService::Verify(std::string_view payload, const std::string& actor,
                                      const std::string& ip) {
  // A failure to read is an outage (503), never a verdict about the code.
  auto outage = [](std::string_view what, const Status& s) {
    return s.code() == Code::kInternal || s.code() == Code::kAborted ||
                   s.code() == Code::kUnavailable
               ? Status::Unavailable("cannot verify the code now: " + std::string(what))
               : s;
  };
  auto current_trust = trust_.Current();
  if (!current_trust.ok()) return outage("the trust list cannot be read", current_trust.status());
  auto trust = std::move(current_trust).value();
  CodeCheck check;
  check.result = codes::Verifier(*trust).Verify(payload, clock_.NowMillis() / 1000);
  const auto& r = check.result;
  healthcode::ColourService* colours = colours_.load();
  if (!r.valid || r.format != "ow1" || !r.claims || r.issuer != keys_.options().region ||
      colours == nullptr)
    return check;

  // One of our own codes: the checkpoint also sees the live colour.
  auto person = subjects_.PersonFor(r.claims->subject);
  if (!person.ok()) {
    if (person.status().code() == Code::kNotFound) return check;
    return outage("the code's subject cannot be read", person.status());
  }
  auto current = colours->Current(*person);
  if (!current.ok()) return outage("the live colour cannot be read", current.status());
  healthcode::ColourState state = std::move(current).value();
  check.live_colour = state.colour;
  // iat has whole seconds: a change in a later second, or a different colour, is a change.
  check.colour_changed_since_issue =
      state.colour != r.claims->colour || state.changed_at_ms >= (r.claims->issued_at + 1) * 1000;
  OW_RETURN_IF_ERROR(
      audit_.Append({actor, "pii.read", *person, "colour", "health code verification (验码)", ip}));
  return check;
}

}  // namespace ow::issuance
