// Verifier: checks a scanned code string against a trust list at a given time. Handles
// OneWindow health codes ("OW1:", Ed25519 issuer keys by region), the hall's electronic
// licences ("OWL1:", licence_document.h; also as raw COSE bytes) and EU Digital COVID
// Certificates ("HC1:", X.509 signer certificates, ES256/PS256/EdDSA). Never throws; every
// failure is a VerifyResult with a stable reason.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "codes/trust_list.h"
#include "codes/verify_result.h"
#include "codes/x509_certificate.h"

namespace ow::codes {

// Per-call options.
struct VerifyOptions {
  // For HC1 codes: check against this signer certificate instead of the trust list.
  std::shared_ptr<const X509Certificate> signer_cert;
  // For OW1 codes of this installation: the issuer MAC key of a kid (code_mac.h), or nothing.
  // A code whose MAC matches is authentic without an Ed25519 verification; the kid must still
  // be in the trust list and valid now. Without a key, or when the MAC is missing or wrong,
  // the signature decides.
  std::function<std::optional<Bytes>(ByteView kid)> own_mac_key;
};

class Verifier {
 public:
  // The trust list must outlive the verifier.
  explicit Verifier(const TrustList& trust) : trust_(trust) {}

  // now: Unix seconds.
  VerifyResult Verify(std::string_view payload, int64_t now,
                      const VerifyOptions& options = {}) const;

 private:
  const TrustList& trust_;
};

inline VerifyResult VerifyCode(std::string_view payload, const TrustList& trust, int64_t now,
                               const VerifyOptions& options = {}) {
  return Verifier(trust).Verify(payload, now, options);
}

// A licence as its raw COSE_Sign1 bytes (the downloaded document); now: Unix seconds. The
// signing key must be trusted and have been valid at the licence's issue time.
VerifyResult VerifyLicence(ByteView cose, const TrustList& trust, int64_t now);

}  // namespace ow::codes
