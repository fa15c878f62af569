// The service hall's route table and handlers (see routes.h).
#include "hall/routes.h"

#include <boost/json.hpp>

#include "http/json.h"
#include "http/route_table.h"

namespace ow::hall {

namespace {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

constexpr size_t kMaxQueryBytes = 100;

json::object TextJson(const Text& t) { return {{"zh", t.zh}, {"en", t.en}}; }

json::object Summary(const ServiceItem& item) {
  json::array applicants;
  for (Applicant a : item.applicants) applicants.emplace_back(ApplicantName(a));
  return {
      {"code", item.code},
      {"version", item.version},
      {"name", TextJson(item.name)},
      {"department", {{"code", item.department_code}, {"name", TextJson(item.department_name)}}},
      {"applicants", std::move(applicants)},
      {"legal_days", item.legal_days},
      {"promised_days", item.promised_days},
      {"visits", item.visits},
      {"fee_yuan", item.fee_yuan},
      {"automatic", item.automatic.has_value()}};
}

json::object Guide(const ServiceItem& item) {
  json::object o = Summary(item);
  o["basic_code"] = item.basic_code;
  o["kind"] = item.kind;
  json::array basis(item.legal_basis.begin(), item.legal_basis.end());
  o["legal_basis"] = std::move(basis);
  json::array conditions;
  for (const Text& c : item.conditions) conditions.push_back(TextJson(c));
  o["conditions"] = std::move(conditions);
  json::array materials;
  for (const Material& m : item.materials) {
    json::object mo{{"id", m.id},
                    {"name", TextJson(m.name)},
                    {"source", MaterialSourceName(m.source)},
                    {"required", m.required}};
    if (!m.service.empty()) mo["service"] = m.service;
    if (!m.field.empty()) mo["field"] = m.field;
    if (!m.licence_kind.empty()) mo["licence_kind"] = m.licence_kind;
    if (m.source == MaterialSource::kUpload) {
      mo["types"] = json::array(m.types.begin(), m.types.end());
      mo["max_bytes"] = m.max_bytes;
    }
    materials.push_back(std::move(mo));
  }
  o["materials"] = std::move(materials);
  if (item.automatic) o["automatic_offer"] = TextJson(*item.automatic);
  if (item.referral) o["referral"] = TextJson(*item.referral);
  return o;
}

Result<Response> ListItems(const HallDeps& d, Request& req) {
  ItemFilter filter;
  std::vector<FieldError> errors;
  filter.q = req.Query("q").value_or("");
  if (filter.q.size() > kMaxQueryBytes)
    errors.push_back({"$.q", "must be at most 100 bytes", "too_long"});
  if (http::FindDisallowedChar(filter.q, http::TextKind::kLine) != std::string::npos)
    errors.push_back({"$.q", "must not contain control characters", "control_character"});
  filter.applicant = req.Query("applicant").value_or("");
  if (!filter.applicant.empty() && filter.applicant != "citizen" &&
      filter.applicant != "enterprise")
    errors.push_back({"$.applicant", "must be citizen or enterprise", "unknown_applicant"});
  filter.department = req.Query("department").value_or("");
  if (!errors.empty()) return Status::Invalid("the search is invalid", std::move(errors));
  json::array items;
  for (const auto& item : d.items.List(filter)) items.push_back(Summary(*item));
  return http::JsonResponse(200, json::object{{"items", std::move(items)}});
}

Result<Response> GetItem(const HallDeps& d, Request& req) {
  OW_ASSIGN_OR_RETURN(auto item, d.items.Get(req.Param("code")));
  return http::JsonResponse(200, Guide(*item));
}

}  // namespace

void RegisterHallRoutes(http::Router& router, const HallDeps& deps) {
  const http::Access anyone = http::Public();
  http::AddRoutes<HallDeps>(router, deps,
                            {
                                {Method::kGet, "/api/v1/hall/items", anyone, ListItems},
                                {Method::kGet, "/api/v1/hall/items/{code}", anyone, GetItem},
                            });
}

}  // namespace ow::hall
