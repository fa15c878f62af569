// CodeClaims: what a OneWindow health code asserts, and its CWT (RFC 8392) CBOR form:
// {1: iss, 4: exp, 6: iat, -70001: {"sub", "col", "nam", "nid", "rv"}}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codes/bytes.h"
#include "codes/cbor_view.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr int64_t kClaimIss = 1;
inline constexpr int64_t kClaimExp = 4;
inline constexpr int64_t kClaimNbf = 5;
inline constexpr int64_t kClaimIat = 6;
// Private-use claim key holding the OneWindow health-code fields.
inline constexpr int64_t kClaimOwHealthCode = -70001;

// The latest NumericDate we accept: 9999-12-31T23:59:59Z (a later one is no real date, and
// could not be shown or stored as RFC 3339).
inline constexpr int64_t kMaxNumericDate = 253402300799;

// A CWT NumericDate (RFC 8392 section 2, after RFC 7519: seconds since the epoch as an
// integer or a floating-point number) as whole Unix seconds. Some EU DCC issuers encode iat
// and exp as floats (half, single or double precision); a fraction is truncated, as the EU
// reference verifier does (hcert-kotlin reads them with CBORObject.AsInt64, which discards
// the fractional part), so every time claim is read the same way. nullopt for anything else,
// and for NaN, infinities and values outside 0..kMaxNumericDate.
std::optional<int64_t> ReadNumericDate(const CborView& v);

// The health-code colour.
enum class Colour { kGreen, kYellow, kRed };

// "green", "yellow", "red".
const char* ColourName(Colour c);
// "绿码", "黄码", "红码": the colour as people call the code.
const char* ColourNameZh(Colour c);
std::optional<Colour> ParseColour(std::string_view name);

// The claims of one health code. Times are Unix seconds.
struct CodeClaims {
  std::string issuer;  // issuer region code, e.g. "310000"
  int64_t issued_at = 0;
  int64_t expires_at = 0;
  std::string subject;  // pseudonymous subject id
  Colour colour = Colour::kGreen;
  std::string masked_name;  // e.g. "张*"
  std::string masked_id;    // e.g. "3101**********1234"
  std::string rules_version;

  bool operator==(const CodeClaims&) const = default;
};

// The deterministic CBOR encoding of the claims map.
Bytes EncodeCodeClaims(const CodeClaims& claims);
// Reads claims from a CWT claims map; kInvalid when a field is missing or mistyped.
Result<CodeClaims> DecodeCodeClaims(const CborView& map);

}  // namespace ow::codes
