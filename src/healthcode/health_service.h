// HealthCodeService: the colour engine's storage and operations. It records declarations
// (健康信息申报/行程申报), corrections (健康信息更正), daily check-ins (健康打卡), department
// signals, officials' reviews and citizens' appeals (申诉) as append-only events, and keeps
// each person's evaluated ColourState in one row. Every change is computed and written in
// one serializable transaction (retried on conflicts), so concurrent signals never lose an
// update; Current() is one indexed read and re-evaluates only when the clock has passed the
// next boundary (a Shanghai midnight) or the rules changed.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/principal.h"
#include "healthcode/colour_state.h"
#include "healthcode/engine.h"
#include "healthcode/events.h"
#include "healthcode/rule_book.h"
#include "healthcode/signal_applier.h"
#include "identity/identity_service.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/keyed_cache.h"
#include "store/migrations.h"

namespace ow::healthcode {

// A stored declaration as its author sees it.
struct DeclarationRecord {
  std::string id;
  int64_t submitted_at_ms = 0;
  Declaration declaration;
  // accepted | under_review | approved | overridden | superseded
  std::string status;
};

// The result of recording something: the new state and what was created.
struct Recorded {
  std::string id;  // id of the declaration / check-in / signal / appeal
  ColourState state;
};

// One colour change.
struct TimelineEntry {
  int64_t version = 0;
  int64_t at_ms = 0;
  Colour old_colour = Colour::kGreen;
  Colour new_colour = Colour::kGreen;
  std::vector<std::string> reasons;  // codes of the triggers behind the new colour
  std::string cause;                 // declaration, checkin, signal:<kind>, review, time, ...
};

// An appeal as its author sees it.
struct AppealRecord {
  std::string id;
  std::string text;
  int64_t created_at_ms = 0;
  Colour colour_at_appeal = Colour::kGreen;
  std::string status;                   // open | decided
  std::optional<std::string> decision;  // approve (colour confirmed) | override (changed)
  std::optional<Colour> decided_colour;
  std::optional<std::string> reason;
  std::optional<int64_t> decided_at_ms;
};

// An item of an official's review queue (the person masked).
struct ReviewItem {
  std::string id;
  std::string kind;    // declaration | appeal
  std::string target;  // declaration id (kind declaration)
  identity::PersonSummary person;
  std::string region;  // residence region used for the scope check
  std::string detail;  // why it is uncertain, or the appeal text
  Colour colour = Colour::kGreen;
  int64_t created_at_ms = 0;
  std::optional<Declaration> declaration;
};

// A change of a person's colour, as told to the modules that react to it (inbox, tasks).
struct ColourChange {
  std::string person_id;
  Colour old_colour = Colour::kGreen;
  Colour new_colour = Colour::kGreen;
  std::vector<Reason> reasons;  // of the new colour (of the old one when turning green)
  std::string cause;            // declaration, checkin, signal:<kind>, review, time, ...
  std::string region;           // residence region on record ("" if none declared)
  int64_t at_ms = 0;
  ColourHint hint;  // what the new colour asks of the person (the rules' wording)
};

// Runs inside the transaction that changes the colour: what it writes commits with the
// change or not at all. A failing hook fails the change.
using ColourChangeHook = std::function<Status(store::Tx&, const ColourChange&)>;

struct ReviewDecisionInput {
  bool override_colour = false;  // false: approve
  Colour colour = Colour::kGreen;
  std::string reason;
};

// The change-feed topic of live colours (key: person id).
inline constexpr char kColourTopic[] = "colour";

class HealthCodeService final : public ColourService, public SignalApplier {
 public:
  HealthCodeService(store::Database& db, const Clock& clock, identity::IdentityService& identity,
                    audit::AuditLog& audit, std::string rules_file = kDefaultRulesFile);

  // ColourService.
  Result<ColourState> Current(const std::string& person_id) override;
  // Serves Current from memory while the feed is fresh; every write of a person's state is
  // published on it (topic kColourTopic, key: person id) so every node forgets the old one.
  void UseChangeFeed(store::ChangeFeed& feed);
  Result<ColourState> ApplySignal(const Signal& signal) override;
  Status WithdrawSignals(const std::string& ref) override;

  // Applies a signal on behalf of `actor` (audited as theirs). occurred_at in the future is
  // refused; Invalid with paths for a bad signal.
  Result<Recorded> ApplySignalAs(const Signal& signal, const std::string& actor);
  // SignalApplier: the signal commits with the caller's other writes in `tx`.
  Status ApplySignalInTx(store::Tx& tx, const Signal& signal, const std::string& actor) override;
  // Applies many signals (risk areas, tracing), several people per transaction: one commit
  // per chunk of people instead of one per person. All are validated first.
  Status ApplySignals(const std::vector<Signal>& signals, const std::string& actor);

  // A validated declaration; decides whether it must be reviewed.
  Result<Recorded> Declare(const std::string& person_id, Declaration d);
  // Corrects an earlier declaration of the person (NotFound / Conflict if superseded).
  Result<Recorded> Correct(const std::string& person_id, const std::string& declaration_id,
                           Declaration d);
  Result<std::vector<DeclarationRecord>> Declarations(const std::string& person_id);
  // One check-in per Shanghai calendar day (Conflict for a second one).
  Result<Recorded> CheckIn(const std::string& person_id, const healthcode::CheckIn& c);
  Result<std::vector<TimelineEntry>> Timeline(const std::string& person_id);

  Result<Recorded> Appeal(const std::string& person_id, const std::string& text);
  Result<std::vector<AppealRecord>> Appeals(const std::string& person_id);

  // Open reviews of people in the official's regions (health_official scopes).
  Result<std::vector<ReviewItem>> ReviewQueue(const Principal& official, int limit = 200);
  // Decides an open review (Forbidden out of scope, Conflict when already decided).
  Result<Recorded> Decide(const Principal& official, const std::string& review_id,
                          const ReviewDecisionInput& in);

  // The region that decides which officials see a person: residence region of the latest
  // declaration, else the registration region.
  Result<std::string> RegionOf(const std::string& person_id);

  // Adds a hook run on every colour change. Call before serving (not synchronised).
  void AddChangeHook(ColourChangeHook hook) { hooks_.push_back(std::move(hook)); }

  // People whose declared travel (行程申报, not superseded) includes a stay in a region
  // starting with `region_prefix` on a date in [from, to], declared at or after
  // `declared_since_ms`; with the last day of that stay (Shanghai midnight after it, or the
  // declaration time if earlier).
  Result<std::vector<std::pair<std::string, int64_t>>> DeclaredStays(
      const std::string& region_prefix, Date from, Date to, int64_t declared_since_ms);

  // Rules.
  std::shared_ptr<const Rules> rules() const { return rules_.Get(); }
  // Loads the configured rules file (at start).
  Status LoadRules();
  // Re-reads the rules file; audited as `actor`'s action. A bad file keeps the old rules.
  Result<std::shared_ptr<const Rules>> ReloadRules(const std::string& actor);

  // The events of a person, in recording order (for tests and officials' tools).
  Result<std::vector<Event>> Events(const std::string& person_id);

  const Clock& clock() const { return clock_; }

  static std::vector<store::Migration> Migrations();

 private:
  // A change to one person's record, computed and written in one transaction.
  struct Change {
    std::vector<Event> events;  // to append (ids and times are filled in)
    std::string cause;
    std::optional<std::string> region;  // new residence region
    int64_t now = 0;                    // set by ApplyInTx: the instant of this change
    // Runs first, with the person's earlier events; may refuse or adjust the new events.
    std::function<Status(store::Tx&, const std::vector<Event>&, Change&)> before;
    // Runs after the state is written (review rows, audit).
    std::function<Status(store::Tx&, const Change&, const Evaluation&)> after;
  };
  Result<Evaluation> Apply(const std::string& person_id, Change change);
  // Applies changes of many people, a chunk of people per transaction.
  Status ApplyMany(const std::vector<std::pair<std::string, Change>>& changes);
  Status ValidateSignal(const Signal& signal, int64_t now) const;
  Change SignalChange(const Signal& signal, const std::string& actor, int64_t now, std::string* id);
  Result<Evaluation> ApplyInTx(store::Tx& tx, const std::string& person_id, Change& change,
                               int64_t now);

  store::Database& db_;
  const Clock& clock_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
  RuleBook rules_;
  std::vector<ColourChangeHook> hooks_;

  // A stored state as Current reads it (validity and rules version are checked on use).
  struct CachedState {
    ColourState state;
    int64_t valid_until_ms = 0;
    std::string rules_version;
    bool stored = false;  // false: the person has no state row yet
  };
  store::ChangeFeed* feed_ = nullptr;
  std::unique_ptr<store::KeyedCache<CachedState>> cache_;
};

}  // namespace ow::healthcode
