#include "community/routes.h"

#include "core/time.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::community {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::object MessageJson(const Message& m) {
  return {{"id", m.id},
          {"kind", m.content.kind},
          {"title_zh", m.content.title_zh},
          {"title_en", m.content.title_en},
          {"body_zh", m.content.body_zh},
          {"body_en", m.content.body_en},
          {"link", m.content.link},
          {"region", m.region},
          {"created_at", FormatRfc3339(m.created_at_ms)},
          {"read", m.read}};
}

json::object TaskJson(const Task& t) {
  json::object o{{"task_id", t.id},
                 {"masked_name", t.masked_name},
                 {"region", t.spec.region},
                 {"kind", t.spec.kind},
                 {"reason_zh", t.spec.reason_zh},
                 {"reason_en", t.spec.reason_en},
                 {"source", t.spec.source},
                 {"status", t.status},
                 {"note", t.note},
                 {"created_at", FormatRfc3339(t.created_at_ms)}};
  o["done_at"] = t.done_at_ms ? json::value(FormatRfc3339(*t.done_at_ms)) : json::value(nullptr);
  return o;
}

constexpr size_t kMaxTasks = 500;

Result<Response> ListInbox(const CommunityDeps& d, Request& req) {
  const std::string& me = req.principal->person_id;
  OW_ASSIGN_OR_RETURN(std::string region, d.region_of(me));
  OW_ASSIGN_OR_RETURN(auto msgs, d.inbox.List(me, region));
  json::array a;
  int64_t unread = 0;
  for (const auto& m : msgs) {
    unread += m.read ? 0 : 1;
    a.push_back(MessageJson(m));
  }
  return http::JsonResponse(200, {{"messages", std::move(a)}, {"unread", unread}});
}

Result<Response> MarkRead(const CommunityDeps& d, Request& req) {
  const std::string& me = req.principal->person_id;
  OW_ASSIGN_OR_RETURN(std::string region, d.region_of(me));
  OW_RETURN_IF_ERROR(d.inbox.MarkRead(me, region, req.Param("id")));
  return http::JsonResponse(200, {{"id", req.Param("id")}, {"read", true}});
}

Result<Response> ListTasks(const CommunityDeps& d, Request& req) {
  std::string status = req.Query("status").value_or("open");
  if (status == "all") status = "";
  if (!status.empty() && status != "open" && status != "done")
    return Status::Invalid("bad query", {{"$.status", "must be open, done or all"}});
  OW_ASSIGN_OR_RETURN(auto tasks, d.tasks.List(*req.principal, status, kMaxTasks, req.remote_ip));
  json::array a;
  for (const auto& t : tasks) a.push_back(TaskJson(t));
  return http::JsonResponse(200, {{"tasks", std::move(a)}});
}

Result<Response> CompleteTask(const CommunityDeps& d, Request& req) {
  std::string note;
  if (!req.body.empty()) {
    OW_ASSIGN_OR_RETURN(json::object body, http::ParseObject(req));
    http::FieldReader f(body);
    f.RejectUnknown({"note"});
    note = f.String("note", false, 2000, http::TextKind::kLines).value_or("");
    OW_RETURN_IF_ERROR(f.status());
  }
  OW_ASSIGN_OR_RETURN(Task t, d.tasks.Complete(*req.principal, req.Param("id"), note));
  return http::JsonResponse(200, TaskJson(t));
}

Result<Response> RevealContact(const CommunityDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(TaskContact c,
                      d.tasks.RevealContact(*req.principal, req.Param("id"), req.remote_ip));
  auto opt = [](const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  Response r = http::JsonResponse(200, {{"task_id", c.task_id},
                                        {"masked_name", c.masked_name},
                                        {"phone", opt(c.phone)},
                                        {"address", opt(c.address)}});
  r.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterCommunityRoutes(http::Router& router, const CommunityDeps& deps) {
  const auto any = http::AnyUser();
  const auto workers = http::Roles({Role::kCommunityWorker, Role::kHealthOfficial, Role::kAdmin});
  http::AddRoutes<CommunityDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/me/inbox", any, ListInbox},
          {Method::kPost, "/api/v1/me/inbox/{id}/read", any, MarkRead},
          {Method::kGet, "/api/v1/tasks", workers, ListTasks},
          {Method::kPost, "/api/v1/tasks/{id}/done", workers, CompleteTask},
          {Method::kPost, "/api/v1/tasks/{id}/contact", workers, RevealContact},
      });
}

}  // namespace ow::community
