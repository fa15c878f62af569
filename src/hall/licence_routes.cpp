// The licence wallet's route table and handlers (see licence_routes.h).
#include "hall/licence_routes.h"

#include <boost/json.hpp>

#include "codes/qr_render.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "http/json.h"
#include "http/route_table.h"

namespace ow::hall {

namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

Response NoStore(Response r) {
  r.Set("Cache-Control", "no-store");
  return r;
}

json::object LicenceJson(const LicenceView& v) {
  const codes::LicenceClaims& c = v.claims;
  json::object fields;
  for (const auto& [k, value] : c.fields) fields[k] = value;
  json::object o{
      {"id", v.id},
      {"kind", v.kind},
      {"title", {{"zh", c.kind_zh}, {"en", c.kind_en}}},
      {"item", {{"code", c.item_code}, {"name", {{"zh", c.item_zh}, {"en", c.item_en}}}}},
      {"case_number", v.case_number},
      {"department",
       {{"code", c.department}, {"name", {{"zh", c.department_zh}, {"en", c.department_en}}}}},
      {"holder", {{"type", c.holder_type}, {"name", c.holder_name}, {"id", c.holder_id}}},
      {"issued_at", FormatRfc3339(v.issued_at_ms)},
      {"issued_on", c.issued_on},
      {"valid_until", v.valid_until.empty() ? json::value(nullptr) : json::value(v.valid_until)},
      {"status", v.status},
      {"fields", std::move(fields)}};
  if (!v.enterprise_id.empty()) o["enterprise_id"] = v.enterprise_id;
  return o;
}

Result<Response> MyLicences(const LicenceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto list, d.licences.Wallet(*req.principal));
  json::array out;
  for (const LicenceView& v : list) out.push_back(LicenceJson(v));
  return NoStore(http::JsonResponse(200, json::object{{"licences", std::move(out)}}));
}

Result<Response> MyLicence(const LicenceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(LicenceView v, d.licences.Get(*req.principal, req.Param("id")));
  json::object o = LicenceJson(v);
  o["issuer"] = v.claims.issuer;
  o["document"] = crypto::Base64Encode(codes::ToString(v.document));
  const std::string qr = codes::LicenceQrText(v.document);
  o["qr_text"] = qr;
  codes::QrRenderOptions opts;
  opts.scale = 4;
  // A document too large for one QR code is still downloadable and verifiable as a file.
  auto png = codes::RenderPayloadPng(qr, opts);
  o["qr_png"] =
      png.ok() ? json::value(crypto::Base64Encode(codes::ToString(*png))) : json::value(nullptr);
  return NoStore(http::JsonResponse(200, std::move(o)));
}

Result<Response> MyLicenceDocument(const LicenceDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(LicenceView v, d.licences.Get(*req.principal, req.Param("id")));
  Response r = Response::Text(200, codes::ToString(v.document), "application/cose");
  r.Set("Content-Disposition", "attachment; filename=\"licence-" + v.id + ".cose\"");
  return NoStore(std::move(r));
}

}  // namespace

void RegisterLicenceRoutes(http::Router& router, const LicenceDeps& deps) {
  const http::Access holders = http::AnyUser();
  http::AddRoutes<LicenceDeps>(
      router, deps,
      {
          {Method::kGet, "/api/v1/me/licences", holders, MyLicences},
          {Method::kGet, "/api/v1/me/licences/{id}", holders, MyLicence},
          {Method::kGet, "/api/v1/me/licences/{id}/document", holders, MyLicenceDocument},
      });
}

}  // namespace ow::hall
