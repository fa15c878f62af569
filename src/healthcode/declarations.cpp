// HealthCodeService: health declarations (健康信息申报, 行程申报) and corrections (健康信息更正).
#include <map>
#include <set>

#include "crypto/crypto.h"
#include "healthcode/event_codec.h"
#include "healthcode/health_service.h"

namespace ow::healthcode {

namespace {

// Finds a declaration of the person among their events.
const Event* FindDeclaration(const std::vector<Event>& events, const std::string& id) {
  for (const Event& e : events)
    if (e.type == EventType::kDeclaration && e.id == id) return &e;
  return nullptr;
}

bool IsSuperseded(const std::vector<Event>& events, const std::string& id) {
  for (const Event& e : events)
    if (e.type == EventType::kDeclaration && e.declaration.supersedes == id) return true;
  return false;
}

}  // namespace

Result<Recorded> HealthCodeService::Declare(const std::string& person_id, Declaration d) {
  const std::string corrects = d.supersedes;
  std::shared_ptr<const Rules> rules = rules_.Get();
  Change c;
  Event e;
  e.type = EventType::kDeclaration;
  e.declaration = std::move(d);
  c.events.push_back(std::move(e));
  c.cause = corrects.empty() ? "declaration" : "correction";
  c.region = c.events[0].declaration.residence_region;
  std::string id;
  c.before = [&](store::Tx&, const std::vector<Event>& prior, Change& ch) -> Status {
    Event& ne = ch.events[0];
    if (!corrects.empty()) {
      if (!FindDeclaration(prior, corrects))
        return Status::NotFound("no such declaration of yours");
      if (IsSuperseded(prior, corrects))
        return Status::Conflict("this declaration was already corrected; correct the newest one");
    }
    ne.id = crypto::NewId();
    id = ne.id;
    ne.declaration.uncertain_reason = UncertainReason(*rules, ne.declaration, ch.now, prior);
    ne.declaration.uncertain = !ne.declaration.uncertain_reason.empty();
    return Status::Ok();
  };
  // The review row and the audit entry are written with the change.
  c.after = [&](store::Tx& tx, const Change& ch, const Evaluation& ev) -> Status {
    const Declaration& nd = ch.events[0].declaration;
    if (!corrects.empty()) {
      OW_RETURN_IF_ERROR(tx.Exec("UPDATE hc_reviews SET status = 'superseded', decided_at = ? "
                                 "WHERE kind = 'declaration' AND target = ? AND status = 'open'",
                                 {ch.now, corrects})
                             .status());
      OW_RETURN_IF_ERROR(audit_.Append(tx, {person_id, "healthcode.declaration.correct", person_id,
                                            "declaration", "corrects " + corrects, ""}));
    }
    if (!nd.uncertain) return Status::Ok();
    return tx
        .Exec(
            "INSERT INTO hc_reviews (id, kind, person_id, target, detail, colour, status, "
            "created_at) VALUES (?,?,?,?,?,?,?,?)",
            {crypto::NewId(), "declaration", person_id, id, nd.uncertain_reason,
             codes::ColourName(ev.state.colour), "open", ch.now})
        .status();
  };
  OW_ASSIGN_OR_RETURN(Evaluation ev, Apply(person_id, std::move(c)));
  return Recorded{id, std::move(ev.state)};
}

Result<Recorded> HealthCodeService::Correct(const std::string& person_id,
                                            const std::string& declaration_id, Declaration d) {
  if (declaration_id.empty())
    return Status::Invalid("declaration_id is required", {{"$.declaration_id", "is required"}});
  d.supersedes = declaration_id;
  return Declare(person_id, std::move(d));
}

Result<std::vector<DeclarationRecord>> HealthCodeService::Declarations(
    const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(std::vector<Event> events, Events(person_id));
  std::set<std::string> superseded;
  std::map<std::string, bool> decided;  // target -> overridden
  for (const Event& e : events) {
    if (e.type == EventType::kDeclaration && !e.declaration.supersedes.empty())
      superseded.insert(e.declaration.supersedes);
    if (e.type == EventType::kDecision && !e.decision.target.empty())
      decided[e.decision.target] = e.decision.override_colour;
  }
  std::vector<DeclarationRecord> out;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    const Event& e = *it;
    if (e.type != EventType::kDeclaration) continue;
    DeclarationRecord r{e.id, e.at_ms, e.declaration, "accepted"};
    if (superseded.count(e.id))
      r.status = "superseded";
    else if (auto d = decided.find(e.id); d != decided.end())
      r.status = d->second ? "overridden" : "approved";
    else if (e.declaration.uncertain)
      r.status = "under_review";
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace ow::healthcode

namespace ow::healthcode {

Result<std::vector<std::pair<std::string, int64_t>>> HealthCodeService::DeclaredStays(
    const std::string& region_prefix, Date from, Date to, int64_t declared_since_ms) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, person_id, type, at_ms, recorded_ms, data "
                                "FROM hc_events WHERE type = 'declaration' AND at_ms >= ? "
                                "ORDER BY person_id, seq",
                                {declared_since_ms}));
  std::set<std::string> superseded;
  std::vector<std::pair<std::string, Event>> decls;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(Event e,
                        EventFromStored(r.Text(0), r.Text(2), r.Int(3), r.Int(4), r.Text(5)));
    if (!e.declaration.supersedes.empty()) superseded.insert(e.declaration.supersedes);
    decls.emplace_back(r.Text(1), std::move(e));
  }
  std::map<std::string, int64_t> last;  // person -> end of the latest matching stay
  for (const auto& [person, e] : decls) {
    if (superseded.count(e.id)) continue;
    for (const Travel& t : e.declaration.travel) {
      if (!t.region.starts_with(region_prefix)) continue;
      if (DaysFromCivil(t.to) < DaysFromCivil(from) || DaysFromCivil(t.from) > DaysFromCivil(to))
        continue;
      int64_t last_day = std::min(DaysFromCivil(t.to), DaysFromCivil(to));
      int64_t end = std::min(e.at_ms, ShanghaiMidnightMillis(CivilFromDays(last_day + 1)));
      auto [it, fresh] = last.emplace(person, end);
      if (!fresh) it->second = std::max(it->second, end);
    }
  }
  return std::vector<std::pair<std::string, int64_t>>(last.begin(), last.end());
}

}  // namespace ow::healthcode
