// CodeService: code generation (制码) and code verification (验码). Issuing takes the
// person's live colour from the ColourService, signs the claims with the active issuer key
// and returns the OW1 payload; verifying checks a scanned payload against the combined
// trust list and, for this installation's own codes, reports the live colour as well.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit.h"
#include "codes/code_claims.h"
#include "codes/verify_result.h"
#include "core/clock.h"
#include "core/status.h"
#include "healthcode/colour_state.h"
#include "identity/identity_service.h"
#include "issuance/code_subjects.h"
#include "issuance/issuer_keys.h"
#include "issuance/trust_store.h"

namespace ow::issuance {

// A freshly issued code and the colour state it was made from.
struct IssuedCode {
  codes::CodeClaims claims;
  std::string payload;  // "OW1:..."
  std::string kid;      // base64
  healthcode::ColourState state;
};

// The outcome of verifying a scanned code, with only masked personal data.
struct CodeCheck {
  codes::VerifyResult result;
  std::optional<codes::Colour> live_colour;  // own codes whose subject is known
  std::optional<bool> colour_changed_since_issue;
};

class CodeService {
 public:
  CodeService(IssuerKeyStore& keys, CodeSubjects& subjects, TrustStore& trust,
              identity::IdentityService& identity, audit::AuditLog& audit, const Clock& clock,
              healthcode::ColourService* colours)
      : keys_(keys),
        subjects_(subjects),
        trust_(trust),
        identity_(identity),
        audit_(audit),
        clock_(clock),
        colours_(colours) {}

  // The colour engine may be attached after construction (application wiring order).
  void set_colour_service(healthcode::ColourService* colours) { colours_.store(colours); }
  bool has_colour_service() const { return colours_.load() != nullptr; }

  // Issues a code for the person; kUnavailable while no colour engine is attached.
  Result<IssuedCode> Issue(const std::string& person_id);

  // Verifies a scanned payload (OW1 or HC1). `actor` is who scanned (for the audit of the
  // live-colour lookup).
  Result<CodeCheck> Verify(std::string_view payload, const std::string& actor,
                           const std::string& ip);

 private:
  IssuerKeyStore& keys_;
  CodeSubjects& subjects_;
  TrustStore& trust_;
  identity::IdentityService& identity_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  std::atomic<healthcode::ColourService*> colours_;
};

}  // namespace ow::issuance
