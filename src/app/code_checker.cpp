#include "app/code_checker.h"

#include "codes/verifier.h"

namespace ow::app {

checkpoint::CodeCheck LiveCodeChecker::Check(std::string_view payload, int64_t now_ms,
                                             bool check_live) {
  checkpoint::CodeCheck out;
  auto trust = issuer_.trust().Current();
  if (!trust.ok()) {
    out.verify_reason = "unavailable";
    return out;
  }
  codes::VerifyResult r = codes::Verifier(**trust).Verify(payload, now_ms / 1000);
  out.verify_reason = r.reason;
  out.issuer = r.issuer;
  out.issued_at_s = r.issued_at;
  out.expired = r.reason == codes::reason::kExpired;
  if (!r.valid) return out;
  if (r.format != "ow1" || !r.claims) {
    out.verify_reason = "unreadable";  // e.g. a vaccination certificate is not a health code
    return out;
  }
  out.genuine = true;
  out.subject = r.claims->subject;
  out.masked_name = r.claims->masked_name;
  out.code_colour = r.claims->colour;
  if (r.issuer != issuer_.keys().options().region) return out;  // a partner region's code
  auto person = issuer_.subjects().PersonFor(r.claims->subject);
  if (!person.ok()) {
    out.code_colour.reset();  // our issuer, but no such subject: treat as unknown person
    return out;
  }
  out.person_id = *person;
  if (!check_live) return out;
  auto state = colours_.Current(*person);
  if (!state.ok()) {
    out.genuine = false;
    out.verify_reason = "unavailable";
    return out;
  }
  out.live_colour = state->colour;
  out.live_reasons = state->reasons;
  out.colour_changed_since_issue =
      state->colour != r.claims->colour || state->changed_at_ms >= (r.claims->issued_at + 1) * 1000;
  return out;
}

}  // namespace ow::app
