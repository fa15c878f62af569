// LiveCodeChecker: the checkpoint's view of a scanned code, built from the issuance trust
// list (own and imported regions), the subject pseudonyms and the colour engine. Lean on
// purpose: it runs on every scan.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>

#include "checkpoint/code_checker.h"
#include "codes/bytes.h"
#include "healthcode/colour_state.h"
#include "issuance/issuer_service.h"

namespace ow::issuance {

class LiveCodeChecker final : public checkpoint::CodeChecker {
 public:
  LiveCodeChecker(IssuerService& issuer, healthcode::ColourService& colours)
      : issuer_(issuer), colours_(colours) {}
  Result<checkpoint::CodeCheck> Check(std::string_view payload, int64_t now_ms,
                                      bool check_live) override;

 private:
  // The issuer MAC key of `kid` if it is this installation's active issuer key. Answers are
  // remembered; "not ours" only for a minute, so a key another node just created is found.
  std::optional<codes::Bytes> OwnMacKey(codes::ByteView kid);

  struct MacEntry {
    std::optional<codes::Bytes> key;
    std::chrono::steady_clock::time_point checked;
  };
  IssuerService& issuer_;
  healthcode::ColourService& colours_;
  std::mutex mu_;
  std::map<codes::Bytes, MacEntry> mac_keys_;
};

}  // namespace ow::issuance
