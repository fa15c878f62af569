// HealthCodeService: appeals (申诉) and the officials' review queue (审核): uncertain
// declarations and open appeals of people in the official's regions, approved or overridden
// with a written reason (audited as the official's action).
#include <map>

#include "crypto/crypto.h"
#include "healthcode/event_codec.h"
#include "healthcode/health_service.h"

namespace ow::healthcode {

Result<Recorded> HealthCodeService::Appeal(const std::string& person_id, const std::string& text) {
  if (text.empty() || text.size() > 4000)
    return Status::Invalid("appeal text is invalid", {{"$.text", "must be 1..4000 bytes"}});
  OW_ASSIGN_OR_RETURN(ColourState current, Current(person_id));
  std::string id = crypto::NewId();
  Status s = db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(store::Rows open,
                        tx.Query("SELECT id FROM hc_reviews WHERE person_id = ? AND "
                                 "kind = 'appeal' AND status = 'open'",
                                 {person_id}));
    if (!open.empty()) return Status::Conflict("you already have an open appeal");
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO hc_reviews (id, kind, person_id, target, detail, colour, status, "
                "created_at) VALUES (?,?,?,?,?,?,?,?)",
                {id, "appeal", person_id, "", text, codes::ColourName(current.colour), "open",
                 clock_.NowMillis()})
            .status());
    return audit_.Append(tx, {person_id, "healthcode.appeal", person_id, "", "appeal " + id, ""});
  });
  OW_RETURN_IF_ERROR(s);
  return Recorded{id, std::move(current)};
}

Result<std::vector<AppealRecord>> HealthCodeService::Appeals(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT id, detail, created_at, colour, status, decision, decided_colour, reason, "
                "decided_at FROM hc_reviews WHERE person_id = ? AND kind = 'appeal' "
                "ORDER BY created_at DESC",
                {person_id}));
  std::vector<AppealRecord> out;
  for (const auto& r : rows) {
    AppealRecord a;
    a.id = r.Text(0);
    a.text = r.Text(1);
    a.created_at_ms = r.Int(2);
    a.colour_at_appeal = codes::ParseColour(r.Text(3)).value_or(Colour::kGreen);
    a.status = r.Text(4);
    a.decision = r.OptText(5);
    if (auto c = r.OptText(6)) a.decided_colour = codes::ParseColour(*c);
    a.reason = r.OptText(7);
    a.decided_at_ms = r.OptInt(8);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<ReviewItem>> HealthCodeService::ReviewQueue(const Principal& official,
                                                               int limit) {
  if (!official.Has(Role::kHealthOfficial))
    return Status::Forbidden("only health officials review declarations and appeals");
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT r.id, r.kind, r.person_id, r.target, r.detail, r.colour, r.created_at, "
                "s.region FROM hc_reviews r LEFT JOIN hc_state s ON s.person_id = r.person_id "
                "WHERE r.status = 'open' ORDER BY r.created_at, r.id"));
  std::map<std::string, identity::PersonSummary> people;
  std::vector<ReviewItem> out;
  for (const auto& r : rows) {
    if (static_cast<int>(out.size()) >= limit) break;
    std::string person = r.Text(2);
    if (!people.count(person)) {
      OW_ASSIGN_OR_RETURN(identity::PersonSummary s, identity_.GetSummary(person));
      people[person] = std::move(s);
    }
    std::string region = r.Text(7).empty() ? people[person].region : r.Text(7);
    if (!official.HasInRegion(Role::kHealthOfficial, region)) continue;
    ReviewItem item;
    item.id = r.Text(0);
    item.kind = r.Text(1);
    item.target = r.Text(3);
    item.person = people[person];
    item.region = region;
    item.detail = r.Text(4);
    item.colour = codes::ParseColour(r.Text(5)).value_or(Colour::kGreen);
    item.created_at_ms = r.Int(6);
    if (item.kind == "declaration") {
      OW_ASSIGN_OR_RETURN(store::Rows d,
                          db_.Query("SELECT id, type, at_ms, recorded_ms, data FROM hc_events "
                                    "WHERE id = ?",
                                    {item.target}));
      if (!d.empty()) {
        OW_ASSIGN_OR_RETURN(Event e, EventFromStored(d[0].Text(0), d[0].Text(1), d[0].Int(2),
                                                     d[0].Int(3), d[0].Text(4)));
        item.declaration = std::move(e.declaration);
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<Recorded> HealthCodeService::Decide(const Principal& official, const std::string& review_id,
                                           const ReviewDecisionInput& in) {
  if (in.reason.empty() || in.reason.size() > 2000)
    return Status::Invalid("decision is invalid", {{"$.reason", "must be 1..2000 bytes"}});
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query("SELECT kind, person_id, target FROM hc_reviews WHERE id = ?", {review_id}));
  if (rows.empty()) return Status::NotFound("no such review item");
  const std::string kind = rows[0].Text(0);
  const std::string person = rows[0].Text(1);
  const std::string target = kind == "declaration" ? rows[0].Text(2) : review_id;
  OW_ASSIGN_OR_RETURN(std::string region, RegionOf(person));
  if (!official.HasInRegion(Role::kHealthOfficial, region))
    return Status::Forbidden("this person is outside your regions");

  Change c;
  Event e;
  e.type = EventType::kDecision;
  e.decision = Decision{in.override_colour, in.colour, in.reason, target, official.person_id};
  c.events.push_back(e);
  c.cause = kind == "appeal" ? "appeal" : "review";
  const std::string decision = in.override_colour ? "override" : "approve";
  c.before = [&](store::Tx& tx, const std::vector<Event>&, Change&) -> Status {
    OW_ASSIGN_OR_RETURN(store::Rows st,
                        tx.Query("SELECT status FROM hc_reviews WHERE id = ?", {review_id}));
    if (st.empty() || st[0].Text(0) != "open")
      return Status::Conflict("this review item was already decided");
    return Status::Ok();
  };
  c.after = [&](store::Tx& tx, const Change& ch, const Evaluation&) -> Status {
    store::Value colour =
        in.override_colour ? store::Value(codes::ColourName(in.colour)) : store::Value(nullptr);
    OW_RETURN_IF_ERROR(tx.Exec("UPDATE hc_reviews SET status = 'decided', decided_at = ?, "
                               "decided_by = ?, decision = ?, decided_colour = ?, reason = ? "
                               "WHERE id = ?",
                               {ch.now, official.person_id, decision, colour, in.reason, review_id})
                           .status());
    std::string what =
        kind + " " + review_id + ": " + decision +
        (in.override_colour ? std::string(" to ") + codes::ColourName(in.colour) : std::string()) +
        ": " + in.reason;
    return audit_.Append(tx,
                         {official.person_id, "healthcode.review.decide", person, "", what, ""});
  };
  OW_ASSIGN_OR_RETURN(Evaluation ev, Apply(person, std::move(c)));
  return Recorded{review_id, std::move(ev.state)};
}

}  // namespace ow::healthcode
