// LiveCodeChecker: the checkpoint's view of a scanned code, built from the issuance trust
// list (own and imported regions), the subject pseudonyms and the colour engine. Lean on
// purpose: it runs on every scan.
#pragma once

#include "checkpoint/code_checker.h"
#include "healthcode/colour_state.h"
#include "healthcode/issuer_service.h"

namespace ow::app {

class LiveCodeChecker final : public checkpoint::CodeChecker {
 public:
  LiveCodeChecker(healthcode::IssuerService& issuer, healthcode::ColourService& colours)
      : issuer_(issuer), colours_(colours) {}
  checkpoint::CodeCheck Check(std::string_view payload, int64_t now_ms, bool check_live) override;

 private:
  healthcode::IssuerService& issuer_;
  healthcode::ColourService& colours_;
};

}  // namespace ow::app
