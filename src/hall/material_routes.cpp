// Prefill and upload routes of the service hall (see material_routes.h).
#include "hall/material_routes.h"

#include <boost/json.hpp>

#include "hall/routes.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::hall {

namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

json::object FileJson(const StoredFile& f) {
  return {{"id", f.id},     {"material", f.material}, {"name", f.name},
          {"type", f.type}, {"size", f.size},         {"sha256", f.sha256}};
}

// POST .../{ref}/prefill: fetch the shared data again; answers the case view's prefill part.
Result<Response> RefreshPrefill(const MaterialDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto entries, d.prefill.Refresh(*req.principal, req.Param("ref")));
  (void)entries;
  OW_ASSIGN_OR_RETURN(CaseView v, d.cases.Get(*req.principal, req.Param("ref")));
  json::object out{{"id", v.id}};
  OW_RETURN_IF_ERROR(d.prefill.Decorate(v.id, out));
  return http::JsonResponse(200, std::move(out));
}

// POST .../{ref}/files?material=<id>[&name=<file name>]: the raw file as the body, its media
// type in Content-Type.
Result<Response> UploadFile(const MaterialDeps& d, Request& req) {
  const std::string material = req.Query("material").value_or("");
  if (material.empty())
    return Status::Invalid("which material?",
                           {{"$.material", "name the upload material", "required"}});
  OW_ASSIGN_OR_RETURN(
      StoredFile f,
      d.uploads.Upload(*req.principal, req.Param("ref"), material, req.Query("name").value_or(""),
                       req.Header("Content-Type").value_or(""), req.body));
  return http::JsonResponse(201, FileJson(f));
}

Result<Response> DownloadFile(const MaterialDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto file,
                      d.uploads.Download(*req.principal, req.Param("ref"), req.Param("file")));
  Response r;
  r.status = 200;
  r.body = std::move(file.second);
  r.Set("Content-Type", file.first.type);
  r.Set("Content-Disposition", "attachment; filename=\"" + file.first.id + "\"");
  r.Set("X-Content-SHA256", file.first.sha256);
  r.Set("Cache-Control", "no-store");
  return r;
}

Result<Response> DeleteFile(const MaterialDeps& d, Request& req) {
  OW_RETURN_IF_ERROR(d.uploads.Delete(*req.principal, req.Param("ref"), req.Param("file")));
  return Response::NoContent();
}

json::object OfferJson(const Offer& o) {
  return {
      {"id", o.id},
      {"item", o.item_code},
      {"item_version", o.item_version},
      {"item_name", {{"zh", o.item_name.zh}, {"en", o.item_name.en}}},
      {"enterprise_id", o.enterprise_id},
      {"state", o.state},
      {"case_id", o.case_id.empty() ? json::value(nullptr) : json::value(o.case_id)},
      {"case_number", o.case_number.empty() ? json::value(nullptr) : json::value(o.case_number)},
      {"prefilled", o.prefilled},
      {"created_at_ms", o.created_at_ms},
      {"decided_at_ms", o.decided_at_ms ? json::value(*o.decided_at_ms) : json::value(nullptr)}};
}

Result<Response> MyOffers(const MaterialDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto offers, d.offers.Mine(*req.principal));
  json::array out;
  for (const Offer& o : offers) out.push_back(OfferJson(o));
  return http::JsonResponse(200, json::object{{"offers", std::move(out)}});
}

// POST /api/v1/hall/offers/{id}/accept [{"answers": {...}}]: the case, submitted.
Result<Response> AcceptOffer(const MaterialDeps& d, Request& req) {
  json::object answers;
  if (!req.body.empty()) {
    OW_ASSIGN_OR_RETURN(auto body, http::ParseObject(req));
    http::FieldReader f(body);
    f.RejectUnknown({"answers"});
    if (const json::object* a = f.Object("answers", false)) answers = *a;
    OW_RETURN_IF_ERROR(f.status("the acceptance is invalid"));
  }
  OW_ASSIGN_OR_RETURN(CaseView v, d.offers.Accept(*req.principal, req.Param("id"), answers));
  json::object o = CaseViewJson(v);
  OW_RETURN_IF_ERROR(CaseViewExtras(d, v.id, o));
  Response r = http::JsonResponse(200, o);
  r.Set("ETag", "\"" + std::to_string(v.version) + "\"");
  return r;
}

Result<Response> DeclineOffer(const MaterialDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(Offer o, d.offers.Decline(*req.principal, req.Param("id")));
  return http::JsonResponse(200, OfferJson(o));
}

Result<Response> SweepOffers(const MaterialDeps& d, Request&) {
  OW_ASSIGN_OR_RETURN(SweepReport s, d.offers.Sweep());
  return http::JsonResponse(200, json::object{{"items", s.items},
                                              {"enterprises", s.enterprises},
                                              {"eligible", s.eligible},
                                              {"offered", s.offered},
                                              {"unavailable", s.unavailable}});
}

}  // namespace

Status CaseViewExtras(const MaterialDeps& d, const std::string& case_id, json::object& view) {
  OW_RETURN_IF_ERROR(d.prefill.Decorate(case_id, view));
  return d.uploads.Decorate(case_id, view);
}

void RegisterHallMaterialRoutes(http::Router& router, const MaterialDeps& deps) {
  const http::Access people = http::AnyUser();
  constexpr char kCase[] = "/api/v1/hall/applications/{ref}";
  http::AddRoutes<MaterialDeps>(
      router, deps,
      {
          {Method::kPost, std::string(kCase) + "/prefill", people, RefreshPrefill},
          {Method::kPost, std::string(kCase) + "/files", people, UploadFile},
          {Method::kGet, std::string(kCase) + "/files/{file}", people, DownloadFile},
          {Method::kDelete, std::string(kCase) + "/files/{file}", people, DeleteFile},
          {Method::kGet, "/api/v1/me/hall/offers", people, MyOffers},
          {Method::kPost, "/api/v1/hall/offers/{id}/accept", people, AcceptOffer},
          {Method::kPost, "/api/v1/hall/offers/{id}/decline", people, DeclineOffer},
          {Method::kPost, "/api/v1/hall/offers/sweep", http::Roles({Role::kAdmin}), SweepOffers},
      });
  // A file is the request body: up to the largest an item may accept (each material's own
  // max_bytes is checked by UploadService), beyond the server's limit for other requests.
  router.SetBodyLimit(Method::kPost, std::string(kCase) + "/files",
                      static_cast<size_t>(kMaxUploadBytes));
}

}  // namespace ow::hall
