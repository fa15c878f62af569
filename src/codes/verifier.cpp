#include "codes/verifier.h"

#include "codes/base45.h"
#include "codes/cbor_json.h"
#include "codes/cbor_view.h"
#include "codes/code_mac.h"
#include "codes/cose_algorithms.h"
#include "codes/cose_sign1.h"
#include "codes/licence_document.h"
#include "codes/payload_envelope.h"
#include "codes/zlib_codec.h"

#include <algorithm>
#include <tuple>

namespace ow::codes {
namespace {

inline constexpr int64_t kClaimHcert = -260;
inline constexpr int64_t kHcertV1 = 1;

VerifyResult& Fail(VerifyResult& r, const char* why) {
  r.valid = false;
  r.reason = why;
  return r;
}

// Buffers for one payload's decoding; a parsed message views into `cose`.
struct Envelope {
  Bytes compressed;
  Bytes cose;
};

// Shared decoding of the envelope down to a COSE_Sign1 read in place (views into env.cose).
// Returns the failure reason, or nullptr when out holds the message.
const char* DecodeEnvelope(std::string_view body, VerifyResult& r, Envelope& env,
                           CoseSign1View& out) {
  if (!Base45DecodeInto(body, env.compressed).ok()) return reason::kBadBase45;
  if (!ZlibDecompressInto(env.compressed, env.cose).ok()) return reason::kBadZlib;
  auto item = CborView::Parse(env.cose);
  if (!item.ok()) return reason::kBadCbor;
  auto msg = ParseCoseSign1(*item);
  if (!msg.ok()) return reason::kBadCose;
  out = *msg;
  if (!out.kid.empty()) r.kid = ToBase64(out.kid);
  return nullptr;
}

// Whether a code is still valid during the second of its `exp` claim.
enum class ExpSecond {
  // OneWindow codes (RFC 8392 / RFC 7519 4.1.4): "on or after" exp the code is expired.
  kExcluded,
  // EU DCC: the EU reference verifier ehn-dcc-development/hcert-kotlin (DefaultCwtService
  // .decode) fails a certificate only `if (expirationTime < clock.now())`, with exp read as
  // whole seconds, so a certificate is accepted through the second of its exp, and refused
  // from the next one; `if (issuedAt > clock.now())` likewise accepts from the second of iat.
  kIncluded,
};

// Reads and checks iss/exp/iat/nbf of a CWT claims map into r. NumericDates may be integers
// or floats (ReadNumericDate).
const char* CheckCwtTimes(const CborView& claims, int64_t now, ExpSecond exp_second,
                          VerifyResult& r) {
  const auto iss = claims.Find(kClaimIss);
  const auto exp = claims.Find(kClaimExp);
  const auto iat = claims.Find(kClaimIat);
  const auto nbf = claims.Find(kClaimNbf);
  if (!iss || !iss->is_text()) return reason::kBadClaims;
  // Absent optional claims read as the epoch, which never makes a code not yet valid.
  int64_t exp_s = 0, iat_s = 0, nbf_s = 0;
  for (auto [claim, out, required] :
       {std::tuple{&exp, &exp_s, true}, std::tuple{&iat, &iat_s, false},
        std::tuple{&nbf, &nbf_s, false}}) {
    if (!claim->has_value()) {
      if (required) return reason::kBadClaims;
      continue;
    }
    const std::optional<int64_t> seconds = ReadNumericDate(**claim);
    if (!seconds) return reason::kBadClaims;
    *out = *seconds;
  }
  r.issuer.assign(iss->str());
  r.expires = exp_s;
  r.issued_at = iat_s;
  if (now < iat_s || now < nbf_s) return reason::kNotYetValid;
  const bool expired = exp_second == ExpSecond::kIncluded ? now > r.expires : now >= r.expires;
  if (expired) return reason::kExpired;
  return reason::kOk;
}

// The trusted key whose issuer MAC (code_mac.h) matches, if the caller knows this kid's MAC
// key and one of the candidate keys is valid now; otherwise nullptr (the signature decides).
const TrustedKey* MacSigner(const CoseSign1View& msg, ByteView tbs, const TrustList& trust,
                            std::span<const size_t> candidates, int64_t now,
                            const VerifyOptions& options) {
  if (!options.own_mac_key) return nullptr;
  const auto tag = msg.unprotected_header.Find(kHeaderOwMac);
  if (!tag || !tag->is_bytes()) return nullptr;
  auto mac_key = options.own_mac_key(msg.kid);
  if (!mac_key || !CodeMacMatches(*mac_key, tbs, tag->bytes())) return nullptr;
  for (size_t i : candidates)
    if (trust.keys()[i].ValidAt(now)) return &trust.keys()[i];
  return nullptr;
}

VerifyResult VerifyOw1(std::string_view body, const TrustList& trust, int64_t now,
                       const VerifyOptions& options) {
  VerifyResult r;
  r.format = "ow1";
  Envelope env;
  CoseSign1View msg;
  if (const char* why = DecodeEnvelope(body, r, env, msg)) return Fail(r, why);
  if (msg.alg != kAlgEdDSA) return Fail(r, reason::kUnsupportedAlg);
  if (msg.kid.empty()) return Fail(r, reason::kUnknownKid);
  const auto candidates = trust.FindKeys(msg.kid);
  if (candidates.empty()) return Fail(r, reason::kUnknownKid);

  Bytes tbs;
  BuildSigStructure(msg.protected_bytes, msg.payload, tbs);
  // This installation's own codes: the issuer MAC stands in for the signature.
  const TrustedKey* signer = MacSigner(msg, tbs, trust, candidates, now, options);
  r.mac_verified = signer != nullptr;
  bool any_valid_now = signer != nullptr;
  for (size_t i = 0; signer == nullptr && i < candidates.size(); ++i) {
    const TrustedKey& key = trust.keys()[candidates[i]];
    if (!key.ValidAt(now)) continue;
    any_valid_now = true;
    if (Ed25519Verify(key.public_key, tbs, msg.signature)) signer = &key;
  }
  if (!any_valid_now) return Fail(r, reason::kKeyNotValid);
  if (signer == nullptr) return Fail(r, reason::kBadSignature);

  auto claims_cbor = CborView::Parse(msg.payload);
  if (!claims_cbor.ok()) return Fail(r, reason::kBadClaims);
  auto claims = DecodeCodeClaims(*claims_cbor);
  if (!claims.ok()) return Fail(r, reason::kBadClaims);
  const char* times = CheckCwtTimes(*claims_cbor, now, ExpSecond::kExcluded, r);
  r.claims = std::move(claims).value();
  if (r.issuer != signer->region) return Fail(r, reason::kIssuerMismatch);
  if (times != reason::kOk) return Fail(r, times);
  r.valid = true;
  r.reason = reason::kOk;
  return r;
}

// A licence's COSE_Sign1 (read in place): signed by a trusted issuer key that was valid when
// the licence was issued (licences outlive the rotation of the key that signed them; a key's
// later retirement does not void them), issuer = the key's region, and within its validity.
VerifyResult VerifyLicenceMessage(const CoseSign1View& msg, VerifyResult r, const TrustList& trust,
                                  int64_t now) {
  if (msg.alg != kAlgEdDSA) return Fail(r, reason::kUnsupportedAlg);
  if (msg.kid.empty()) return Fail(r, reason::kUnknownKid);
  const auto candidates = trust.FindKeys(msg.kid);
  if (candidates.empty()) return Fail(r, reason::kUnknownKid);
  Bytes tbs;
  BuildSigStructure(msg.protected_bytes, msg.payload, tbs);
  const TrustedKey* signer = nullptr;
  for (size_t i = 0; signer == nullptr && i < candidates.size(); ++i) {
    const TrustedKey& key = trust.keys()[candidates[i]];
    if (Ed25519Verify(key.public_key, tbs, msg.signature)) signer = &key;
  }
  if (signer == nullptr) return Fail(r, reason::kBadSignature);
  auto claims_cbor = CborView::Parse(msg.payload);
  if (!claims_cbor.ok()) return Fail(r, reason::kBadClaims);
  auto claims = DecodeLicenceClaims(*claims_cbor);
  if (!claims.ok()) return Fail(r, reason::kBadClaims);
  r.issuer = claims->issuer;
  r.issued_at = claims->issued_at;
  r.expires = claims->expires_at.value_or(0);
  r.licence = std::move(claims).value();
  if (!signer->ValidAt(r.issued_at)) return Fail(r, reason::kKeyNotValid);
  if (r.issuer != signer->region) return Fail(r, reason::kIssuerMismatch);
  if (now < r.issued_at) return Fail(r, reason::kNotYetValid);
  if (r.licence->expires_at && now >= *r.licence->expires_at) return Fail(r, reason::kExpired);
  r.valid = true;
  r.reason = reason::kOk;
  return r;
}

VerifyResult VerifyOwl1(std::string_view body, const TrustList& trust, int64_t now) {
  VerifyResult r;
  r.format = "licence";
  Envelope env;
  CoseSign1View msg;
  if (const char* why = DecodeEnvelope(body, r, env, msg)) return Fail(r, why);
  return VerifyLicenceMessage(msg, std::move(r), trust, now);
}

VerifyResult VerifyHcert(std::string_view body, const TrustList& trust, int64_t now,
                         const VerifyOptions& options) {
  VerifyResult r;
  r.format = "hcert";
  Envelope env;
  CoseSign1View msg;
  if (const char* why = DecodeEnvelope(body, r, env, msg)) return Fail(r, why);
  if (msg.alg != kAlgES256 && msg.alg != kAlgPS256 && msg.alg != kAlgEdDSA) {
    return Fail(r, reason::kUnsupportedAlg);
  }

  // Candidate signer certificates: the given one, or those listed under the kid.
  std::vector<const X509Certificate*> candidates;
  if (options.signer_cert) {
    if (!msg.kid.empty() && !std::ranges::equal(msg.kid, options.signer_cert->kid())) {
      return Fail(r, reason::kCertMismatch);
    }
    candidates.push_back(options.signer_cert.get());
  } else {
    if (msg.kid.empty()) return Fail(r, reason::kUnknownKid);
    for (size_t i : trust.FindCertificates(msg.kid)) {
      candidates.push_back(trust.certificates()[i].cert.get());
    }
    if (candidates.empty()) return Fail(r, reason::kUnknownKid);
  }

  const Bytes tbs = BuildSigStructure(msg.protected_bytes, msg.payload);
  const X509Certificate* signer = nullptr;
  bool any_type_match = false;
  for (const X509Certificate* cert : candidates) {
    if (!KeyMatchesAlg(msg.alg, cert->public_key())) continue;
    any_type_match = true;
    if (VerifyWithKey(msg.alg, cert->public_key(), tbs, msg.signature)) {
      signer = cert;
      break;
    }
  }
  if (!any_type_match) return Fail(r, reason::kCertMismatch);
  if (signer == nullptr) return Fail(r, reason::kBadSignature);
  if (r.kid.empty()) r.kid = ToBase64(signer->kid());
  if (now < signer->not_before()) return Fail(r, reason::kCertNotYetValid);
  if (now > signer->not_after()) return Fail(r, reason::kCertExpired);

  auto claims = CborView::Parse(msg.payload);
  if (!claims.ok() || !claims->is_map()) return Fail(r, reason::kBadClaims);
  const auto hcert = claims->Find(kClaimHcert);
  const auto v1 = hcert ? hcert->Find(kHcertV1) : std::nullopt;
  if (!v1 || !v1->is_map()) return Fail(r, reason::kBadClaims);
  const char* times = CheckCwtTimes(*claims, now, ExpSecond::kIncluded, r);
  r.hcert = CborToJson(ToCborValue(*v1));
  if (times != reason::kOk) return Fail(r, times);
  r.valid = true;
  r.reason = reason::kOk;
  return r;
}

}  // namespace

VerifyResult Verifier::Verify(std::string_view payload, int64_t now,
                              const VerifyOptions& options) const {
  EnsureSodium();
  if (payload.starts_with(kOw1Prefix)) {
    return VerifyOw1(payload.substr(kOw1Prefix.size()), trust_, now, options);
  }
  if (payload.starts_with(kOwl1Prefix)) {
    return VerifyOwl1(payload.substr(kOwl1Prefix.size()), trust_, now);
  }
  if (payload.starts_with(kHc1Prefix)) {
    return VerifyHcert(payload.substr(kHc1Prefix.size()), trust_, now, options);
  }
  VerifyResult r;
  return Fail(r, reason::kBadPrefix);
}

VerifyResult VerifyLicence(ByteView cose, const TrustList& trust, int64_t now) {
  EnsureSodium();
  VerifyResult r;
  r.format = "licence";
  auto item = CborView::Parse(cose);
  if (!item.ok()) return Fail(r, reason::kBadCbor);
  auto msg = ParseCoseSign1(*item);
  if (!msg.ok()) return Fail(r, reason::kBadCose);
  if (!msg->kid.empty()) r.kid = ToBase64(msg->kid);
  return VerifyLicenceMessage(*msg, std::move(r), trust, now);
}

}  // namespace ow::codes
