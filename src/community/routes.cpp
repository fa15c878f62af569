#include "community/routes.h"

#include "core/time.h"
#include "http/json.h"

namespace ow::community {

namespace json = boost::json;
using http::Method;
using http::Request;

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

}  // namespace

void RegisterCommunityRoutes(http::Router& router, CommunityDeps d) {
  router.Add(Method::kGet, "/api/v1/me/inbox", http::AnyUser(), [d](Request& req) {
    const std::string& me = req.principal->person_id;
    auto region = d.region_of(me);
    if (!region.ok()) return http::Problem(region.status(), req.path);
    auto msgs = d.inbox.List(me, *region);
    if (!msgs.ok()) return http::Problem(msgs.status(), req.path);
    json::array a;
    int64_t unread = 0;
    for (const auto& m : *msgs) {
      unread += m.read ? 0 : 1;
      a.push_back(MessageJson(m));
    }
    return http::JsonResponse(200, {{"messages", std::move(a)}, {"unread", unread}});
  });

  router.Add(Method::kPost, "/api/v1/me/inbox/{id}/read", http::AnyUser(), [d](Request& req) {
    const std::string& me = req.principal->person_id;
    auto region = d.region_of(me);
    if (!region.ok()) return http::Problem(region.status(), req.path);
    Status s = d.inbox.MarkRead(me, *region, req.Param("id"));
    if (!s.ok()) return http::Problem(s, req.path);
    return http::JsonResponse(200, {{"id", req.Param("id")}, {"read", true}});
  });

  auto workers = http::Roles({Role::kCommunityWorker, Role::kHealthOfficial, Role::kAdmin});
  router.Add(Method::kGet, "/api/v1/tasks", workers, [d](Request& req) {
    std::string status = req.Query("status").value_or("open");
    if (status == "all") status = "";
    if (!status.empty() && status != "open" && status != "done")
      return http::Problem(
          Status::Invalid("bad query", {{"$.status", "must be open, done or all"}}), req.path);
    auto tasks = d.tasks.List(*req.principal, status, 500, req.remote_ip);
    if (!tasks.ok()) return http::Problem(tasks.status(), req.path);
    json::array a;
    for (const auto& t : *tasks) a.push_back(TaskJson(t));
    return http::JsonResponse(200, {{"tasks", std::move(a)}});
  });

  router.Add(Method::kPost, "/api/v1/tasks/{id}/done", workers, [d](Request& req) {
    std::string note;
    if (!req.body.empty()) {
      auto body = http::ParseObject(req);
      if (!body.ok()) return http::Problem(body.status(), req.path);
      http::FieldReader f(*body);
      f.RejectUnknown({"note"});
      note = f.String("note", false, 2000).value_or("");
      if (!f.ok()) return http::Problem(f.status(), req.path);
    }
    auto t = d.tasks.Complete(*req.principal, req.Param("id"), note);
    if (!t.ok()) return http::Problem(t.status(), req.path);
    return http::JsonResponse(200, TaskJson(*t));
  });
}

}  // namespace ow::community
