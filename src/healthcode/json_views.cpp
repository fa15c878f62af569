#include "healthcode/json_views.h"

#include "healthcode/event_codec.h"

namespace ow::healthcode {

namespace json = boost::json;

namespace {

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(FormatRfc3339(*ms)) : json::value(nullptr);
}

json::value OptString(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

json::object ColourJson(const ColourState& s) {
  json::array reasons;
  for (const auto& r : s.reasons) reasons.push_back({{"code", r.code}, {"zh", r.zh}, {"en", r.en}});
  json::object o{{"colour", codes::ColourName(s.colour)},
                 {"reasons", std::move(reasons)},
                 {"streak", s.streak},
                 {"streak_required", s.streak_required},
                 {"rules_version", s.rules_version},
                 {"under_review", s.under_review},
                 {"checked_in_today", s.checked_in_today},
                 {"hint", {{"zh", s.hint.zh}, {"en", s.hint.en}}},
                 {"version", s.version}};
  o["green_from"] = OptString(s.green_from_date);
  o["quarantine_until"] = OptTime(s.quarantine_until_ms);
  o["changed_at"] =
      s.changed_at_ms ? json::value(FormatRfc3339(s.changed_at_ms)) : json::value(nullptr);
  return o;
}

json::object TimelineEntryJson(const TimelineEntry& e) {
  json::array reasons;
  for (const auto& r : e.reasons) reasons.emplace_back(r);
  return {{"version", e.version},
          {"at", FormatRfc3339(e.at_ms)},
          {"old_colour", codes::ColourName(e.old_colour)},
          {"new_colour", codes::ColourName(e.new_colour)},
          {"reasons", std::move(reasons)},
          {"cause", e.cause}};
}

json::object DeclarationRecordJson(const DeclarationRecord& d) {
  json::object o = DeclarationJson(d.declaration);
  o.erase("uncertain");
  o.erase("uncertain_reason");
  o.erase("supersedes");
  o["declaration_id"] = d.id;
  o["submitted_at"] = FormatRfc3339(d.submitted_at_ms);
  o["status"] = d.status;
  o["corrects"] = d.declaration.supersedes.empty() ? json::value(nullptr)
                                                   : json::value(d.declaration.supersedes);
  return o;
}

json::object AppealJson(const AppealRecord& a) {
  json::object o{{"appeal_id", a.id},
                 {"text", a.text},
                 {"created_at", FormatRfc3339(a.created_at_ms)},
                 {"colour_at_appeal", codes::ColourName(a.colour_at_appeal)},
                 {"status", a.status}};
  if (a.status == "decided") {
    json::object outcome{{"decision", a.decision.value_or("")},
                         {"reason", a.reason.value_or("")},
                         {"decided_at", OptTime(a.decided_at_ms)}};
    outcome["colour"] =
        a.decided_colour ? json::value(codes::ColourName(*a.decided_colour)) : json::value(nullptr);
    o["outcome"] = std::move(outcome);
  } else {
    o["outcome"] = nullptr;
  }
  return o;
}

json::object ReviewItemJson(const ReviewItem& r) {
  json::object o{{"review_id", r.id},
                 {"kind", r.kind},
                 {"person",
                  {{"person_id", r.person.person_id},
                   {"masked_name", r.person.masked_name},
                   {"masked_id", r.person.masked_id}}},
                 {"region", r.region},
                 {"detail", r.detail},
                 {"colour", codes::ColourName(r.colour)},
                 {"created_at", FormatRfc3339(r.created_at_ms)}};
  if (r.declaration) {
    json::object d = DeclarationJson(*r.declaration);
    d.erase("supersedes");
    d["declaration_id"] = r.target;
    o["declaration"] = std::move(d);
  } else {
    o["declaration"] = nullptr;
  }
  return o;
}

}  // namespace ow::healthcode
