// Ratings, rectification tasks and public statistics of the service hall (see ratings.h).
#include "hall/ratings.h"

#include <algorithm>
#include <array>

#include "core/time.h"
#include "crypto/crypto.h"
#include "http/json.h"

namespace ow::hall {

namespace {

constexpr size_t kMaxNoteBytes = 2000;
constexpr int kMaxTasks = 100;

constexpr std::array<std::pair<RatingLevel, const char*>, 5> kLevelNames = {{
    {RatingLevel::kVerySatisfied, "very_satisfied"},
    {RatingLevel::kSatisfied, "satisfied"},
    {RatingLevel::kBasicallySatisfied, "basically_satisfied"},
    {RatingLevel::kDissatisfied, "dissatisfied"},
    {RatingLevel::kVeryDissatisfied, "very_dissatisfied"},
}};

// The rating columns of hall_ratings, in RatingDimensions() order.
constexpr char kRatingColumns[] = "overall, efficiency, guide_accuracy, convenience, usability";

bool Rateable(const std::string& state) {
  return state == "approved" || state == "rejected" || state == "closed";
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Status CheckNote(const std::string& note) {
  if (note.empty())
    return Status::Invalid("a note is required", {{"$.note", "is required", "required"}});
  if (note.size() > kMaxNoteBytes ||
      http::FindDisallowedChar(note, http::TextKind::kLines) != std::string::npos)
    return Status::Invalid("the note is invalid",
                           {{"$.note", "must be at most 2000 bytes of text", "bad_text"}});
  return Status::Ok();
}

std::optional<double> Ratio(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::string_view RatingLevelName(RatingLevel l) {
  for (const auto& [level, name] : kLevelNames)
    if (level == l) return name;
  return "unknown";
}

std::optional<RatingLevel> ParseRatingLevel(std::string_view s) {
  for (const auto& [level, name] : kLevelNames)
    if (s == name) return level;
  return std::nullopt;
}

const std::vector<RatingLevel>& RatingLevels() {
  static const std::vector<RatingLevel> kAll = [] {
    std::vector<RatingLevel> v;
    for (const auto& [level, name] : kLevelNames) v.push_back(level);
    return v;
  }();
  return kAll;
}

const std::vector<std::string>& RatingDimensions() {
  static const std::vector<std::string> kAll = {"overall", "efficiency", "guide_accuracy",
                                                "convenience", "usability"};
  return kAll;
}

Result<std::vector<std::string>> DepartmentHolders(identity::IdentityService& identity,
                                                   const std::string& prefix,
                                                   const std::string& department) {
  OW_ASSIGN_OR_RETURN(auto holders, identity.Holders(Role::kServiceOfficer));
  std::vector<std::string> out;
  for (const auto& [person, grant] : holders)
    if (grant.scope == prefix + department &&
        std::find(out.begin(), out.end(), person.person_id) == out.end())
      out.push_back(person.person_id);
  return out;
}

struct RatingService::CaseRow {
  std::string id, case_number, item_code, department, applicant, enterprise_id, state;
};

RatingService::RatingService(store::Database& db, const Clock& clock, ItemCatalogue& items,
                             identity::IdentityService& identity,
                             identity::EnterpriseService& enterprises, community::Inbox& inbox,
                             audit::AuditLog& audit, const calendar::WorkCalendar& calendar)
    : db_(db),
      clock_(clock),
      items_(items),
      identity_(identity),
      enterprises_(enterprises),
      inbox_(inbox),
      audit_(audit),
      calendar_(calendar) {}

Status RatingService::OnTransition(store::Tx& tx, const CaseEvent& e) {
  const bool decided = e.to == CaseState::kApproved || e.to == CaseState::kRejected;
  if (!decided && e.to != CaseState::kClosed) return Status::Ok();
  const Date today = ShanghaiDate(e.at_ms);
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.Query("SELECT accepted_on, due_on FROM hall_cases WHERE id = ?", {e.case_id}));
  if (rows.empty()) return Status::Internal("case " + e.case_id + " vanished");
  const std::optional<Date> accepted =
      rows[0].OptText(0) ? ParseDate(*rows[0].OptText(0)) : std::nullopt;
  const std::optional<Date> due =
      rows[0].OptText(1) ? ParseDate(*rows[0].OptText(1)) : std::nullopt;
  auto date_value = [](const std::optional<Date>& d) {
    return d ? store::Value(FormatDate(*d)) : store::Value(nullptr);
  };
  OW_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO hall_case_outcomes (case_id, case_number, item_code, department, "
              "accepted_on, due_on) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO NOTHING",
              {e.case_id, e.case_number, e.item_code, e.department, date_value(accepted),
               date_value(due)})
          .status());
  if (decided) {
    store::Value workdays(nullptr);
    if (accepted && due) {
      // Working days used: from acceptance to the decision, less the days the clock stood
      // still in correction (by which the due date moved beyond the promised limit).
      auto item = items_.GetVersion(e.item_code, e.item_version);
      const int promised = item.ok() ? (*item)->promised_days : 0;
      const int shift = std::max(0, calendar_.WorkdaysBetween(*accepted, *due) - promised);
      workdays = int64_t{std::max(0, calendar_.WorkdaysBetween(*accepted, today) - shift)};
    }
    return tx
        .Exec(
            "UPDATE hall_case_outcomes SET decided_on = ?, workdays = ?, due_on = ? WHERE "
            "case_id = ?",
            {FormatDate(today), workdays, date_value(due), e.case_id})
        .status();
  }
  store::Value on_time(nullptr);
  if (due) on_time = int64_t{today <= *due ? 1 : 0};
  OW_RETURN_IF_ERROR(tx.Exec("UPDATE hall_case_outcomes SET closed_at_ms = ?, closed_on = ?, "
                             "on_time = ?, due_on = ? WHERE case_id = ?",
                             {e.at_ms, FormatDate(today), on_time, date_value(due), e.case_id})
                         .status());
  // The invitation to rate (GB/T 39734: evaluation right after the service).
  return inbox_.Post(
      tx, e.applicant,
      {"hall_rating", "请评价办件" + e.case_number, "Please rate application " + e.case_number,
       e.item_name.zh + "已办结。您的评价（非常满意至非常不满意）帮助我们改进服务。",
       e.item_name.en + " is closed. Your rating (very satisfied to very dissatisfied) helps us "
                        "improve the service.",
       "/hall/rating?case=" + e.case_number});
}

Result<RatingService::CaseRow> RatingService::LoadCase(const std::string& ref) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query("SELECT id, case_number, item_code, department, applicant, "
                                "enterprise_id, state FROM hall_cases WHERE id = ? OR "
                                "case_number = ?",
                                {ref, ref}));
  if (rows.empty()) return Status::NotFound("no application " + ref);
  const store::Row& r = rows[0];
  return CaseRow{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

bool RatingService::IsApplicant(const Principal& p, const CaseRow& c) {
  if (c.applicant == p.person_id) return true;
  return !c.enterprise_id.empty() && enterprises_.CanActFor(p.person_id, c.enterprise_id).ok();
}

bool RatingService::IsOfficer(const Principal& p, const std::string& department) const {
  for (const std::string& scope : p.Scopes(Role::kServiceOfficer))
    if (scope == kDepartmentScopePrefix + department) return true;
  return false;
}

Result<std::vector<std::string>> RatingService::Officers(const std::string& department) {
  return DepartmentHolders(identity_, kDepartmentScopePrefix, department);
}

Result<RatingView> RatingService::Rate(const Principal& p, const std::string& ref,
                                       const NewRating& in) {
  std::vector<FieldError> errors;
  RatingLevel worst = RatingLevel::kVerySatisfied;
  for (const auto& [dimension, level] : in.levels) {
    const std::string path = "$.levels." + dimension;
    const auto& dims = RatingDimensions();
    if (std::find(dims.begin(), dims.end(), dimension) == dims.end()) {
      errors.push_back({path, "is not a rating dimension", "unknown_dimension"});
      continue;
    }
    auto l = ParseRatingLevel(level);
    if (!l) {
      errors.push_back({path,
                        "must be very_satisfied, satisfied, basically_satisfied, dissatisfied "
                        "or very_dissatisfied",
                        "unknown_level"});
      continue;
    }
    if (static_cast<int>(*l) < static_cast<int>(worst)) worst = *l;
  }
  if (!in.levels.contains("overall"))
    errors.push_back({"$.levels.overall", "is required", "required"});
  if (CodePoints(in.comment) > kMaxRatingCommentChars)
    errors.push_back({"$.comment", "must be at most 500 characters", "too_long"});
  else if (http::FindDisallowedChar(in.comment, http::TextKind::kLines) != std::string::npos)
    errors.push_back({"$.comment", "must not contain control characters", "control_character"});
  if (!errors.empty()) return Status::Invalid("the rating is invalid", std::move(errors));

  OW_ASSIGN_OR_RETURN(CaseRow c, LoadCase(ref));
  if (!IsApplicant(p, c)) return Status::NotFound("no application " + ref);
  if (!Rateable(c.state))
    return Status::Conflict("only a decided or closed application can be rated");
  const bool bad = static_cast<int>(worst) <= static_cast<int>(RatingLevel::kDissatisfied);
  std::vector<std::string> officers;
  if (bad) {
    OW_ASSIGN_OR_RETURN(officers, Officers(c.department));
  }
  const int64_t now = clock_.NowMillis();
  const Date today = ShanghaiDate(now);
  const std::string task_id = crypto::NewId();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(store::Rows existing,
                        tx.Query("SELECT 1 FROM hall_ratings WHERE case_id = ?", {c.id}));
    if (!existing.empty()) return Status::Conflict("this application has already been rated");
    std::vector<store::Value> params = {c.id, c.case_number, c.item_code, c.department,
                                        p.person_id};
    for (const std::string& d : RatingDimensions()) {
      auto it = in.levels.find(d);
      params.push_back(it == in.levels.end() ? store::Value(nullptr) : store::Value(it->second));
    }
    params.insert(params.end(), {in.comment, now, int64_t{bad ? 1 : 0}});
    OW_RETURN_IF_ERROR(tx.Exec(std::string("INSERT INTO hall_ratings (case_id, case_number, "
                                           "item_code, department, rater, ") +
                                   kRatingColumns +
                                   ", comment, rated_at_ms, bad) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                   "?, ?, ?, ?, ?)",
                               params)
                           .status());
    if (!bad) return Status::Ok();
    // GB/T 39734: a bad rating is verified, rectified and answered by the department.
    const Date due = calendar_.AddWorkdays(today, kRectificationWorkdays);
    OW_RETURN_IF_ERROR(
        tx.Exec(
              "INSERT INTO hall_rectifications (id, case_id, case_number, item_code, "
              "department, state, due_on, response, created_at_ms, updated_at_ms, version) "
              "VALUES (?, ?, ?, ?, ?, 'verify', ?, '', ?, ?, 1)",
              {task_id, c.id, c.case_number, c.item_code, c.department, FormatDate(due), now, now})
            .status());
    for (const std::string& officer : officers)
      OW_RETURN_IF_ERROR(inbox_.Post(
          tx, officer,
          {"hall_rating", "差评整改：办件" + c.case_number,
           "Rectification: application " + c.case_number,
           "申请人给出了不满意评价，请在" + FormatDate(due) + "前核实、整改并反馈。",
           "The applicant rated the service as dissatisfied; verify, rectify and answer by " +
               FormatDate(due) + ".",
           "/hall/rectifications"}));
    return Status::Ok();
  }));
  return Get(p, c.id);
}

Result<RatingView> RatingService::Get(const Principal& p, const std::string& ref) {
  OW_ASSIGN_OR_RETURN(CaseRow c, LoadCase(ref));
  const bool applicant = IsApplicant(p, c);
  if (!applicant && !IsOfficer(p, c.department)) return Status::NotFound("no application " + ref);
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      db_.Query(std::string("SELECT ") + kRatingColumns +
                                    ", comment, rated_at_ms, bad FROM hall_ratings WHERE "
                                    "case_id = ?",
                                {c.id}));
  if (rows.empty()) return Status::NotFound("application " + ref + " has not been rated");
  RatingView v;
  v.case_id = c.id;
  v.case_number = c.case_number;
  v.item_code = c.item_code;
  v.department = c.department;
  const auto& dims = RatingDimensions();
  for (size_t i = 0; i < dims.size(); ++i)
    if (auto l = rows[0].OptText(i)) v.levels[dims[i]] = *l;
  v.comment = rows[0].Text(5);
  v.rated_at_ms = rows[0].Int(6);
  v.bad = rows[0].Int(7) != 0;
  OW_ASSIGN_OR_RETURN(store::Rows task,
                      db_.Query("SELECT id FROM hall_rectifications WHERE case_id = ?", {c.id}));
  if (!task.empty()) {
    OW_ASSIGN_OR_RETURN(RectificationView r,
                        LoadRectification(task[0].Text(0), /*with_steps=*/!applicant));
    v.rectification = std::move(r);
  }
  return v;
}

Result<RectificationView> RatingService::LoadRectification(const std::string& id, bool with_steps) {
  OW_ASSIGN_OR_RETURN(
      store::Rows rows,
      db_.Query(std::string("SELECT t.id, t.case_id, t.case_number, t.item_code, t.department, "
                            "t.state, t.due_on, t.response, t.responded_at_ms, t.created_at_ms, "
                            "t.version, r.comment, ") +
                    "r.overall, r.efficiency, r.guide_accuracy, r.convenience, r.usability "
                    "FROM hall_rectifications t JOIN hall_ratings r ON r.case_id = t.case_id "
                    "WHERE t.id = ?",
                {id}));
  if (rows.empty()) return Status::NotFound("no rectification task " + id);
  const store::Row& r = rows[0];
  RectificationView v;
  v.id = r.Text(0);
  v.case_id = r.Text(1);
  v.case_number = r.Text(2);
  v.item_code = r.Text(3);
  v.department = r.Text(4);
  v.state = r.Text(5);
  v.due = r.Text(6);
  v.response = r.Text(7);
  v.responded_at_ms = r.OptInt(8);
  v.created_at_ms = r.Int(9);
  v.version = r.Int(10);
  v.comment = r.Text(11);
  const auto& dims = RatingDimensions();
  for (size_t i = 0; i < dims.size(); ++i)
    if (auto l = r.OptText(12 + i)) v.levels[dims[i]] = *l;
  if (auto due = ParseDate(v.due))
    v.overdue = v.state != "done" && ShanghaiDate(clock_.NowMillis()) > *due;
  if (with_steps) {
    OW_ASSIGN_OR_RETURN(store::Rows steps,
                        db_.Query("SELECT at_ms, action, from_state, to_state, actor, note FROM "
                                  "hall_rectification_steps WHERE task_id = ? ORDER BY seq",
                                  {v.id}));
    for (const store::Row& s : steps) {
      auto who = identity_.GetSummary(s.Text(4));
      v.steps.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3),
                         who.ok() ? who->masked_name : "officer", s.Text(5)});
    }
  }
  return v;
}

Result<std::vector<RectificationView>> RatingService::Rectifications(const Principal& p,
                                                                     const std::string& department,
                                                                     const std::string& state) {
  std::string dept = department;
  if (dept.empty()) {
    for (const std::string& scope : p.Scopes(Role::kServiceOfficer))
      if (scope.starts_with(kDepartmentScopePrefix)) {
        dept = scope.substr(std::string_view(kDepartmentScopePrefix).size());
        break;
      }
  }
  if (dept.empty() || !IsOfficer(p, dept))
    return Status::Forbidden("you are not an officer of department " + dept);
  std::string sql = "SELECT id FROM hall_rectifications WHERE department = ?";
  std::vector<store::Value> params = {dept};
  if (!state.empty()) {
    if (state != "verify" && state != "rectify" && state != "feedback" && state != "done")
      return Status::Invalid(
          "unknown state",
          {{"$.state", "must be verify, rectify, feedback or done", "unknown_state"}});
    sql += " AND state = ?";
    params.emplace_back(state);
  }
  sql += " ORDER BY CASE WHEN state = 'done' THEN 1 ELSE 0 END, due_on, created_at_ms, id LIMIT " +
         std::to_string(kMaxTasks);
  OW_ASSIGN_OR_RETURN(store::Rows rows, db_.Query(sql, params));
  std::vector<RectificationView> out;
  for (const store::Row& r : rows) {
    OW_ASSIGN_OR_RETURN(RectificationView v, LoadRectification(r.Text(0), /*with_steps=*/true));
    out.push_back(std::move(v));
  }
  return out;
}

Result<RectificationView> RatingService::Act(const Principal& p, const std::string& id,
                                             const std::string& action, const std::string& note,
                                             std::optional<int64_t> expected_version) {
  std::string from, to;
  if (action == "verify") {
    from = "verify", to = "rectify";
  } else if (action == "rectify") {
    from = "rectify", to = "feedback";
  } else if (action == "respond") {
    from = "feedback", to = "done";
  } else {
    return Status::Invalid("unknown action",
                           {{"$.action", "must be verify, rectify or respond", "unknown_action"}});
  }
  OW_RETURN_IF_ERROR(CheckNote(note));
  OW_ASSIGN_OR_RETURN(RectificationView before, LoadRectification(id, false));
  if (!IsOfficer(p, before.department)) return Status::NotFound("no rectification task " + id);
  const int64_t now = clock_.NowMillis();
  OW_RETURN_IF_ERROR(db_.Transact([&](store::Tx& tx) -> Status {
    OW_ASSIGN_OR_RETURN(
        store::Rows rows,
        tx.Query("SELECT state, version FROM hall_rectifications WHERE id = ?", {id}));
    if (rows.empty()) return Status::NotFound("no rectification task " + id);
    const std::string state = rows[0].Text(0);
    const int64_t version = rows[0].Int(1);
    if (expected_version && *expected_version != version)
      return Status::Conflict("the task has changed since you read it (it is now at version " +
                              std::to_string(version) + "); read it again");
    if (state != from)
      return Status::Conflict("the task is in state " + state + "; " + action +
                              " is taken in state " + from);
    OW_ASSIGN_OR_RETURN(
        int64_t n,
        action == "respond"
            ? tx.Exec("UPDATE hall_rectifications SET state = ?, version = version + 1, "
                      "updated_at_ms = ?, response = ?, responded_at_ms = ? WHERE id = ? AND "
                      "version = ?",
                      {to, now, note, now, id, version})
            : tx.Exec("UPDATE hall_rectifications SET state = ?, version = version + 1, "
                      "updated_at_ms = ? WHERE id = ? AND version = ?",
                      {to, now, id, version}));
    if (n == 0) return Status::Aborted("task changed while acting");
    OW_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO hall_rectification_steps (task_id, seq, at_ms, action, from_state, "
                "to_state, actor, note) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? "
                "FROM hall_rectification_steps WHERE task_id = ?",
                {id, now, action, from, to, p.person_id, note, id})
            .status());
    if (action != "respond") return Status::Ok();
    OW_ASSIGN_OR_RETURN(store::Rows who, tx.Query("SELECT applicant FROM hall_cases WHERE id = ?",
                                                  {before.case_id}));
    if (who.empty()) return Status::Internal("case " + before.case_id + " vanished");
    return inbox_.Post(tx, who[0].Text(0),
                       {"hall_rating", "办件" + before.case_number + "的评价已有答复",
                        "Your rating of application " + before.case_number + " has been answered",
                        note, note, "/hall/rating?case=" + before.case_number});
  }));
  return LoadRectification(id, true);
}

Result<std::pair<std::vector<RatingStats>, std::vector<RatingStats>>> RatingService::Stats(
    const StatsFilter& f) {
  std::vector<std::shared_ptr<const ServiceItem>> items = items_.List();
  if (!f.item.empty()) {
    std::erase_if(items, [&](const auto& it) { return it->code != f.item; });
    if (items.empty())
      return Status::Invalid("no such item",
                             {{"$.item", "is not in the catalogue", "unknown_item"}});
  }
  if (!f.department.empty()) {
    std::erase_if(items, [&](const auto& it) { return it->department_code != f.department; });
    if (items.empty())
      return Status::Invalid("no such department", {{"$.department", "has no item in the catalogue",
                                                     "unknown_department"}});
  }
  std::map<std::string, RatingStats> by_item, by_dept;
  for (const auto& it : items) {
    by_item[it->code].item_code = it->code;
    by_item[it->code].department = it->department_code;
    by_dept[it->department_code].department = it->department_code;
  }
  auto add = [](RatingStats& s, const std::string& level, int64_t n) {
    s.counts[level] += n;
    s.rated += n;
  };
  OW_ASSIGN_OR_RETURN(store::Rows ratings,
                      db_.Query("SELECT item_code, overall, COUNT(*) FROM hall_ratings GROUP BY "
                                "item_code, overall"));
  for (const store::Row& r : ratings) {
    auto it = by_item.find(r.Text(0));
    if (it == by_item.end()) continue;
    add(it->second, r.Text(1), r.Int(2));
    add(by_dept[it->second.department], r.Text(1), r.Int(2));
  }
  OW_ASSIGN_OR_RETURN(
      store::Rows outcomes,
      db_.Query("SELECT item_code, COUNT(on_time), CAST(COALESCE(SUM(on_time), 0) AS BIGINT), "
                "COUNT(workdays), CAST(COALESCE(SUM(workdays), 0) AS BIGINT) FROM "
                "hall_case_outcomes GROUP BY item_code"));
  std::map<std::string, int64_t> workday_sums_item, workday_sums_dept;
  for (const store::Row& r : outcomes) {
    auto it = by_item.find(r.Text(0));
    if (it == by_item.end()) continue;
    for (RatingStats* s : {&it->second, &by_dept[it->second.department]}) {
      s->closed += r.Int(1);
      s->on_time += r.Int(2);
      s->decided += r.Int(3);
    }
    workday_sums_item[it->first] += r.Int(4);
    workday_sums_dept[it->second.department] += r.Int(4);
  }
  auto finish = [&](RatingStats& s, int64_t workday_sum) {
    for (RatingLevel l : RatingLevels()) s.counts.try_emplace(std::string(RatingLevelName(l)), 0);
    s.satisfaction_rate =
        Ratio(s.counts["very_satisfied"] + s.counts["satisfied"] + s.counts["basically_satisfied"],
              s.rated);
    s.on_time_rate = Ratio(s.on_time, s.closed);
    if (s.decided > 0)
      s.avg_workdays = static_cast<double>(workday_sum) / static_cast<double>(s.decided);
  };
  std::pair<std::vector<RatingStats>, std::vector<RatingStats>> out;
  for (auto& [code, s] : by_item) {
    finish(s, workday_sums_item[code]);
    out.first.push_back(s);
  }
  for (auto& [code, s] : by_dept) {
    finish(s, workday_sums_dept[code]);
    out.second.push_back(s);
  }
  return out;
}

std::vector<store::Migration> RatingService::Migrations() {
  return {{.module = "hall_ratings", .version = 1, .name = "ratings", .sql = R"SQL(
-- One row per decided or closed case: what the public statistics count.
CREATE TABLE hall_case_outcomes (
  case_id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL,
  item_code TEXT NOT NULL,
  department TEXT NOT NULL,
  accepted_on TEXT,
  due_on TEXT,
  decided_on TEXT,
  workdays INTEGER,
  closed_at_ms BIGINT,
  closed_on TEXT,
  on_time INTEGER
);
CREATE INDEX hall_case_outcomes_closed ON hall_case_outcomes (closed_at_ms);
CREATE TABLE hall_ratings (
  case_id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL,
  item_code TEXT NOT NULL,
  department TEXT NOT NULL,
  rater TEXT NOT NULL,
  overall TEXT NOT NULL,
  efficiency TEXT,
  guide_accuracy TEXT,
  convenience TEXT,
  usability TEXT,
  comment TEXT NOT NULL,
  rated_at_ms BIGINT NOT NULL,
  bad INTEGER NOT NULL
);
CREATE TABLE hall_rectifications (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL UNIQUE,
  case_number TEXT NOT NULL,
  item_code TEXT NOT NULL,
  department TEXT NOT NULL,
  state TEXT NOT NULL,
  due_on TEXT NOT NULL,
  response TEXT NOT NULL,
  responded_at_ms BIGINT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX hall_rectifications_department ON hall_rectifications (department, state, due_on);
CREATE TABLE hall_rectification_steps (
  task_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at_ms BIGINT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (task_id, seq)
);
)SQL"}};
}

}  // namespace ow::hall
