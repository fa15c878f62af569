// RiskAreaService: high- and medium-risk areas (高/中风险地区). A health official publishes an
// area — a region code (prefix) or a list of places — with a time window; everyone with a
// pass record at its places or a declared stay in its region within the window gets the
// matching signal (high -> red, medium -> yellow) through the colour engine, a message and a
// community task, and residents of the region get a notice. Lifting the area withdraws the
// signals, so each person is re-evaluated. The current list is public (JSON and Atom).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "checkpoint/places.h"
#include "community/inbox.h"
#include "community/tasks.h"
#include "core/clock.h"
#include "core/principal.h"
#include "healthcode/health_service.h"
#include "store/change_feed.h"
#include "store/database.h"
#include "store/migrations.h"
#include "trace/impact.h"
#include "trace/live_index.h"

namespace ow::trace {

struct NewRiskArea {
  std::string name;                    // e.g. "西湖区北山街道" (optional)
  std::string region;                  // a region code or prefix, or ""
  std::vector<std::string> place_ids;  // or places
  std::string level;                   // high | medium
  int64_t from_ms = 0, to_ms = 0;
};

struct RiskArea {
  std::string id;
  NewRiskArea spec;
  std::string status;  // active | lifted
  std::string published_by;
  int64_t published_at_ms = 0;
  std::optional<int64_t> lifted_at_ms;
  int64_t affected = 0;  // people recoloured at publication
};

// The change-feed topic of risk areas (key: the area's id): published when an area is
// published or lifted, so caches of pages that show them (the public portal) are dropped.
inline constexpr char kRiskAreaTopic[] = "risk_area";

class RiskAreaService {
 public:
  RiskAreaService(store::Database& db, const Clock& clock, checkpoint::PlaceService& places,
                  healthcode::HealthCodeService& colours, LiveIndex& index,
                  community::TaskService& tasks, community::Inbox& inbox, audit::AuditLog& audit);

  // Validates (paths "$.region", "$.place_ids[2]", ...), checks the official's regions,
  // stores the area and recolours the people who were there.
  Result<RiskArea> Publish(const Principal& official, const NewRiskArea& in);
  // What publishing this area would do now (who, which colours), without doing it: the same
  // validation and region checks as Publish, nothing stored.
  Result<Impact> Preview(const Principal& official, const NewRiskArea& in);
  // The field errors of an area ("$.region", "$.place_ids[2]", ...); empty when valid.
  std::vector<FieldError> Validate(const NewRiskArea& in);
  // Reaches people of active areas whose pass records arrived after the publication (late
  // offline uploads, visits while the window is still open); returns how many. The server
  // runs it every few minutes.
  Result<int64_t> Sweep();
  // Lifts an active area (Conflict if already lifted) and re-evaluates its people.
  Result<RiskArea> Lift(const Principal& official, const std::string& id);
  Result<RiskArea> Get(const std::string& id);
  // Newest first; only active ones unless include_lifted.
  Result<std::vector<RiskArea>> List(bool include_lifted, int limit = 200);

  static std::vector<store::Migration> Migrations();

  // Publishes kRiskAreaTopic on every publication and lift from now on.
  void UseChangeFeed(store::ChangeFeed& feed) { feed_ = &feed; }

 private:
  Status CheckScope(const Principal& p, const RiskArea& a);
  // Who was in the area in its window so far (person -> when), from pass records at its
  // places and declared stays in its region.
  Result<std::map<std::string, int64_t>> PeopleOf(const RiskArea& a);
  // Recolours, tells and tasks everyone in the area's window not reached before; returns the
  // number of people reached so far.
  Result<int64_t> Reach(const RiskArea& a, const std::string& actor);
  // The notice regions: the area's region, or the regions of its places.
  std::vector<std::string> NoticeRegions(const RiskArea& a);

  store::Database& db_;
  const Clock& clock_;
  checkpoint::PlaceService& places_;
  healthcode::HealthCodeService& colours_;
  LiveIndex& index_;
  community::TaskService& tasks_;
  community::Inbox& inbox_;
  audit::AuditLog& audit_;
  std::mutex reach_mu_;
  store::ChangeFeed* feed_ = nullptr;
};

}  // namespace ow::trace
