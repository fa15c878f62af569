// The routes of scan to apply, résumés, applications, the pipeline and interviews (routes.h).
#include <boost/json.hpp>

#include "codes/qr_render.h"
#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"
#include "jobs/routes.h"

namespace ow::jobs {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::object SlotJson(const scheduling::Slot& s) {
  return {{"id", s.id},
          {"start", FormatRfc3339(s.start_ms)},
          {"end", FormatRfc3339(s.end_ms)},
          {"day", s.day},
          {"capacity", s.capacity},
          {"free", s.Free()}};
}

// The URL a poster's QR code opens.
std::string ApplyUrl(const JobsDeps& d, const std::string& posting_id) {
  return d.base_url() + "/app/jobs/" + posting_id +
         "/apply?token=" + d.applications.ScanToken(posting_id);
}

Result<Posting> ManagedPosting(const JobsDeps& d, Request& req) {
  auto p = d.postings.Get(req.Param("id"));
  if (!p.ok()) return Status::NotFound("no job posting " + req.Param("id"));
  if (!d.postings.CanManage(*req.principal, *p))
    return Status::Forbidden("only the enterprise's people may do this");
  return p;
}

Result<Response> PosterPng(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Posting p, ManagedPosting(d, req));
  codes::QrRenderOptions o;
  o.scale = 8;
  o.frame_modules = 0;
  OW_ASSIGN_OR_RETURN(auto png, codes::RenderPayloadPng(ApplyUrl(d, p.id), o));
  Response r = Response::Text(200, codes::ToString(png), "image/png");
  r.Set("Cache-Control", "no-store");
  return r;
}

Result<Response> PosterSvg(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Posting p, ManagedPosting(d, req));
  codes::QrRenderOptions o;
  o.frame_modules = 0;
  o.label = "扫码投递简历 Scan to apply: " + p.in.title;
  OW_ASSIGN_OR_RETURN(std::string svg, codes::RenderPayloadSvg(ApplyUrl(d, p.id), o));
  Response r = Response::Text(200, std::move(svg), "image/svg+xml");
  r.Set("Cache-Control", "no-store");
  return r;
}

// What the scanned link opens: the posting, the token's verdict and the prefilled résumé.
Result<Response> StartApplication(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Posting p, d.postings.GetPublic(req.Param("id")));
  const std::string token = req.Query("token").value_or("");
  if (!token.empty()) OW_RETURN_IF_ERROR(d.applications.CheckScanToken(p.id, token));
  bool stored = false;
  OW_ASSIGN_OR_RETURN(json::object resume,
                      d.applications.Resume(req.principal->person_id, &stored));
  return http::JsonResponse(
      200,
      json::object{
          {"posting",
           {{"id", p.id}, {"title", p.in.title}, {"enterprise_name", p.enterprise_name}}},
          {"resume", std::move(resume)},
          {"resume_stored", stored},
          {"consent_text",
           {{"zh", "我同意向" + p.enterprise_name + "提供本简历，用于本岗位招聘。"},
            {"en", "I agree to share this résumé with " + p.enterprise_name + " for this job."}}}});
}

Result<Response> Apply(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"token", "consent", "resume"});
  ApplyInput in;
  in.token = f.String("token", false, 200).value_or("");
  in.consent = f.Bool("consent", true).value_or(false);
  const json::object* resume = f.Object("resume", false);
  OW_RETURN_IF_ERROR(f.status("the application is invalid"));
  if (resume) {
    OW_ASSIGN_OR_RETURN(json::object r, ReadResume(*resume, "$.resume"));
    in.resume = std::move(r);
  }
  OW_ASSIGN_OR_RETURN(JobApplication a, d.applications.Apply(*req.principal, req.Param("id"), in));
  Response r = http::JsonResponse(201, ApplicationJson(a));
  r.Set("Location", "/api/v1/job-applications/" + a.id);
  return r;
}

Result<Response> PostingApplications(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.applications.ForPosting(*req.principal, req.Param("id")));
  json::array out;
  for (auto& o : list) out.push_back(std::move(o));
  return http::JsonResponse(200, json::object{{"applications", std::move(out)}});
}

Result<Response> GetResume(const JobsDeps& d, Request& req) {
  bool stored = false;
  OW_ASSIGN_OR_RETURN(json::object r, d.applications.Resume(req.principal->person_id, &stored));
  return http::JsonResponse(200, json::object{{"resume", std::move(r)}, {"stored", stored}});
}

Result<Response> PutResume(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  OW_ASSIGN_OR_RETURN(json::object r, ReadResume(body, "$"));
  OW_RETURN_IF_ERROR(d.applications.SaveResume(req.principal->person_id, r));
  return http::JsonResponse(200, json::object{{"resume", std::move(r)}, {"stored", true}});
}

Result<Response> MyApplications(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.applications.Mine(*req.principal));
  json::array out;
  for (const auto& a : list) out.push_back(ApplicationJson(a));
  return http::JsonResponse(200, json::object{{"applications", std::move(out)}});
}

Result<Response> GetApplication(const JobsDeps& d, Request& req) {
  auto own = d.applications.Own(*req.principal, req.Param("id"));
  if (own.ok()) return http::JsonResponse(200, ApplicationJson(*own));
  OW_ASSIGN_OR_RETURN(json::object o, d.applications.ForEmployer(*req.principal, req.Param("id")));
  return http::JsonResponse(200, o);
}

Result<Response> Withdraw(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(JobApplication a, d.applications.Withdraw(*req.principal, req.Param("id")));
  return http::JsonResponse(200, ApplicationJson(a));
}

Result<Response> MoveApplication(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"to", "version", "meeting_link"});
  auto to = f.String("to", true, 20);
  auto version = f.Integer("version", true);
  auto link = f.String("meeting_link", false, 500);
  if (to && *to != kShortlisted && *to != kInterview && *to != kOffer && *to != kRejected)
    f.Error("$.to", "must be shortlisted, interview, offer or rejected", "unknown_status");
  if (link && !link->empty() && !link->starts_with("https://"))
    f.Error("$.meeting_link", "must be an https:// link", "bad_link");
  OW_RETURN_IF_ERROR(f.status("the move is invalid"));
  auto moved =
      d.applications.Move(*req.principal, req.Param("id"), *to, *version, link.value_or(""));
  if (!moved.ok() && moved.status().code() == Code::kConflict)
    return Status(Code::kConflict, std::string(moved.status().message()),
                  {{"$.version", "is not the current version", kStaleVersion}});
  OW_RETURN_IF_ERROR(moved.status());
  return http::JsonResponse(200, *moved);
}

Result<Response> PutAttachment(const JobsDeps& d, Request& req) {
  const std::string type = req.Header("Content-Type").value_or("");
  if (!type.starts_with("application/pdf"))
    return Status::UnsupportedMediaType("the attachment must be application/pdf");
  OW_RETURN_IF_ERROR(d.applications.AttachPdf(*req.principal, req.Param("id"), req.body));
  return Response::NoContent();
}

Result<Response> GetAttachment(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string pdf, d.applications.Attachment(*req.principal, req.Param("id")));
  Response r = Response::Text(200, std::move(pdf), "application/pdf");
  r.Set("Cache-Control", "no-store");
  r.Set("Content-Disposition", "attachment; filename=\"resume.pdf\"");
  return r;
}

Result<Response> AddSlot(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"start", "end", "capacity"});
  auto start = f.Timestamp("start", true);
  auto end = f.Timestamp("end", true);
  auto capacity = f.Integer("capacity", false);
  if (start && end && *end <= *start) f.Error("$.end", "must be after start", "bad_range");
  if (start && *start <= d.clock.NowMillis())
    f.Error("$.start", "must be in the future", "in_past");
  if (capacity && (*capacity < 1 || *capacity > 100))
    f.Error("$.capacity", "must be 1 to 100", "out_of_range");
  OW_RETURN_IF_ERROR(f.status("the interview slot is invalid"));
  OW_ASSIGN_OR_RETURN(scheduling::Slot s,
                      d.applications.AddInterviewSlot(*req.principal, req.Param("id"), *start, *end,
                                                      static_cast<int>(capacity.value_or(1))));
  return http::JsonResponse(201, SlotJson(s));
}

Result<Response> ListSlots(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto slots, d.applications.InterviewSlots(*req.principal, req.Param("id")));
  json::array out;
  for (const auto& s : slots) out.push_back(SlotJson(s));
  return http::JsonResponse(200, json::object{{"slots", std::move(out)}});
}

Result<Response> BookInterview(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
  http::FieldReader f(body);
  f.RejectUnknown({"slot_id"});
  auto slot = f.String("slot_id", true, 64);
  OW_RETURN_IF_ERROR(f.status("the interview choice is invalid"));
  OW_ASSIGN_OR_RETURN(JobApplication a,
                      d.applications.BookInterview(*req.principal, req.Param("id"), *slot));
  return http::JsonResponse(200, ApplicationJson(a));
}

Result<Response> InterviewIcs(const JobsDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(std::string ics,
                      d.applications.InterviewCalendar(*req.principal, req.Param("id")));
  Response r = Response::Text(200, std::move(ics), "text/calendar; charset=utf-8");
  r.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterJobApplicationRoutes(http::Router& router, const JobsDeps& deps) {
  const http::Access people = http::AnyUser();
  constexpr char kJ[] = "/api/v1/jobs/{id}";
  constexpr char kA[] = "/api/v1/job-applications/{id}";
  http::AddRoutes<JobsDeps>(
      router, deps,
      {
          {Method::kGet, std::string(kJ) + "/poster.png", people, PosterPng},
          {Method::kGet, std::string(kJ) + "/poster.svg", people, PosterSvg},
          {Method::kGet, std::string(kJ) + "/apply", people, StartApplication},
          {Method::kPost, std::string(kJ) + "/applications", people, Apply},
          {Method::kGet, std::string(kJ) + "/applications", people, PostingApplications},
          {Method::kPost, std::string(kJ) + "/interview-slots", people, AddSlot},
          {Method::kGet, std::string(kJ) + "/interview-slots", people, ListSlots},
          {Method::kGet, "/api/v1/me/resume", people, GetResume},
          {Method::kPut, "/api/v1/me/resume", people, PutResume},
          {Method::kGet, "/api/v1/me/job-applications", people, MyApplications},
          {Method::kGet, kA, people, GetApplication},
          {Method::kPost, std::string(kA) + "/withdraw", people, Withdraw},
          {Method::kPost, std::string(kA) + "/status", people, MoveApplication},
          {Method::kPut, std::string(kA) + "/attachment", people, PutAttachment},
          {Method::kGet, std::string(kA) + "/attachment", people, GetAttachment},
          {Method::kPost, std::string(kA) + "/interview", people, BookInterview},
          {Method::kGet, std::string(kA) + "/interview.ics", people, InterviewIcs},
      });
}

}  // namespace ow::jobs
