// VerifyResult: the outcome of verifying one scanned code, with a stable machine-readable
// reason that clients and logs can switch on.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "codes/code_claims.h"
#include "codes/licence_document.h"

namespace ow::codes {

// Stable reason strings (never renamed; clients match on them).
namespace reason {
inline constexpr const char* kOk = "ok";
inline constexpr const char* kBadPrefix = "bad_prefix";  // not "OW1:", "OWL1:" or "HC1:"
inline constexpr const char* kBadBase45 = "bad_base45";
inline constexpr const char* kBadZlib = "bad_zlib";  // corrupt, or over the size cap
inline constexpr const char* kBadCbor = "bad_cbor";
inline constexpr const char* kBadCose = "bad_cose";  // not a COSE_Sign1 / no alg
inline constexpr const char* kUnsupportedAlg = "unsupported_alg";
inline constexpr const char* kUnknownKid = "unknown_kid";      // no kid, or kid not trusted
inline constexpr const char* kKeyNotValid = "key_not_valid";   // kid known, no key valid now
inline constexpr const char* kCertMismatch = "cert_mismatch";  // kid or key type mismatch
inline constexpr const char* kBadSignature = "bad_signature";
inline constexpr const char* kCertExpired = "cert_expired";
inline constexpr const char* kCertNotYetValid = "cert_not_yet_valid";
inline constexpr const char* kBadClaims = "bad_claims";            // signed payload malformed
inline constexpr const char* kIssuerMismatch = "issuer_mismatch";  // iss != key's region
inline constexpr const char* kExpired = "expired";                 // now >= exp (hcert: now > exp)
inline constexpr const char* kNotYetValid = "not_yet_valid";       // now < iat (or nbf)
}  // namespace reason

struct VerifyResult {
  bool valid = false;
  std::string reason = reason::kBadPrefix;
  std::string format;  // "ow1" | "licence" | "hcert" once the prefix is recognised
  std::string issuer;  // region code (ow1) or country (hcert)
  std::string kid;     // base64 of the kid bytes
  int64_t issued_at = 0;
  int64_t expires = 0;
  bool mac_verified = false;             // ow1: authenticated by the issuer MAC, not the signature
  std::optional<CodeClaims> claims;      // ow1, once the signature verified
  boost::json::value hcert;              // hcert: the decoded certificate (claim -260 / 1)
  std::optional<LicenceClaims> licence;  // licence, once the signature verified

  // {"valid","reason","format","issuer","kid","issued_at","expires", and "colour",
  //  "subject", "masked_name", "masked_id", "rules_version" for ow1, "hcert" for hcert, "licence"
  //  for licences}.
  boost::json::object ToJson() const;
};

}  // namespace ow::codes
