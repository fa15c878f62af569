// Test-only PKI: generates EC P-256, RSA and Ed25519 keys and self-signed X.509 certificates
// with OpenSSL, and builds signed HC1 (EU DCC) payloads with them.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "codes/bytes.h"
#include "codes/cose_sign1.h"

namespace ow::codes::testing {

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

PkeyPtr GenerateEcP256();
PkeyPtr GenerateRsa(int bits = 2048);
PkeyPtr GenerateEd25519();

// A self-signed DER certificate for key, valid [not_before, not_after] (Unix seconds).
Bytes MakeSelfSignedCert(EVP_PKEY* key, int64_t not_before, int64_t not_after,
                         const std::string& common_name = "DSC test");

// How a float NumericDate is encoded (CBOR major type 7).
enum class FloatWidth { kHalf, kSingle, kDouble };

// Parameters of a test HC1 payload.
struct HcertSpec {
  int64_t alg = -7;  // ES256
  Bytes kid;
  std::string issuer = "DE";
  int64_t issued_at = 0;
  int64_t expires_at = 0;
  // When set, iat / exp are encoded as this floating-point value (as some issuers do) in
  // float_width instead of the integers above. The value must be exact in that width.
  std::optional<double> float_issued_at;
  std::optional<double> float_expires_at;
  FloatWidth float_width = FloatWidth::kDouble;
  CoseBuildOptions cose;
};

// The CBOR encoding of d in exactly this width (d must be representable in it).
Bytes EncodeFloatAs(double d, FloatWidth width);

// The hcert JSON used in tests, as CBOR-ready fields: a vaccination certificate.
std::string MakeHcertPayload(const HcertSpec& spec, EVP_PKEY* signing_key);

}  // namespace ow::codes::testing
