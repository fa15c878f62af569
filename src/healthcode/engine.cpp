#include "healthcode/engine.h"

#include <algorithm>
#include <map>
#include <set>

#include "healthcode/reason_text.h"

namespace ow::healthcode {

namespace {

int64_t DayOf(int64_t ms) { return DaysFromCivil(ShanghaiDate(ms)); }
int64_t MidnightOf(int64_t day) { return ShanghaiMidnightMillis(CivilFromDays(day)); }

// The person's check-ins by Shanghai day (the first one of a day counts).
struct CheckInDay {
  int64_t at_ms = 0;
  bool normal = true;
};
using CheckInDays = std::map<int64_t, CheckInDay>;

bool IsAbnormal(const Rules& rules, double temperature, const std::vector<std::string>& symptoms) {
  return temperature >= rules.temperature_threshold || !symptoms.empty();
}

// The streak at instant x for a trigger at t: consecutive days of normal check-ins made in
// (t, x], ending today (if checked in by x) or yesterday.
int StreakAt(const CheckInDays& days, int64_t t, int64_t x) {
  int64_t day = DayOf(x);
  auto counts = [&](int64_t d) {
    auto it = days.find(d);
    return it != days.end() && it->second.normal && it->second.at_ms > t && it->second.at_ms <= x;
  };
  if (!counts(day)) {
    auto it = days.find(day);
    bool abnormal_today =
        it != days.end() && !it->second.normal && it->second.at_ms >= t && it->second.at_ms <= x;
    if (abnormal_today) return 0;
    --day;
  }
  int n = 0;
  while (counts(day)) {
    ++n;
    --day;
  }
  return n;
}

// True if the day of x has a check-in (normal or not) made at or after t and by x.
bool CheckedInToday(const CheckInDays& days, int64_t t, int64_t x) {
  auto it = days.find(DayOf(x));
  return it != days.end() && it->second.at_ms >= t && it->second.at_ms <= x;
}

// A trigger before resolution, with what is needed to explain it.
struct RawTrigger {
  std::string code;
  int64_t at_ms = 0;
  int64_t known_ms = 0;
  std::string reason;
  size_t seq = 0;  // index of the event that raised it, in known-time order
};

int64_t KnownAt(const Event& e) { return std::max(e.at_ms, e.recorded_ms); }

// Which signals are void: withdrawn by ref, or lifted by a later lifting signal.
std::set<const Event*> VoidSignals(const Rules& rules, const std::vector<const Event*>& events) {
  std::set<const Event*> out;
  for (const Event* e : events) {
    if (e->type == EventType::kWithdrawal) {
      for (const Event* s : events)
        if (s->type == EventType::kSignal && !e->withdrawn_ref.empty() &&
            s->signal.ref == e->withdrawn_ref && KnownAt(*s) <= KnownAt(*e))
          out.insert(s);
    }
    if (e->type != EventType::kSignal) continue;
    for (const LiftingRule& l : rules.lifting) {
      if (l.signal != e->signal.kind) continue;
      for (const Event* s : events) {
        if (s->type != EventType::kSignal || KnownAt(*s) > KnownAt(*e)) continue;
        if (std::find(l.withdraws.begin(), l.withdraws.end(), s->signal.kind) == l.withdraws.end())
          continue;
        if (e->signal.ref.empty() || s->signal.ref == e->signal.ref) out.insert(s);
      }
    }
  }
  return out;
}

bool IsTriggerSignal(SignalKind k) {
  return k != SignalKind::kTestNegative && k != SignalKind::kCaseExcluded &&
         k != SignalKind::kRiskAreaLifted;
}

// The declaration triggers: temperature, symptoms, contact, travel to risk regions.
void DeclarationTriggers(const Rules& rules, const Event& e, size_t seq,
                         std::vector<RawTrigger>* out) {
  const Declaration& d = e.declaration;
  const int64_t known = KnownAt(e);
  if (d.temperature >= rules.temperature_threshold)
    out->push_back({"declared_fever", e.at_ms, known, "", seq});
  if (!d.symptoms.empty()) out->push_back({"declared_symptoms", e.at_ms, known, "", seq});
  if (d.contact_with_case) out->push_back({"declared_contact_with_case", e.at_ms, known, "", seq});
  for (const Travel& t : d.travel) {
    // Quarantine counts from the end of the last day in the region (not after the
    // declaration itself).
    int64_t end = std::min(e.at_ms, ShanghaiMidnightMillis(CivilFromDays(DaysFromCivil(t.to) + 1)));
    if (rules.IsHighRisk(t.region))
      out->push_back({"travel_high_risk_area", end, known, "", seq});
    else if (rules.IsMediumRisk(t.region))
      out->push_back({"travel_medium_risk_area", end, known, "", seq});
  }
}

// The first instant >= the quarantine end at which the streak reaches the requirement.
int64_t NaturalResolution(const CheckInDays& days, int64_t t, int64_t q, int required,
                          int64_t now) {
  if (q > now) return kNever;
  if (StreakAt(days, t, q) >= required) return q;
  for (auto it = days.lower_bound(DayOf(q)); it != days.end(); ++it) {
    int64_t c = it->second.at_ms;
    if (c < q || c <= t || c > now) continue;
    if (StreakAt(days, t, c) >= required) return c;
  }
  return kNever;
}

Colour Worse(Colour a, Colour b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

Colour ColourAt(const std::vector<TriggerState>& ts, int64_t x) {
  Colour c = Colour::kGreen;
  for (const auto& t : ts)
    if (t.known_ms <= x && x < t.resolved_ms) c = Worse(c, t.colour);
  return c;
}

}  // namespace

Evaluation Evaluate(const Rules& rules, const std::vector<Event>& input, int64_t now) {
  std::vector<const Event*> events;
  for (const Event& e : input)
    if (e.at_ms <= now) events.push_back(&e);
  std::stable_sort(events.begin(), events.end(),
                   [](const Event* a, const Event* b) { return KnownAt(*a) < KnownAt(*b); });

  std::set<std::string> superseded;
  for (const Event* e : events)
    if (e->type == EventType::kDeclaration && !e->declaration.supersedes.empty())
      superseded.insert(e->declaration.supersedes);
  std::set<const Event*> void_signals = VoidSignals(rules, events);

  CheckInDays days;
  std::vector<RawTrigger> raw;
  std::vector<std::pair<size_t, int64_t>> overrides;  // (seq, known time)
  std::set<std::string> decided;
  for (size_t seq = 0; seq < events.size(); ++seq) {
    const Event* e = events[seq];
    const int64_t known = KnownAt(*e);
    switch (e->type) {
      case EventType::kDeclaration:
        if (!superseded.count(e->id)) DeclarationTriggers(rules, *e, seq, &raw);
        break;
      case EventType::kCheckIn: {
        bool normal = !IsAbnormal(rules, e->checkin.temperature, e->checkin.symptoms);
        int64_t day = DayOf(e->at_ms);
        if (days.count(day)) break;  // one per day; the first counts
        days[day] = {e->at_ms, normal};
        if (!normal) raw.push_back({"abnormal_checkin", e->at_ms, known, "", seq});
        break;
      }
      case EventType::kSignal:
        if (!void_signals.count(e) && IsTriggerSignal(e->signal.kind))
          raw.push_back({SignalKindName(e->signal.kind), e->at_ms, known, "", seq});
        break;
      case EventType::kDecision:
        if (!e->decision.target.empty()) decided.insert(e->decision.target);
        if (e->decision.override_colour) {
          overrides.emplace_back(seq, known);
          if (e->decision.colour != Colour::kGreen)
            raw.push_back(
                {std::string("official_override_") + codes::ColourName(e->decision.colour),
                 e->at_ms, known, e->decision.reason, seq});
        }
        break;
      case EventType::kWithdrawal:
        break;
    }
  }

  Evaluation ev;
  ColourState& st = ev.state;
  st.rules_version = rules.version;
  const int64_t today = DayOf(now);
  for (const RawTrigger& r : raw) {
    const TriggerRule& rule = rules.Trigger(r.code);
    TriggerState t;
    t.code = r.code;
    t.colour = rule.colour;
    t.at_ms = r.at_ms;
    t.known_ms = r.known_ms;
    t.reason = r.reason;
    t.checkins_required = rule.checkins_required;
    t.quarantine_until_ms = MidnightOf(DayOf(r.at_ms) + rule.quarantine_days);
    t.resolved_ms =
        NaturalResolution(days, t.at_ms, t.quarantine_until_ms, t.checkins_required, now);
    // An override ends every trigger known before it (not its own).
    for (const auto& [oseq, oknown] : overrides)
      if (oseq > r.seq) t.resolved_ms = std::min(t.resolved_ms, oknown);
    if (t.resolved_ms <= t.known_ms) t.resolved_ms = t.known_ms;  // never applied
    t.streak = std::min(StreakAt(days, t.at_ms, now), t.checkins_required);
    int remaining = t.checkins_required - t.streak;
    int64_t checkin_day = today;
    if (remaining > 0)
      checkin_day = today + remaining - (CheckedInToday(days, t.at_ms, now) ? 0 : 1);
    t.green_from = CivilFromDays(std::max(checkin_day, DayOf(t.quarantine_until_ms)));
    ev.triggers.push_back(std::move(t));
  }

  // The colour now and the active triggers, worst and newest first.
  std::vector<const TriggerState*> active;
  for (const auto& t : ev.triggers)
    if (t.known_ms <= now && now < t.resolved_ms) active.push_back(&t);
  std::stable_sort(active.begin(), active.end(), [](const TriggerState* a, const TriggerState* b) {
    if (a->colour != b->colour) return static_cast<int>(a->colour) > static_cast<int>(b->colour);
    return a->at_ms > b->at_ms;
  });
  const TriggerState* governing = nullptr;
  for (const TriggerState* t : active) {
    st.colour = Worse(st.colour, t->colour);
    st.reasons.push_back(ReasonFor(rules, *t));
    if (!st.quarantine_until_ms || *st.quarantine_until_ms < t->quarantine_until_ms)
      st.quarantine_until_ms = t->quarantine_until_ms;
    if (!governing || governing->green_from < t->green_from ||
        (governing->green_from == t->green_from && governing->colour < t->colour))
      governing = t;
  }
  if (governing) {
    st.streak = governing->streak;
    st.streak_required = governing->checkins_required;
    st.green_from_date = FormatDate(governing->green_from);
    ev.next_change_ms = MidnightOf(today + 1);
  } else {
    // Nothing to serve: the streak is just the person's run of normal daily check-ins.
    st.streak = StreakAt(days, std::numeric_limits<int64_t>::min(), now);
    if (st.streak > 0) ev.next_change_ms = MidnightOf(today + 1);
  }
  // Time-based changes happen at Shanghai midnights; a trigger known later than now cannot
  // exist (events after now are ignored).

  // When the colour last changed: replay the breakpoints.
  std::vector<int64_t> points;
  for (const auto& t : ev.triggers) {
    points.push_back(t.known_ms);
    if (t.resolved_ms != kNever) points.push_back(t.resolved_ms);
  }
  std::sort(points.begin(), points.end());
  Colour prev = Colour::kGreen;
  for (int64_t p : points) {
    if (p > now) break;
    Colour c = ColourAt(ev.triggers, p);
    if (c != prev) st.changed_at_ms = p;
    prev = c;
  }

  for (const Event* e : events) {
    if (e->type == EventType::kDeclaration && e->declaration.uncertain &&
        !superseded.count(e->id) && !decided.count(e->id))
      st.under_review = true;
  }
  st.checked_in_today = days.count(today) > 0;  // a check-in today ends today at midnight
  st.hint = rules.Hint(st.colour);
  return ev;
}

std::string UncertainReason(const Rules& rules, const Declaration& d, int64_t at_ms,
                            const std::vector<Event>& prior) {
  if (rules.review_watch_travel) {
    for (const Travel& t : d.travel)
      if (rules.IsWatched(t.region)) return "travel_watch_region";
  }
  std::vector<const Event*> events;
  for (const Event& e : prior) events.push_back(&e);
  std::set<const Event*> void_signals = VoidSignals(rules, events);
  bool denies_contact = !d.contact_with_case;
  bool denies_symptoms = d.symptoms.empty() && d.temperature < rules.temperature_threshold;
  for (const ContradictionRule& c : rules.contradictions) {
    bool denies = c.denies == "contact_with_case" ? denies_contact : denies_symptoms;
    if (!denies) continue;
    int64_t since = at_ms - static_cast<int64_t>(c.window_days) * 86400000;
    for (const Event* e : events) {
      if (e->type != EventType::kSignal || void_signals.count(e)) continue;
      if (e->at_ms < since || e->at_ms > at_ms) continue;
      if (std::find(c.signals.begin(), c.signals.end(), e->signal.kind) != c.signals.end())
        return std::string("contradicts_signal:") + SignalKindName(e->signal.kind);
    }
  }
  return "";
}

}  // namespace ow::healthcode
