// ScanService: the gate decision. A staff member scans a citizen's code at a place: genuine,
// current and green passes; yellow/red are stopped with the quarantine reason; expired
// (screenshots), forged, unknown-issuer codes and codes whose colour changed since issue are
// refused. Every decision becomes a pass record. Also citizens' own visits (scanning a place
// code) and offline batches uploaded by gates that lost their network.
#pragma once

#include <map>

#include <optional>
#include <string>
#include <vector>

#include "checkpoint/code_checker.h"
#include "checkpoint/pass_log.h"
#include "checkpoint/places.h"
#include "core/clock.h"
#include "core/principal.h"
#include "healthcode/colour_state.h"

namespace ow::checkpoint {

struct ScanInput {
  std::string payload;
  std::string place_id;
  Direction direction = Direction::kIn;
  std::optional<std::string> client_id;
  std::string device;
};

struct ScanDecision {
  bool allowed = false;
  std::optional<codes::Colour> colour;  // none when unknown
  std::string masked_name;
  std::string reason;  // stable code: ok, yellow_code, red_code, expired, forged, ...
  std::string reason_zh, reason_en;
  PassRecord record;
};

// One record a gate verified offline and uploads later.
struct OfflineRecord {
  std::string client_id;
  std::string payload;
  int64_t at_ms = 0;
  Direction direction = Direction::kIn;
  std::string device;
};

// The gate's verdict texts by reason code (zh-CN, en): the scan reasons (ok, yellow_code,
// red_code, expired, forged, ...) and the verifier's reasons a device checking offline meets
// (bad_signature, unknown_kid, ...). The one table for online and offline verdicts: served
// by GET /api/v1/texts and cached by the web app.
const std::map<std::string, std::pair<std::string, std::string>, std::less<>>& VerdictTexts();
// Localised text for a reason code (the code itself when the table lacks it).
std::pair<std::string, std::string> ReasonText(std::string_view reason);

class ScanService {
 public:
  ScanService(PlaceService& places, CodeChecker& checker, healthcode::ColourService& colours,
              identity::IdentityService& identity, const Clock& clock)
      : places_(places), checker_(checker), colours_(colours), identity_(identity), clock_(clock) {}

  // Checks the staff member's assignment (Forbidden) and decides. Does not store.
  Result<ScanDecision> Decide(const Principal& staff, const ScanInput& in);
  // A citizen scanned a place code: decided on their live colour.
  Result<ScanDecision> Visit(const Principal& citizen, const std::string& place_code,
                             Direction direction);
  // Turns an offline batch into records (re-verifying each code at its own time).
  Result<std::vector<PassRecord>> Offline(const Principal& staff, const std::string& place_id,
                                          const std::vector<OfflineRecord>& records);

  // May this principal scan at this place?
  Status CheckAssigned(const Principal& staff, const Place& place);

 private:
  ScanDecision Judge(const CodeCheck& check);

  PlaceService& places_;
  CodeChecker& checker_;
  healthcode::ColourService& colours_;
  identity::IdentityService& identity_;
  const Clock& clock_;
};

}  // namespace ow::checkpoint
