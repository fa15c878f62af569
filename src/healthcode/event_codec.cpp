#include "healthcode/event_codec.h"

#include "healthcode/rules.h"

namespace ow::healthcode {

namespace json = boost::json;

namespace {

json::array StringArray(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::vector<std::string> Strings(const json::value* v) {
  std::vector<std::string> out;
  if (!v || !v->is_array()) return out;
  for (const auto& s : v->get_array())
    if (s.is_string()) out.emplace_back(s.get_string());
  return out;
}

std::string Str(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

double Num(const json::object& o, std::string_view key, double dflt) {
  auto* v = o.if_contains(key);
  if (!v) return dflt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return dflt;
}

int64_t Int(const json::object& o, std::string_view key, int64_t dflt) {
  auto* v = o.if_contains(key);
  if (!v) return dflt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  return dflt;
}

bool Bool(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

}  // namespace

json::object DeclarationJson(const Declaration& d) {
  json::array travel;
  for (const auto& t : d.travel)
    travel.push_back(
        {{"region", t.region}, {"from", FormatDate(t.from)}, {"to", FormatDate(t.to)}});
  return {{"residence_region", d.residence_region},
          {"temperature", d.temperature},
          {"symptoms", StringArray(d.symptoms)},
          {"travel", std::move(travel)},
          {"contact_with_case", d.contact_with_case},
          {"supersedes", d.supersedes},
          {"uncertain", d.uncertain},
          {"uncertain_reason", d.uncertain_reason}};
}

std::string EventDataJson(const Event& e) {
  json::object o;
  switch (e.type) {
    case EventType::kDeclaration:
      o = DeclarationJson(e.declaration);
      break;
    case EventType::kCheckIn:
      o = {{"temperature", e.checkin.temperature}, {"symptoms", StringArray(e.checkin.symptoms)}};
      break;
    case EventType::kSignal:
      o = {{"kind", SignalKindName(e.signal.kind)},
           {"source", e.signal.source},
           {"detail", e.signal.detail},
           {"ref", e.signal.ref}};
      break;
    case EventType::kDecision:
      o = {{"override", e.decision.override_colour},
           {"colour", codes::ColourName(e.decision.colour)},
           {"reason", e.decision.reason},
           {"target", e.decision.target},
           {"official", e.decision.official}};
      break;
    case EventType::kWithdrawal:
      o = {{"ref", e.withdrawn_ref}};
      break;
  }
  return json::serialize(o);
}

Result<Event> EventFromStored(std::string id, std::string_view type, int64_t at_ms,
                              int64_t recorded_ms, std::string_view data) {
  auto t = ParseEventType(type);
  if (!t) return Status::Internal("unknown stored event type '" + std::string(type) + "'");
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec || !v.is_object()) return Status::Internal("corrupt event data for " + id);
  const json::object& o = v.get_object();
  Event e;
  e.id = std::move(id);
  e.type = *t;
  e.at_ms = at_ms;
  e.recorded_ms = recorded_ms;
  switch (e.type) {
    case EventType::kDeclaration: {
      Declaration& d = e.declaration;
      d.residence_region = Str(o, "residence_region");
      d.temperature = Num(o, "temperature", 36.5);
      d.symptoms = Strings(o.if_contains("symptoms"));
      if (auto* tr = o.if_contains("travel"); tr && tr->is_array()) {
        for (const auto& x : tr->get_array()) {
          if (!x.is_object()) continue;
          auto from = ParseDate(Str(x.get_object(), "from"));
          auto to = ParseDate(Str(x.get_object(), "to"));
          if (from && to) d.travel.push_back({Str(x.get_object(), "region"), *from, *to});
        }
      }
      d.contact_with_case = Bool(o, "contact_with_case");
      d.supersedes = Str(o, "supersedes");
      d.uncertain = Bool(o, "uncertain");
      d.uncertain_reason = Str(o, "uncertain_reason");
      break;
    }
    case EventType::kCheckIn:
      e.checkin.temperature = Num(o, "temperature", 36.5);
      e.checkin.symptoms = Strings(o.if_contains("symptoms"));
      break;
    case EventType::kSignal: {
      auto kind = ParseSignalKind(Str(o, "kind"));
      if (!kind) return Status::Internal("unknown stored signal kind in " + e.id);
      e.signal.kind = *kind;
      e.signal.source = Str(o, "source");
      e.signal.detail = Str(o, "detail");
      e.signal.ref = Str(o, "ref");
      e.signal.occurred_at_ms = at_ms;
      break;
    }
    case EventType::kDecision:
      e.decision.override_colour = Bool(o, "override");
      e.decision.colour = codes::ParseColour(Str(o, "colour")).value_or(Colour::kGreen);
      e.decision.reason = Str(o, "reason");
      e.decision.target = Str(o, "target");
      e.decision.official = Str(o, "official");
      break;
    case EventType::kWithdrawal:
      e.withdrawn_ref = Str(o, "ref");
      break;
  }
  return e;
}

std::string StateToStoredJson(const ColourState& s) {
  json::array reasons;
  for (const auto& r : s.reasons) reasons.push_back({{"code", r.code}, {"zh", r.zh}, {"en", r.en}});
  json::object o{{"colour", codes::ColourName(s.colour)},
                 {"reasons", std::move(reasons)},
                 {"streak", s.streak},
                 {"streak_required", s.streak_required},
                 {"changed_at_ms", s.changed_at_ms},
                 {"version", s.version},
                 {"rules_version", s.rules_version},
                 {"under_review", s.under_review},
                 {"checked_in_today", s.checked_in_today},
                 {"hint", {{"zh", s.hint.zh}, {"en", s.hint.en}}}};
  o["quarantine_until_ms"] =
      s.quarantine_until_ms ? json::value(*s.quarantine_until_ms) : json::value(nullptr);
  o["green_from"] = s.green_from_date ? json::value(*s.green_from_date) : json::value(nullptr);
  return json::serialize(o);
}

Result<ColourState> StateFromStoredJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Internal("corrupt stored colour state");
  const json::object& o = v.get_object();
  ColourState s;
  s.colour = codes::ParseColour(Str(o, "colour")).value_or(Colour::kGreen);
  if (auto* rs = o.if_contains("reasons"); rs && rs->is_array()) {
    for (const auto& r : rs->get_array()) {
      if (!r.is_object()) continue;
      s.reasons.push_back(
          {Str(r.get_object(), "code"), Str(r.get_object(), "zh"), Str(r.get_object(), "en")});
    }
  }
  s.streak = static_cast<int>(Int(o, "streak", 0));
  s.streak_required = static_cast<int>(Int(o, "streak_required", 0));
  s.changed_at_ms = Int(o, "changed_at_ms", 0);
  s.version = Int(o, "version", 0);
  s.rules_version = Str(o, "rules_version");
  s.under_review = Bool(o, "under_review");
  s.checked_in_today = Bool(o, "checked_in_today");
  if (auto* h = o.if_contains("hint"); h && h->is_object())
    s.hint = {Str(h->get_object(), "zh"), Str(h->get_object(), "en")};
  if (s.hint.zh.empty() || s.hint.en.empty())
    s.hint = DefaultHint(s.colour);  // stored before hints
  if (auto* q = o.if_contains("quarantine_until_ms"); q && q->is_int64())
    s.quarantine_until_ms = q->get_int64();
  if (auto* g = o.if_contains("green_from"); g && g->is_string())
    s.green_from_date = std::string(g->get_string());
  return s;
}

}  // namespace ow::healthcode
