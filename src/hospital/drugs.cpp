// The drug catalogue (see drugs.h).
#include "hospital/drugs.h"

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>

namespace ow::hospital {

std::string_view EmbeddedDrugCatalogue();  // generated from hospital/drugs.json

namespace {
namespace json = boost::json;
}  // namespace

const char* DrugControlName(DrugControl c) {
  switch (c) {
    case DrugControl::kNarcotic:
      return "narcotic";
    case DrugControl::kPsychotropic1:
      return "psychotropic_1";
    case DrugControl::kPsychotropic2:
      return "psychotropic_2";
    case DrugControl::kNone:
      break;
  }
  return "none";
}

Result<DrugCatalogue> DrugCatalogue::Parse(std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec || !v.is_object() || !v.as_object().contains("drugs") || !v.at("drugs").is_array())
    return Status::Invalid("the drug catalogue is not {\"drugs\": [...]}");
  DrugCatalogue out;
  for (const json::value& d : v.at("drugs").as_array()) {
    const json::object* o = d.if_object();
    auto text = [&](const char* k) -> std::string {
      if (!o || !o->contains(k) || !o->at(k).is_string()) return "";
      return std::string(o->at(k).as_string());
    };
    Drug drug{text("code"), text("name_zh"), text("name_en"), text("unit"), DrugControl::kNone};
    const std::string control = text("control");
    if (control == "narcotic")
      drug.control = DrugControl::kNarcotic;
    else if (control == "psychotropic_1")
      drug.control = DrugControl::kPsychotropic1;
    else if (control == "psychotropic_2")
      drug.control = DrugControl::kPsychotropic2;
    else if (control != "none")
      return Status::Invalid("drug " + drug.code + ": unknown control class '" + control + "'");
    if (drug.code.empty() || drug.name_zh.empty())
      return Status::Invalid("a drug without code or name_zh");
    if (out.Find(drug.code)) return Status::Invalid("drug " + drug.code + " twice");
    out.drugs_.push_back(std::move(drug));
  }
  return out;
}

const DrugCatalogue& DrugCatalogue::Embedded() {
  static const DrugCatalogue kCatalogue = [] {
    auto c = Parse(EmbeddedDrugCatalogue());
    if (!c.ok()) {  // a bad file in the source tree: a build mistake, caught by every test
      std::fprintf(stderr, "hospital/drugs.json: %s\n", c.status().message().c_str());
      std::abort();
    }
    return *c;
  }();
  return kCatalogue;
}

const Drug* DrugCatalogue::Find(std::string_view code) const {
  for (const Drug& d : drugs_)
    if (d.code == code) return &d;
  return nullptr;
}

}  // namespace ow::hospital
