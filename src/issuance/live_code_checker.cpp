#include "issuance/live_code_checker.h"

#include "codes/verifier.h"

namespace ow::issuance {

std::optional<codes::Bytes> LiveCodeChecker::OwnMacKey(codes::ByteView kid) {
  const codes::Bytes k(kid.begin(), kid.end());
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = mac_keys_.find(k);
    if (it != mac_keys_.end() &&
        (it->second.key || now - it->second.checked < std::chrono::minutes(1)))
      return it->second.key;
  }
  MacEntry entry{std::nullopt, now};
  auto active = issuer_.keys().ActiveKey();
  if (active.ok() && (*active)->kid() == k) entry.key = (*active)->mac_key();
  std::lock_guard lock(mu_);
  if (mac_keys_.size() >= 64) mac_keys_.clear();  // kids are few; foreign ones may be many
  mac_keys_[k] = entry;
  return entry.key;
}

namespace {

// What a verdict needs could not be read: no verdict, the gate is told to try again (503).
Status Outage(std::string_view what, const Status& s) {
  return Status::Unavailable("cannot check the code now: " + std::string(what) + " (" +
                             std::string(CodeName(s.code())) + ")");
}

}  // namespace

Result<checkpoint::CodeCheck> LiveCodeChecker::Check(std::string_view payload, int64_t now_ms,
                                                     bool check_live) {
  checkpoint::CodeCheck out;
  auto trust = issuer_.trust().Current();
  if (!trust.ok()) return Outage("the trust list cannot be read", trust.status());
  codes::VerifyOptions options;
  options.own_mac_key = [this](codes::ByteView kid) { return OwnMacKey(kid); };
  codes::VerifyResult r = codes::Verifier(**trust).Verify(payload, now_ms / 1000, options);
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
    if (person.status().code() != Code::kNotFound)
      return Outage("the code's subject cannot be read", person.status());
    out.code_colour.reset();  // our issuer, but no such subject: treat as unknown person
    return out;
  }
  out.person_id = *person;
  if (!check_live) return out;
  auto state = colours_.Current(*person);
  if (!state.ok()) return Outage("the live colour cannot be read", state.status());
  out.live_colour = state->colour;
  out.live_reasons = state->reasons;
  out.colour_changed_since_issue =
      state->colour != r.claims->colour || state->changed_at_ms >= (r.claims->issued_at + 1) * 1000;
  return out;
}

}  // namespace ow::issuance
