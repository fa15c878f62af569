// The hall's rating, rectification and statistics routes (see rating_routes.h).
#include "hall/rating_routes.h"

#include <boost/json.hpp>

#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::hall {

namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

json::object Levels(const std::map<std::string, std::string>& levels) {
  json::object o;
  for (const auto& [dimension, level] : levels) o[dimension] = level;
  return o;
}

json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(FormatRfc3339(*ms)) : json::value(nullptr);
}

json::value OptNumber(const std::optional<double>& d) {
  return d ? json::value(*d) : json::value(nullptr);
}

json::object TaskJson(const RectificationView& t, bool officer) {
  json::object o{{"id", t.id},
                 {"case_number", t.case_number},
                 {"item", t.item_code},
                 {"department", t.department},
                 {"state", t.state},
                 {"due", t.due},
                 {"overdue", t.overdue},
                 {"response", t.response.empty() ? json::value(nullptr) : json::value(t.response)},
                 {"responded_at", OptTime(t.responded_at_ms)}};
  if (!officer) return o;
  o["levels"] = Levels(t.levels);
  o["comment"] = t.comment;
  o["created_at"] = FormatRfc3339(t.created_at_ms);
  o["version"] = t.version;
  json::array steps;
  for (const RectificationStep& s : t.steps)
    steps.push_back({{"at", FormatRfc3339(s.at_ms)},
                     {"action", s.action},
                     {"from", s.from_state},
                     {"to", s.to_state},
                     {"actor", s.actor},
                     {"note", s.note}});
  o["steps"] = std::move(steps);
  return o;
}

json::object RatingJson(const RatingView& v) {
  return {{"case_number", v.case_number},
          {"item", v.item_code},
          {"department", v.department},
          {"levels", Levels(v.levels)},
          {"comment", v.comment},
          {"rated_at", FormatRfc3339(v.rated_at_ms)},
          {"bad", v.bad},
          {"rectification", v.rectification ? json::value(TaskJson(*v.rectification, false))
                                            : json::value(nullptr)}};
}

json::object StatsJson(const RatingStats& s) {
  json::object counts;
  for (RatingLevel l : RatingLevels()) {
    auto it = s.counts.find(std::string(RatingLevelName(l)));
    counts[RatingLevelName(l)] = it == s.counts.end() ? 0 : it->second;
  }
  json::object o{{"department", s.department},
                 {"counts", std::move(counts)},
                 {"rated", s.rated},
                 {"satisfaction_rate", OptNumber(s.satisfaction_rate)},
                 {"closed", s.closed},
                 {"on_time", s.on_time},
                 {"on_time_rate", OptNumber(s.on_time_rate)},
                 {"decided", s.decided},
                 {"avg_workdays", OptNumber(s.avg_workdays)}};
  if (!s.item_code.empty()) o["item"] = s.item_code;
  return o;
}

// If-Match: "<version>" (or a bare number); absent = no check.
Result<std::optional<int64_t>> IfMatch(const Request& req) {
  auto h = req.Header("If-Match");
  if (!h) return std::optional<int64_t>{};
  std::string_view v = *h;
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string_view::npos)
    return Status::BadRequest("If-Match must be a task version");
  return std::optional<int64_t>{std::stoll(std::string(v))};
}

Result<Response> RateApplication(const RatingDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"levels", "comment"});
  const json::object* levels = f.Object("levels", true);
  auto comment = f.String("comment", false, 4 * kMaxRatingCommentChars, http::TextKind::kLines);
  NewRating in;
  if (levels) {
    for (const auto& [key, value] : *levels) {
      if (!value.is_string()) {
        f.Error("$.levels." + std::string(key), "must be a level name", "unknown_level");
        continue;
      }
      in.levels[std::string(key)] = std::string(value.as_string());
    }
  }
  OW_RETURN_IF_ERROR(f.status("the rating is invalid"));
  in.comment = comment.value_or("");
  OW_ASSIGN_OR_RETURN(RatingView v, d.ratings.Rate(*req.principal, req.Param("ref"), in));
  return http::JsonResponse(201, RatingJson(v));
}

Result<Response> GetRating(const RatingDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(RatingView v, d.ratings.Get(*req.principal, req.Param("ref")));
  json::object o = RatingJson(v);
  // The department's officers see the whole task with its steps.
  if (v.rectification && !v.rectification->steps.empty())
    o["rectification"] = TaskJson(*v.rectification, true);
  return http::JsonResponse(200, o);
}

Result<Response> ListRectifications(const RatingDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list,
                      d.ratings.Rectifications(*req.principal, req.Query("department").value_or(""),
                                               req.Query("state").value_or("")));
  json::array out;
  for (const RectificationView& t : list) out.push_back(TaskJson(t, true));
  return http::JsonResponse(200, json::object{{"rectifications", std::move(out)}});
}

Result<Response> ActOnRectification(const RatingDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto expected, IfMatch(req));
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"action", "note"});
  auto action = f.String("action", true, 40);
  auto note = f.String("note", true, 2000, http::TextKind::kLines);
  OW_RETURN_IF_ERROR(f.status("the action is invalid"));
  OW_ASSIGN_OR_RETURN(RectificationView t,
                      d.ratings.Act(*req.principal, req.Param("id"), *action, *note, expected));
  Response r = http::JsonResponse(200, TaskJson(t, true));
  r.Set("ETag", "\"" + std::to_string(t.version) + "\"");
  return r;
}

Result<Response> PublicStats(const RatingDeps& d, Request& req) {
  StatsFilter filter{req.Query("item").value_or(""), req.Query("department").value_or("")};
  if (filter.item.size() > 40 || filter.department.size() > 40)
    return Status::Invalid("the filter is invalid",
                           {{filter.item.size() > 40 ? "$.item" : "$.department",
                             "must be at most 40 bytes", "too_long"}});
  OW_ASSIGN_OR_RETURN(auto stats, d.ratings.Stats(filter));
  json::array items, departments;
  for (const RatingStats& s : stats.first) items.push_back(StatsJson(s));
  for (const RatingStats& s : stats.second) departments.push_back(StatsJson(s));
  Response r = http::JsonResponse(
      200, json::object{{"items", std::move(items)}, {"departments", std::move(departments)}});
  r.Set("Cache-Control", "public, max-age=60");  // public figures; a minute old is fine
  return r;
}

}  // namespace

void RegisterRatingRoutes(http::Router& router, const RatingDeps& deps) {
  const http::Access anyone = http::Public();
  const http::Access people = http::AnyUser();
  const http::Access officers = http::Roles({Role::kServiceOfficer});
  http::AddRoutes<RatingDeps>(
      router, deps,
      {
          {Method::kPost, "/api/v1/hall/applications/{ref}/rating", people, RateApplication},
          {Method::kGet, "/api/v1/hall/applications/{ref}/rating", people, GetRating},
          {Method::kGet, "/api/v1/hall/rectifications", officers, ListRectifications},
          {Method::kPost, "/api/v1/hall/rectifications/{id}/actions", officers, ActOnRectification},
          {Method::kGet, "/api/v1/hall/stats", anyone, PublicStats},
      });
}

}  // namespace ow::hall
