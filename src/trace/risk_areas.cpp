#include "trace/risk_areas.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "crypto/crypto.h"

namespace ow::trace {

namespace {

constexpr int64_t kDayMs = 86'400'000;
// 2019-12-01T00:00:00+08:00: no risk area can start before the first cases.
constexpr int64_t kEarliestRiskAreaMs = 1'575'129'600'000;
constexpr char kSelect[] =
    "SELECT id, name, region, place_ids, level, from_ms, to_ms, status, published_by, "
    "published_at, lifted_at, affected FROM risk_areas ";

RiskArea FromRow(const store::Row& r) {
  RiskArea a;
  a.id = r.Text(0);
  a.spec.name = r.Text(1);
  a.spec.region = r.Text(2);
  a.spec.place_ids = SplitList(r.Text(3));
  a.spec.level = r.Text(4);
  a.spec.from_ms = r.Int(5);
  a.spec.to_ms = r.Int(6);
  a.status = r.Text(7);
  a.published_by = r.Text(8);
  a.published_at_ms = r.Int(9);
  a.lifted_at_ms = r.OptInt(10);
  a.affected = r.Int(11);
  return a;
}

bool RegionPrefix(const std::string& s) {
  if (s.size() != 2 && s.size() != 4 && s.size() != 6) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Label(const RiskArea& a) {
  if (!a.spec.name.empty()) return a.spec.name;
  if (!a.spec.region.empty()) return a.spec.region;
  return std::to_string(a.spec.place_ids.size()) + " places";
}

std::string Window(const RiskArea& a) {
  return FormatDate(ShanghaiDate(a.spec.from_ms)) + " – " +
         FormatDate(ShanghaiDate(a.spec.to_ms - 1));
}

}  // namespace

RiskAreaService::RiskAreaService(store::Database& db, const Clock& clock,
                                 checkpoint::PlaceService& places,
                                 healthcode::HealthCodeService& colours, LiveIndex& index,
                                 community::TaskService& tasks, community::Inbox& inbox,
                                 audit::AuditLog& audit)
    : db_(db),
      clock_(clock),
      places_(places),
      colours_(colours),
      index_(index),
      tasks_(tasks),
      inbox_(inbox),
      audit_(audit) {}

Status RiskAreaService::CheckScope(const Principal& p, const RiskArea& a) {
  if (!a.spec.region.empty()) {
    if (p.HasInRegion(Role::kHealthOfficial, a.spec.region)) return Status::Ok();
    return Status::Forbidden("this region is outside your scope");
  }
  for (const auto& id : a.spec.place_ids) {
    OW_ASSIGN_OR_RETURN(checkpoint::Place pl, places_.Get(id));
    if (!p.HasInRegion(Role::kHealthOfficial, pl.region))
      return Status::Forbidden("place " + id + " is outside your scope");
  }
  return Status::Ok();
}

std::vector<std::string> RiskAreaService::NoticeRegions(const RiskArea& a) {
  if (!a.spec.region.empty()) return {a.spec.region};
  std::set<std::string> regions;
  for (const auto& id : a.spec.place_ids)
    if (auto pl = places_.Get(id); pl.ok()) regions.insert(pl->region);
  return {regions.begin(), regions.end()};
}

std::vector<FieldError> RiskAreaService::Validate(const NewRiskArea& in) {
  std::vector<FieldError> errors;
  const int64_t now = clock_.NowMillis();
  if (in.region.empty() == in.place_ids.empty())
    errors.push_back({"$.region", "give either region or place_ids"});
  if (!in.region.empty() && !RegionPrefix(in.region))
    errors.push_back({"$.region", "must be a region code or prefix (2, 4 or 6 digits)"});
  if (in.place_ids.size() > 1000) errors.push_back({"$.place_ids", "at most 1000 places"});
  std::set<std::string> unique;
  for (size_t i = 0; i < in.place_ids.size() && i < 1000; ++i) {
    std::string path = "$.place_ids[" + std::to_string(i) + "]";
    if (!unique.insert(in.place_ids[i]).second) {
      errors.push_back({path, "is listed twice"});
    } else if (auto pl = places_.Get(in.place_ids[i]); !pl.ok()) {
      errors.push_back({path, "no such place"});
    }
  }
  if (in.level != "high" && in.level != "medium")
    errors.push_back({"$.level", "must be high or medium"});
  if (in.from_ms >= in.to_ms) errors.push_back({"$.to", "must be after from", "bad_date_order"});
  if (in.to_ms - in.from_ms > 90 * kDayMs) errors.push_back({"$.to", "at most 90 days after from"});
  if (in.from_ms > now) errors.push_back({"$.from", "must not be in the future"});
  // Plausible windows only: nothing before the first cases (2019-12-01), nothing more than a
  // year ahead.
  if (in.from_ms < kEarliestRiskAreaMs)
    errors.push_back({"$.from", "must not be before 2019-12-01", "out_of_range"});
  if (in.to_ms > now + 365 * kDayMs)
    errors.push_back({"$.to", "must not be more than a year ahead", "out_of_range"});
  if (in.name.size() > 200) errors.push_back({"$.name", "is too long"});
  return errors;
}

Result<RiskArea> RiskAreaService::Publish(const Principal& official, const NewRiskArea& in) {
  const int64_t now = clock_.NowMillis();
  if (auto errors = Validate(in); !errors.empty())
    return Status::Invalid("risk area is invalid", std::move(errors));

  RiskArea a;
  a.id = crypto::NewId();
  a.spec = in;
  a.status = "active";
  a.published_by = official.person_id;
  a.published_at_ms = now;
  if (a.spec.name.empty() && !a.spec.place_ids.empty()) {
    // Name it after its places, so messages and the public list say where it is.
    OW_ASSIGN_OR_RETURN(checkpoint::Place first, places_.Get(a.spec.place_ids[0]));
    a.spec.name = first.name;
    if (a.spec.place_ids.size() > 1)
      a.spec.name += "等" + std::to_string(a.spec.place_ids.size()) + "处场所";
  }
  OW_RETURN_IF_ERROR(CheckScope(official, a));
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO risk_areas (id, name, region, place_ids, level, from_ms, to_ms, "
                "status, published_by, published_at, affected) VALUES (?,?,?,?,?,?,?,?,?,?,0)",
                {a.id, a.spec.name, in.region, JoinList(in.place_ids), in.level, in.from_ms,
                 in.to_ms, a.status, a.published_by, now})
            .status());
    if (feed_) OW_RETURN_IF_ERROR(feed_->Publish(tx, kRiskAreaTopic, a.id));
    return audit_.Append(tx, {official.person_id, "trace.risk_area.publish", "risk_area:" + a.id,
                              "", in.level + " " + Label(a) + " " + Window(a), ""});
  }));

  OW_ASSIGN_OR_RETURN(a.affected, Reach(a, official.person_id));
  const bool high = in.level == "high";

  community::NewMessage notice;
  notice.kind = "notice";
  notice.link = "/notices";
  notice.title_zh =
      std::string("风险地区公告：") + Label(a) + "列为" + (high ? "高" : "中") + "风险地区";
  notice.title_en = "Risk-area notice: " + Label(a) + " is a " + in.level + "-risk area";
  notice.body_zh = "时间：" + Window(a) + "。期间到访过的人员请主动报告社区并配合核酸检测。";
  notice.body_en = "Window: " + Window(a) +
                   ". Anyone who was there in this period, please tell your community and take a "
                   "test.";
  for (const auto& region : NoticeRegions(a)) OW_RETURN_IF_ERROR(inbox_.Notify(region, notice));
  return a;
}

Result<std::map<std::string, int64_t>> RiskAreaService::PeopleOf(const RiskArea& a) {
  const int64_t now = clock_.NowMillis();
  // Who was there: pass records at the places, and declared stays in the region.
  std::vector<std::string> place_ids = a.spec.place_ids;
  if (!a.spec.region.empty()) {
    OW_ASSIGN_OR_RETURN(auto places, places_.List({a.spec.region}));
    for (const auto& p : places) place_ids.push_back(p.id);
  }
  OW_RETURN_IF_ERROR(index_.Refresh());
  const int64_t until = std::min(a.spec.to_ms, now + 1);
  OW_ASSIGN_OR_RETURN(auto people, index_.VisitorsOf(place_ids, a.spec.from_ms, until));
  if (!a.spec.region.empty()) {
    OW_ASSIGN_OR_RETURN(
        auto stays, colours_.DeclaredStays(a.spec.region, ShanghaiDate(a.spec.from_ms),
                                           ShanghaiDate(until - 1), a.spec.from_ms - 30 * kDayMs));
    for (const auto& [person, at] : stays) {
      auto [it, fresh] = people.emplace(person, at);
      if (!fresh) it->second = std::max(it->second, at);
    }
  }
  return people;
}

Result<Impact> RiskAreaService::Preview(const Principal& official, const NewRiskArea& in) {
  if (auto errors = Validate(in); !errors.empty())
    return Status::Invalid("risk area is invalid", std::move(errors));
  RiskArea a;
  a.spec = in;
  OW_RETURN_IF_ERROR(CheckScope(official, a));
  OW_ASSIGN_OR_RETURN(auto people, PeopleOf(a));
  std::vector<std::string> ids;
  ids.reserve(people.size());
  for (const auto& [person, at] : people) ids.push_back(person);
  const bool high = in.level == "high";
  Impact impact;
  OW_ASSIGN_OR_RETURN(
      ImpactGroup g,
      CountImpact(colours_, "visitors", high ? codes::Colour::kRed : codes::Colour::kYellow, ids));
  impact.people = g.people;
  impact.groups.push_back(std::move(g));
  impact.notice_regions = NoticeRegions(a);
  return impact;
}

Result<int64_t> RiskAreaService::Reach(const RiskArea& a, const std::string& actor) {
  std::lock_guard reach(reach_mu_);  // a sweep and a publication never reach one person twice
  const int64_t now = clock_.NowMillis();
  OW_ASSIGN_OR_RETURN(auto people, PeopleOf(a));

  const bool high = a.spec.level == "high";
  community::NewMessage m;
  m.kind = "risk_area";
  m.link = "/code";
  m.title_zh = std::string("您到访过的地区已列为") + (high ? "高" : "中") + "风险地区";
  m.title_en = std::string("A place you visited is now a ") + a.spec.level + "-risk area";
  m.body_zh = "「" + Label(a) + "」在 " + Window(a) + " 期间为" + (high ? "高" : "中") +
              "风险地区。请居家，配合社区安排" + (high ? "隔离和" : "") + "核酸检测。";
  m.body_en = "\"" + Label(a) + "\" is a " + a.spec.level + "-risk area for " + Window(a) +
              ". Please stay at home and follow your community's " +
              (high ? "quarantine and " : "") + "testing arrangements.";
  // Only people not reached before (a sweep after late uploads reaches the rest).
  OW_ASSIGN_OR_RETURN(
      store::Rows known,
      db_.Query("SELECT person_id FROM risk_area_people WHERE area_id = ?", {a.id}));
  for (const auto& r : known) people.erase(r.Text(0));
  if (people.empty()) return static_cast<int64_t>(known.size());  // a sweep with nobody new
  // Tasks and messages a chunk of people per transaction, then the colours in batches.
  std::vector<std::pair<std::string, std::string>> todo;  // person, region
  for (const auto& [person, at] : people) {
    OW_ASSIGN_OR_RETURN(std::string region, colours_.RegionOf(person));
    todo.emplace_back(person, std::move(region));
  }
  for (size_t pos = 0; pos < todo.size(); pos += 256) {
    OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
      for (size_t i = pos; i < std::min(todo.size(), pos + 256); ++i) {
        community::NewTask task;
        task.person_id = todo[i].first;
        task.region = todo[i].second;
        task.kind = high ? "quarantine" : "test";
        task.reason_zh = std::string("到访") + (high ? "高" : "中") + "风险地区「" + Label(a) +
                         "」：请联系居民，安排" + (high ? "隔离和" : "") + "核酸检测。";
        task.reason_en = "Visited the " + a.spec.level + "-risk area \"" + Label(a) +
                         "\": contact the resident, arrange " + (high ? "quarantine and " : "") +
                         "a test.";
        task.source = "risk_area:" + a.id;
        OW_RETURN_IF_ERROR(tasks_.Create(tx, task).status());
        OW_RETURN_IF_ERROR(inbox_.Post(tx, todo[i].first, m));
        OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO risk_area_people (area_id, person_id, reached_at) "
                                   "VALUES (?,?,?) ON CONFLICT (area_id, person_id) DO NOTHING",
                                   {a.id, todo[i].first, now})
                               .status());
      }
      return Status::Ok();
    }));
  }
  std::vector<healthcode::Signal> signals;
  signals.reserve(people.size());
  for (const auto& [person, at] : people)
    signals.push_back({person,
                       high ? healthcode::SignalKind::kStayHighRiskArea
                            : healthcode::SignalKind::kStayMediumRiskArea,
                       "risk_area", std::min(at, now), Label(a), "risk_area:" + a.id});
  OW_RETURN_IF_ERROR(colours_.ApplySignals(signals, actor));
  OW_ASSIGN_OR_RETURN(store::Rows count,
                      db_.Query("SELECT COUNT(*) FROM risk_area_people WHERE area_id = ?", {a.id}));
  const int64_t affected = count.empty() ? 0 : count[0].Int(0);
  OW_RETURN_IF_ERROR(
      db_.Exec("UPDATE risk_areas SET affected = ? WHERE id = ?", {affected, a.id}).status());
  return affected;
}

Result<int64_t> RiskAreaService::Sweep() {
  OW_ASSIGN_OR_RETURN(auto active, List(false, 1000));
  int64_t before = 0, after = 0;
  for (const auto& a : active) {
    before += a.affected;
    OW_ASSIGN_OR_RETURN(int64_t n, Reach(a, "system:risk_area_sweep"));
    after += n;
  }
  return after - before;
}

Result<RiskArea> RiskAreaService::Lift(const Principal& official, const std::string& id) {
  OW_ASSIGN_OR_RETURN(RiskArea a, Get(id));
  OW_RETURN_IF_ERROR(CheckScope(official, a));
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE risk_areas SET status = 'lifted', "
                                           "lifted_by = ?, lifted_at = ? WHERE id = ? AND "
                                           "status = 'active'",
                                           {official.person_id, now, id}));
    if (n == 0) return Status::Conflict("this risk area is already lifted");
    if (feed_) OW_RETURN_IF_ERROR(feed_->Publish(tx, kRiskAreaTopic, id));
    return audit_.Append(
        tx, {official.person_id, "trace.risk_area.lift", "risk_area:" + id, "", Label(a), ""});
  }));
  OW_RETURN_IF_ERROR(colours_.WithdrawSignals("risk_area:" + id));
  community::NewMessage notice;
  notice.kind = "notice";
  notice.link = "/notices";
  notice.title_zh = "风险地区公告：" + Label(a) + "已解除";
  notice.title_en = "Risk-area notice: " + Label(a) + " is no longer a risk area";
  notice.body_zh =
      "自即日起解除" + std::string(a.spec.level == "high" ? "高" : "中") + "风险地区管控措施。";
  notice.body_en = "The " + a.spec.level + "-risk measures are lifted from today.";
  for (const auto& region : NoticeRegions(a)) OW_RETURN_IF_ERROR(inbox_.Notify(region, notice));
  return Get(id);
}

Result<RiskArea> RiskAreaService::Get(const std::string& id) {
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(std::string(kSelect) + "WHERE id = ?", {id}));
  if (rows.empty()) return Status::NotFound("no such risk area");
  return FromRow(rows[0]);
}

Result<std::vector<RiskArea>> RiskAreaService::List(bool include_lifted, int limit) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query(std::string(kSelect) + (include_lifted ? "" : "WHERE status = 'active' ") +
                    "ORDER BY published_at DESC, id LIMIT ?",
                {static_cast<int64_t>(limit)}));
  std::vector<RiskArea> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

std::vector<store::Migration> RiskAreaService::Migrations() {
  return {{"trace", 2, "risk areas", R"SQL(
CREATE TABLE risk_areas (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  place_ids TEXT NOT NULL,
  level TEXT NOT NULL,
  from_ms {bigint} NOT NULL,
  to_ms {bigint} NOT NULL,
  status TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at {bigint} NOT NULL,
  lifted_by TEXT,
  lifted_at {bigint},
  affected {bigint} NOT NULL
);
CREATE INDEX risk_areas_status ON risk_areas(status, published_at)
)SQL"},
          {"trace", 3, "people reached by a risk area", R"SQL(
CREATE TABLE risk_area_people (
  area_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  reached_at {bigint} NOT NULL,
  PRIMARY KEY (area_id, person_id)
)
)SQL"}};
}

}  // namespace ow::trace
