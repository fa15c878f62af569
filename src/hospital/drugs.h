// DrugCatalogue: the drugs the internet hospital knows (hospital/drugs.json, compiled in), each
// with its control class under Chinese regulation: none, narcotic (麻醉药品), psychotropic
// class I or II (第一类/第二类精神药品). Controlled drugs are never prescribed or renewed online.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ow::hospital {

enum class DrugControl { kNone, kNarcotic, kPsychotropic1, kPsychotropic2 };

const char* DrugControlName(DrugControl c);

struct Drug {
  std::string code;
  std::string name_zh, name_en;
  std::string unit;
  DrugControl control = DrugControl::kNone;
  bool Controlled() const { return control != DrugControl::kNone; }
};

class DrugCatalogue {
 public:
  // Parses a catalogue file ({"drugs": [{code, name_zh, name_en, control, unit}]}).
  static Result<DrugCatalogue> Parse(std::string_view json_text);
  // The catalogue compiled in from hospital/drugs.json.
  static const DrugCatalogue& Embedded();

  const Drug* Find(std::string_view code) const;  // null when unknown
  const std::vector<Drug>& drugs() const { return drugs_; }

 private:
  std::vector<Drug> drugs_;
};

}  // namespace ow::hospital
