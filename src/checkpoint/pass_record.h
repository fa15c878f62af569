// PassRecord: one pass at a gate or venue (亮码通行登记) — a scan by staff, a visit the citizen
// recorded by scanning a place code, or an offline scan uploaded later. Refused scans are
// recorded too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checkpoint/direction.h"
#include "codes/code_claims.h"

namespace ow::checkpoint {

// How the pass was recorded.
enum class PassSource : uint8_t { kScan, kVisit, kOffline };

// "scan", "visit" or "offline": the stored and JSON form.
constexpr const char* SourceName(PassSource s) {
  return s == PassSource::kVisit ? "visit" : s == PassSource::kOffline ? "offline" : "scan";
}

constexpr std::optional<PassSource> ParseSource(std::string_view name) {
  if (name == "scan") return PassSource::kScan;
  if (name == "visit") return PassSource::kVisit;
  if (name == "offline") return PassSource::kOffline;
  return std::nullopt;
}

struct PassRecord {
  int64_t id = 0;                        // assigned by the database
  std::optional<std::string> client_id;  // idempotency key from the client (offline, retries)
  std::optional<std::string> person_id;  // unknown for foreign or unreadable codes
  std::string subject;                   // pseudonymous subject from the code
  std::string issuer;
  std::string place_id;
  int64_t at_ms = 0;
  Direction direction = Direction::kIn;
  bool allowed = false;
  std::optional<codes::Colour> colour;  // none when unknown (stored as "")
  std::string reason;                   // stable reason code, "ok" when allowed
  std::string staff_id;
  std::string device;
  PassSource source = PassSource::kScan;
};

}  // namespace ow::checkpoint
