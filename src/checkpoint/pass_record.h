// PassRecord: one pass at a gate or venue (亮码通行登记) — a scan by staff, a visit the citizen
// recorded by scanning a place code, or an offline scan uploaded later. Refused scans are
// recorded too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ow::checkpoint {

struct PassRecord {
  int64_t id = 0;                        // assigned by the database
  std::optional<std::string> client_id;  // idempotency key from the client (offline, retries)
  std::optional<std::string> person_id;  // unknown for foreign or unreadable codes
  std::string subject;                   // pseudonymous subject from the code
  std::string issuer;
  std::string place_id;
  int64_t at_ms = 0;
  std::string direction = "in";  // "in" | "out"
  bool allowed = false;
  std::string colour;  // "green" | "yellow" | "red" | "" (unknown)
  std::string reason;  // stable reason code, "ok" when allowed
  std::string staff_id;
  std::string device;
  std::string source = "scan";  // "scan" | "visit" | "offline"
};

}  // namespace ow::checkpoint
