// The recruitment route table and handlers (see routes.h).
#include "jobs/routes.h"

#include <boost/json.hpp>

#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"
#include "jobs/json_ld.h"

namespace ow::jobs {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

json::object PostingJson(const Posting& p, int64_t now_ms) {
  return {{"id", p.id},
          {"enterprise_id", p.in.enterprise_id},
          {"enterprise_name", p.enterprise_name},
          {"title", p.in.title},
          {"description", p.in.description},
          {"region", p.in.region},
          {"locality", p.in.locality},
          {"street_address", p.in.street_address},
          {"postal_code", p.in.postal_code},
          {"employment_type", p.in.employment_type},
          {"salary_min", p.in.salary_min},
          {"salary_max", p.in.salary_max},
          {"openings", p.in.openings},
          {"valid_through", p.in.valid_through},
          {"status", p.status},
          {"public", p.Public(now_ms)},
          {"posted_at", FormatRfc3339(p.created_at_ms)}};
}

Result<Response> CreatePosting(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OW_ASSIGN_OR_RETURN(NewPosting in, ReadNewPosting(body, d.clock));
  OW_ASSIGN_OR_RETURN(Posting p, d.postings.Create(*req.principal, in));
  Response r = http::JsonResponse(201, PostingJson(p, d.clock.NowMillis()));
  r.Set("Location", "/api/v1/jobs/" + p.id);
  return r;
}

Result<Response> Search(const JobsDeps& d, Request& req) {
  SearchQuery q;
  std::vector<FieldError> errors;
  q.region = req.Query("region").value_or("");
  if (!q.region.empty() && (!AllDigits(q.region) ||
                            (q.region.size() != 2 && q.region.size() != 4 && q.region.size() != 6)))
    errors.push_back({"$.region", "must be a region code of 2, 4 or 6 digits", "bad_region"});
  q.q = req.Query("q").value_or("");
  if (q.q.size() > 200) errors.push_back({"$.q", "at most 200 bytes", "too_long"});
  q.type = req.Query("type").value_or("");
  if (!q.type.empty() && !IsEmploymentType(q.type))
    errors.push_back({"$.type", "must be a schema.org employmentType (FULL_TIME, PART_TIME, ...)",
                      "unknown_type"});
  if (auto s = req.Query("salary_min"); s && !s->empty()) {
    if (!AllDigits(*s) || s->size() > 9)
      errors.push_back({"$.salary_min", "must be a whole number of CNY per month", "bad_number"});
    else
      q.salary_min = std::stoll(*s);
  }
  if (auto s = req.Query("limit"); s && !s->empty()) {
    if (!AllDigits(*s) || s->size() > 3 || std::stoi(*s) < 1 || std::stoi(*s) > kMaxLimit)
      errors.push_back({"$.limit", "must be 1 to 100", "bad_limit"});
    else
      q.limit = std::stoi(*s);
  }
  if (auto s = req.Query("offset"); s && !s->empty()) {
    if (!AllDigits(*s) || s->size() > 5 || std::stoi(*s) > kMaxOffset)
      errors.push_back({"$.offset", "must be 0 to 10000", "bad_offset"});
    else
      q.offset = std::stoi(*s);
  }
  if (!errors.empty()) return Status::Invalid("the search is invalid", std::move(errors));
  OW_ASSIGN_OR_RETURN(SearchResult res, d.postings.Search(q));
  const int64_t now = d.clock.NowMillis();
  json::array jobs;
  for (const Posting& p : res.postings) jobs.push_back(PostingJson(p, now));
  Response r = http::JsonResponse(200, json::object{{"jobs", std::move(jobs)},
                                                    {"total", res.total},
                                                    {"total_exact", res.total_exact},
                                                    {"limit", q.limit},
                                                    {"offset", q.offset}});
  r.Set("Cache-Control", "public, max-age=30");
  return r;
}

Result<Response> GetPosting(const JobsDeps& d, Request& req) {
  auto p = d.postings.Get(req.Param("id"));
  const int64_t now = d.clock.NowMillis();
  // Closed and expired postings stay visible to their enterprise's people only.
  if (!p.ok() || (!p->Public(now) && !(req.principal && d.postings.CanManage(*req.principal, *p))))
    return Status::NotFound("no open job posting " + req.Param("id"));
  return http::JsonResponse(200, PostingJson(*p, now));
}

Result<Response> ClosePosting(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Posting p, d.postings.Close(*req.principal, req.Param("id")));
  return http::JsonResponse(200, PostingJson(p, d.clock.NowMillis()));
}

Result<Response> EnterprisePostings(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.postings.ForEnterprise(*req.principal, req.Param("id")));
  const int64_t now = d.clock.NowMillis();
  json::array out;
  for (const Posting& p : list) out.push_back(PostingJson(p, now));
  return http::JsonResponse(200, json::object{{"jobs", std::move(out)}});
}

Result<Response> PostingPageHtml(const JobsDeps& d, Request& req) {
  auto p = d.postings.GetPublic(req.Param("id"));
  if (!p.ok()) {
    Response r = Response::Text(
        404,
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>岗位不存在 "
        "Not found</title></head><body><p>该岗位已结束或不存在。 This job posting has ended or "
        "does not exist.</p></body></html>\n",
        "text/html; charset=utf-8");
    return r;
  }
  Response r = Response::Text(200, PostingPage(*p, d.base_url()), "text/html; charset=utf-8");
  r.Set("Cache-Control", "public, max-age=60");
  r.Set("Content-Language", "zh-CN");
  return r;
}

}  // namespace

Result<NewPosting> ReadNewPosting(const json::object& body, const Clock& clock) {
  http::FieldReader f(body);
  f.RejectUnknown({"enterprise_id", "title", "description", "region", "locality", "street_address",
                   "postal_code", "employment_type", "salary_min", "salary_max", "openings",
                   "valid_through"});
  NewPosting in;
  auto enterprise = f.String("enterprise_id", true, 64);
  auto title = f.String("title", true, 120);
  auto description = f.String("description", true, 8000, http::TextKind::kLines);
  auto region = f.String("region", true, 6);
  auto locality = f.String("locality", true, 60);
  auto street = f.String("street_address", true, 200);
  auto postal = f.String("postal_code", true, 6);
  auto type = f.String("employment_type", true, 20);
  auto smin = f.Integer("salary_min", true);
  auto smax = f.Integer("salary_max", true);
  auto openings = f.Integer("openings", false);
  auto valid = f.DateField("valid_through", true);
  if (title && title->empty()) f.Error("$.title", "must not be empty", "empty");
  if (description && description->empty()) f.Error("$.description", "must not be empty", "empty");
  if (region && (region->size() != 6 || !AllDigits(*region)))
    f.Error("$.region", "must be a six-digit GB/T 2260 code", "bad_region");
  else if (region && ProvinceName(*region).empty())
    f.Error("$.region", "is not a region of China", "unknown_region");
  if (postal && (postal->size() != 6 || !AllDigits(*postal)))
    f.Error("$.postal_code", "must be six digits", "bad_postal_code");
  if (type && !IsEmploymentType(*type))
    f.Error("$.employment_type",
            "must be a schema.org employmentType: FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, "
            "INTERN, VOLUNTEER, PER_DIEM or OTHER",
            "unknown_type");
  if (smin && (*smin < 0 || *smin > 10'000'000))
    f.Error("$.salary_min", "must be 0 to 10,000,000 CNY per month", "out_of_range");
  if (smax && (*smax < 0 || *smax > 10'000'000))
    f.Error("$.salary_max", "must be 0 to 10,000,000 CNY per month", "out_of_range");
  if (smin && smax && *smax < *smin)
    f.Error("$.salary_max", "must not be below salary_min", "salary_range");
  if (openings && (*openings < 1 || *openings > 10'000))
    f.Error("$.openings", "must be 1 to 10,000", "out_of_range");
  if (valid) {
    const int64_t today = DaysFromCivil(ShanghaiDate(clock.NowMillis()));
    const int64_t day = DaysFromCivil(*valid);
    if (day < today) f.Error("$.valid_through", "must not be in the past", "in_past");
    if (day > today + 366) f.Error("$.valid_through", "must be within a year", "too_far");
  }
  OW_RETURN_IF_ERROR(f.status("the job posting is invalid"));
  in.enterprise_id = *enterprise;
  in.title = *title;
  in.description = *description;
  in.region = *region;
  in.locality = *locality;
  in.street_address = *street;
  in.postal_code = *postal;
  in.employment_type = *type;
  in.salary_min = *smin;
  in.salary_max = *smax;
  in.openings = openings.value_or(1);
  in.valid_through = FormatDate(*valid);
  return in;
}

void RegisterJobsRoutes(http::Router& router, const JobsDeps& deps) {
  const http::Access anyone = http::Public();
  const http::Access people = http::AnyUser();
  http::AddRoutes<JobsDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/jobs", anyone, Search},
          {Method::kPost, "/api/v1/jobs", people, CreatePosting},
          {Method::kGet, "/api/v1/jobs/{id}", anyone, GetPosting},
          {Method::kPost, "/api/v1/jobs/{id}/close", people, ClosePosting},
          {Method::kGet, "/api/v1/enterprises/{id}/jobs", people, EnterprisePostings},
          {Method::kGet, "/jobs/{id}", anyone, PostingPageHtml},
      });
}

}  // namespace ow::jobs
