#include "healthcode/health_service.h"

#include <limits>

#include "core/text.h"
#include "crypto/crypto.h"
#include "healthcode/event_codec.h"

namespace ow::healthcode {

namespace {

constexpr int64_t kClockSkewMs = 5 * 60 * 1000;

// A concurrent transaction took the same event seq or timeline version (a unique key, which
// PostgreSQL reports as a plain conflict rather than a serialization failure): a lost race,
// which Database::Transact runs again (kAborted). Only these two inserts are classified so.
Status AbortOnCollision(Status s) {
  if (s.code() == Code::kConflict)
    return Status::Aborted("healthcode: concurrent change of the same person: " + s.message());
  return s;
}

std::string JoinCodes(const std::vector<Reason>& reasons) {
  std::string out;
  for (const auto& r : reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

store::Value OptText(const std::string& s) {
  return s.empty() ? store::Value(nullptr) : store::Value(s);
}

}  // namespace

HealthCodeService::HealthCodeService(store::Database& db, const Clock& clock,
                                     identity::IdentityService& identity, audit::AuditLog& audit,
                                     std::string rules_file)
    : db_(db), clock_(clock), identity_(identity), audit_(audit), rules_(std::move(rules_file)) {}

Status HealthCodeService::LoadRules() { return rules_.Load().status(); }

Result<std::shared_ptr<const Rules>> HealthCodeService::ReloadRules(const std::string& actor) {
  auto r = rules_.Load();
  audit::Event e{actor,
                 r.ok() ? "healthcode.rules.reload" : "healthcode.rules.reload_refused",
                 "",
                 "",
                 r.ok() ? "version " + (*r)->version : r.status().message(),
                 ""};
  OW_RETURN_IF_ERROR(audit_.Append(e));
  return r;
}

Result<Evaluation> HealthCodeService::ApplyInTx(store::Tx& tx, const std::string& person_id,
                                                Change& change, int64_t now) {
  std::shared_ptr<const Rules> rules = rules_.Get();
  OW_ASSIGN_OR_RETURN(store::Rows st,
                      tx.Query("SELECT colour, version, event_count, region, state FROM hc_state "
                               "WHERE person_id = ?",
                               {person_id}));
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      tx.Query("SELECT id, type, at_ms, recorded_ms, data FROM hc_events "
                               "WHERE person_id = ? ORDER BY seq",
                               {person_id}));
  std::vector<Event> events;
  events.reserve(rows.size() + change.events.size());
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(Event e,
                        EventFromStored(r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Text(4)));
    events.push_back(std::move(e));
  }
  change.now = now;
  if (change.before) OW_RETURN_IF_ERROR(change.before(tx, events, change));

  int64_t seq = st.empty() ? 0 : st[0].Int(2);
  for (Event& e : change.events) {
    if (e.id.empty()) e.id = crypto::NewId();
    if (e.at_ms == 0) e.at_ms = now;
    if (e.recorded_ms == 0) e.recorded_ms = now;
    store::Value day = nullptr;
    if (e.type == EventType::kCheckIn) day = FormatDate(ShanghaiDate(e.at_ms));
    std::string ref = e.type == EventType::kSignal ? e.signal.ref : "";
    std::string source = e.type == EventType::kSignal     ? e.signal.source
                         : e.type == EventType::kDecision ? e.decision.official
                                                          : "";
    OW_RETURN_IF_ERROR(AbortOnCollision(
        tx.Exec("INSERT INTO hc_events (id, person_id, seq, type, at_ms, recorded_ms, day, ref, "
                "source, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
                {e.id, person_id, ++seq, EventTypeName(e.type), e.at_ms, e.recorded_ms, day,
                 OptText(ref), source, EventDataJson(e)})
            .status()));
    events.push_back(e);
  }

  Evaluation ev = Evaluate(*rules, events, now);
  Colour old = Colour::kGreen;
  int64_t version = 0;
  std::string region = change.region.value_or("");
  std::vector<Reason> old_reasons;
  if (!st.empty()) {
    old = codes::ParseColour(st[0].Text(0)).value_or(Colour::kGreen);
    version = st[0].Int(1);
    if (!change.region) region = st[0].Text(3);
    if (auto s = StateFromStoredJson(st[0].Text(4)); s.ok()) old_reasons = s->reasons;
  }
  if (ev.state.colour != old) {
    ++version;
    const auto& reasons = ev.state.colour == Colour::kGreen ? old_reasons : ev.state.reasons;
    OW_RETURN_IF_ERROR(AbortOnCollision(
        tx.Exec("INSERT INTO hc_timeline (person_id, version, at_ms, old_colour, new_colour, "
                "reasons, cause) VALUES (?,?,?,?,?,?,?)",
                {person_id, version, ev.state.changed_at_ms ? ev.state.changed_at_ms : now,
                 codes::ColourName(old), codes::ColourName(ev.state.colour), JoinCodes(reasons),
                 change.cause})
            .status()));
    ColourChange cc{person_id,
                    old,
                    ev.state.colour,
                    reasons,
                    change.cause,
                    region,
                    ev.state.changed_at_ms ? ev.state.changed_at_ms : now,
                    ev.state.hint};
    for (const auto& hook : hooks_) OW_RETURN_IF_ERROR(hook(tx, cc));
  }
  ev.state.version = version;
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO hc_state (person_id, colour, version, event_count, changed_at, "
              "valid_until, rules_version, state, region, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
              "ON CONFLICT (person_id) DO UPDATE SET colour = excluded.colour, "
              "version = excluded.version, event_count = excluded.event_count, "
              "changed_at = excluded.changed_at, valid_until = excluded.valid_until, "
              "rules_version = excluded.rules_version, state = excluded.state, "
              "region = excluded.region, updated_at = excluded.updated_at",
              {person_id, codes::ColourName(ev.state.colour), version, seq, ev.state.changed_at_ms,
               ev.next_change_ms, rules->version, StateToStoredJson(ev.state), region, now})
          .status());
  if (feed_ != nullptr) OW_RETURN_IF_ERROR(feed_->Publish(tx, kColourTopic, person_id));
  if (change.after) OW_RETURN_IF_ERROR(change.after(tx, change, ev));
  return ev;
}

Result<Evaluation> HealthCodeService::Apply(const std::string& person_id, Change change) {
  std::optional<Evaluation> out;
  // Transact runs the change again when it lost a race (kAborted), from the original change.
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    Change copy = change;
    OW_ASSIGN_OR_RETURN(Evaluation ev, ApplyInTx(tx, person_id, copy, clock_.NowMillis()));
    out = std::move(ev);
    return Status::Ok();
  }));
  return std::move(*out);
}

void HealthCodeService::UseChangeFeed(store::ChangeFeed& feed) {
  feed_ = &feed;
  // About 0.5 KiB per person: at most ~50 MiB for the people scanned in the last minutes.
  cache_ = std::make_unique<store::KeyedCache<CachedState>>(feed, 100000);
  feed.Subscribe(kColourTopic, [this](const std::string& person) { cache_->Evict(person); });
}

Result<ColourState> HealthCodeService::Current(const std::string& person_id) {
  std::shared_ptr<const Rules> rules = rules_.Get();
  OW_ASSIGN_OR_RETURN(
      std::shared_ptr<const CachedState> cached,
      store::CachedOrLoad(
          cache_.get(), person_id, [&]() -> Result<std::shared_ptr<const CachedState>> {
            OW_ASSIGN_OR_RETURN(store::Rows rows,
                                db_.Query("SELECT state, valid_until, rules_version, version "
                                          "FROM hc_state WHERE person_id = ?",
                                          {person_id}));
            auto read = std::make_shared<CachedState>();
            if (!rows.empty()) {
              read->stored = true;
              read->rules_version = rows[0].Text(2);
              read->valid_until_ms = rows[0].Int(1);
              if (read->rules_version == rules->version) {
                OW_ASSIGN_OR_RETURN(read->state, StateFromStoredJson(rows[0].Text(0)));
                read->state.version = rows[0].Int(3);
              }
            }
            return std::shared_ptr<const CachedState>(std::move(read));
          }));
  if (!cached->stored) {
    ColourState s;
    s.rules_version = rules->version;
    s.hint = rules->Hint(s.colour);
    return s;
  }
  const bool same_rules = cached->rules_version == rules->version;
  if (same_rules && clock_.NowMillis() < cached->valid_until_ms) return cached->state;
  Change c;
  c.cause = same_rules ? "time" : "rules";
  OW_ASSIGN_OR_RETURN(Evaluation ev, Apply(person_id, std::move(c)));
  return std::move(ev.state);
}

Status HealthCodeService::ValidateSignal(const Signal& signal, int64_t now) const {
  std::vector<FieldError> errors;
  if (signal.person_id.empty()) errors.push_back({"$.id_number", "is required"});
  if (signal.source.empty() || signal.source.size() > 200)
    errors.push_back({"$.source", "must be 1..200 bytes naming the source"});
  if (signal.detail.size() > 2000) errors.push_back({"$.detail", "is too long"});
  if (signal.ref.size() > 200) errors.push_back({"$.ref", "is too long"});
  if (signal.occurred_at_ms <= 0) errors.push_back({"$.occurred_at", "is required"});
  if (signal.occurred_at_ms > now + kClockSkewMs)
    errors.push_back({"$.occurred_at", "must not be in the future"});
  if (!errors.empty()) return Status::Invalid("signal is invalid", std::move(errors));
  return Status::Ok();
}

HealthCodeService::Change HealthCodeService::SignalChange(const Signal& signal,
                                                          const std::string& actor, int64_t now,
                                                          std::string* id) {
  Change c;
  Event e;
  e.type = EventType::kSignal;
  e.signal = signal;
  e.at_ms = std::min(signal.occurred_at_ms, now);
  c.events.push_back(e);
  c.cause = std::string("signal:") + SignalKindName(signal.kind);
  c.after = [this, signal, actor](store::Tx& tx, const Change&, const Evaluation&) {
    return audit_.Append(tx,
                         {actor, "healthcode.signal", signal.person_id, "",
                          std::string(SignalKindName(signal.kind)) + " from " + signal.source, ""});
  };
  c.before = [id](store::Tx&, const std::vector<Event>&, Change& ch) {
    ch.events[0].id = crypto::NewId();
    if (id) *id = ch.events[0].id;
    return Status::Ok();
  };
  return c;
}

Result<Recorded> HealthCodeService::ApplySignalAs(const Signal& signal, const std::string& actor) {
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(ValidateSignal(signal, now));
  std::string id;
  OW_ASSIGN_OR_RETURN(Evaluation ev,
                      Apply(signal.person_id, SignalChange(signal, actor, now, &id)));
  return Recorded{id, std::move(ev.state)};
}

Status HealthCodeService::ApplySignalInTx(store::Tx& tx, const Signal& signal,
                                          const std::string& actor) {
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(ValidateSignal(signal, now));
  Change change = SignalChange(signal, actor, now, nullptr);
  return ApplyInTx(tx, signal.person_id, change, now).status();
}

Status HealthCodeService::ApplyMany(const std::vector<std::pair<std::string, Change>>& changes) {
  constexpr size_t kChunk = 128;
  for (size_t pos = 0; pos < changes.size(); pos += kChunk) {
    const size_t end = std::min(changes.size(), pos + kChunk);
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      const int64_t now = clock_.NowMillis();
      for (size_t i = pos; i < end; ++i) {
        Change copy = changes[i].second;
        OW_RETURN_IF_ERROR(ApplyInTx(tx, changes[i].first, copy, now).status());
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

Status HealthCodeService::ApplySignals(const std::vector<Signal>& signals,
                                       const std::string& actor) {
  const int64_t now = clock_.NowMillis();
  std::vector<std::pair<std::string, Change>> changes;
  changes.reserve(signals.size());
  for (const Signal& s : signals) {
    OW_RETURN_IF_ERROR(ValidateSignal(s, now));
    changes.emplace_back(s.person_id, SignalChange(s, actor, now, nullptr));
  }
  return ApplyMany(changes);
}

Result<ColourState> HealthCodeService::ApplySignal(const Signal& signal) {
  OW_ASSIGN_OR_RETURN(Recorded r, ApplySignalAs(signal, "system"));
  return std::move(r.state);
}

Status HealthCodeService::WithdrawSignals(const std::string& ref) {
  if (ref.empty()) return Status::Invalid("ref is required", {{"$.ref", "is required"}});
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT DISTINCT person_id FROM hc_events WHERE ref = ? AND "
                                "type = 'signal'",
                                {ref}));
  std::vector<std::pair<std::string, Change>> changes;
  for (const auto& row : rows) {
    std::string person = row.Text(0);
    Change c;
    Event e;
    e.type = EventType::kWithdrawal;
    e.withdrawn_ref = ref;
    c.events.push_back(e);
    c.cause = "withdrawal";
    c.after = [this, person, ref](store::Tx& tx, const Change&, const Evaluation&) {
      return audit_.Append(tx, {"system", "healthcode.signal.withdraw", person, "", ref, ""});
    };
    changes.emplace_back(person, std::move(c));
  }
  return ApplyMany(changes);
}

Result<Recorded> HealthCodeService::CheckIn(const std::string& person_id,
                                            const healthcode::CheckIn& in) {
  Change c;
  Event e;
  e.type = EventType::kCheckIn;
  e.checkin = in;
  c.events.push_back(e);
  c.cause = "checkin";
  std::string id;
  c.before = [&id, &person_id](store::Tx& tx, const std::vector<Event>&, Change& ch) {
    std::string day = FormatDate(ShanghaiDate(ch.now));
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("SELECT id FROM hc_events WHERE person_id = ? AND day = ?", {person_id, day}));
    if (!rows.empty())
      return Status::Conflict("already checked in today (" + day + ", Asia/Shanghai)");
    ch.events[0].id = crypto::NewId();
    id = ch.events[0].id;
    return Status::Ok();
  };
  OW_ASSIGN_OR_RETURN(Evaluation ev, Apply(person_id, std::move(c)));
  return Recorded{id, std::move(ev.state)};
}

Result<std::vector<TimelineEntry>> HealthCodeService::Timeline(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT version, at_ms, old_colour, new_colour, reasons, cause "
                                "FROM hc_timeline WHERE person_id = ? ORDER BY version",
                                {person_id}));
  std::vector<TimelineEntry> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Int(1), codes::ParseColour(r.Text(2)).value_or(Colour::kGreen),
                   codes::ParseColour(r.Text(3)).value_or(Colour::kGreen), SplitList(r.Text(4)),
                   r.Text(5)});
  }
  return out;
}

Result<std::vector<Event>> HealthCodeService::Events(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, type, at_ms, recorded_ms, data FROM hc_events "
                                "WHERE person_id = ? ORDER BY seq",
                                {person_id}));
  std::vector<Event> out;
  for (const auto& r : rows) {
    OW_ASSIGN_OR_RETURN(Event e,
                        EventFromStored(r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Text(4)));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::string> HealthCodeService::RegionOf(const std::string& person_id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT region FROM hc_state WHERE person_id = ?", {person_id}));
  if (!rows.empty() && !rows[0].Text(0).empty()) return rows[0].Text(0);
  OW_ASSIGN_OR_RETURN(identity::PersonSummary s, identity_.GetSummary(person_id));
  return s.region;
}

}  // namespace ow::healthcode
