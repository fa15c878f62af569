// CodeChecker: what a gate needs to know about a scanned health code — is it genuine and
// current, whose is it (masked), and what is the person's live colour. Implemented in
// src/issuance (LiveCodeChecker) on top of the codes verifier, the issuance trust list and the
// colour engine, so the checkpoint module does not depend on their internals.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "healthcode/colour_state.h"

namespace ow::checkpoint {

struct CodeCheck {
  bool genuine = false;       // signature, issuer and format are fine
  std::string verify_reason;  // the verifier's reason ("ok", "expired", "unknown_kid", ...)
  bool expired = false;       // genuine signature but past its expiry (e.g. a screenshot)
  std::string issuer;
  std::string subject;                   // pseudonymous subject in the code
  std::optional<std::string> person_id;  // known for codes issued by this installation
  std::string masked_name;
  std::optional<healthcode::Colour> code_colour;  // colour written in the code
  std::optional<healthcode::Colour> live_colour;  // current colour (own codes)
  bool colour_changed_since_issue = false;
  std::vector<healthcode::Reason> live_reasons;  // reasons of the live colour
  int64_t issued_at_s = 0;
};

class CodeChecker {
 public:
  virtual ~CodeChecker() = default;
  // Checks a payload at `now_ms`; `check_live` = false skips the live colour lookup (offline
  // records are judged at their own time). A code that is not genuine, unknown or refused is
  // a CodeCheck (a verdict); when what the verdict needs cannot be read (the trust list, the
  // code's subject, the live colour: a database outage) the answer is kUnavailable, which is
  // no verdict about the code: the gate is told 503 and its offline mode takes over.
  virtual Result<CodeCheck> Check(std::string_view payload, int64_t now_ms,
                                  bool check_live = true) = 0;
};

}  // namespace ow::checkpoint
