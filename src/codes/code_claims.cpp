#include "codes/code_claims.h"

#include <cmath>

#include "codes/cbor_encoder.h"

namespace ow::codes {
namespace {

constexpr std::string_view kSub = "sub";
constexpr std::string_view kCol = "col";
constexpr std::string_view kNam = "nam";
constexpr std::string_view kNid = "nid";
constexpr std::string_view kRv = "rv";

Status GetText(const CborView& map, std::string_view key, std::string& out) {
  const auto v = map.Find(key);
  if (!v || !v->is_text()) return Status::Invalid("claims: missing text " + std::string(key));
  out.assign(v->str());
  return Status::Ok();
}

}  // namespace

const char* ColourName(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "green";
    case Colour::kYellow:
      return "yellow";
    case Colour::kRed:
      return "red";
  }
  return "unknown";
}

const char* ColourNameZh(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "绿码";
    case Colour::kYellow:
      return "黄码";
    case Colour::kRed:
      return "红码";
  }
  return "";
}

std::optional<Colour> ParseColour(std::string_view name) {
  if (name == "green") return Colour::kGreen;
  if (name == "yellow") return Colour::kYellow;
  if (name == "red") return Colour::kRed;
  return std::nullopt;
}

Bytes EncodeCodeClaims(const CodeClaims& claims) {
  CborValue hc = CborValue::Map();
  hc.Insert(CborValue::Text(kSub), CborValue::Text(claims.subject));
  hc.Insert(CborValue::Text(kCol), CborValue::Text(ColourName(claims.colour)));
  hc.Insert(CborValue::Text(kNam), CborValue::Text(claims.masked_name));
  hc.Insert(CborValue::Text(kNid), CborValue::Text(claims.masked_id));
  hc.Insert(CborValue::Text(kRv), CborValue::Text(claims.rules_version));
  CborValue map = CborValue::Map();
  map.Insert(CborValue::Int(kClaimIss), CborValue::Text(claims.issuer));
  map.Insert(CborValue::Int(kClaimExp), CborValue::Int(claims.expires_at));
  map.Insert(CborValue::Int(kClaimIat), CborValue::Int(claims.issued_at));
  map.Insert(CborValue::Int(kClaimOwHealthCode), std::move(hc));
  return EncodeCbor(map);
}

std::optional<int64_t> ReadNumericDate(const CborView& v) {
  if (v.is_int()) {
    const auto i = v.AsInt64();
    if (!i || *i < 0 || *i > kMaxNumericDate) return std::nullopt;
    return *i;
  }
  if (v.type() != CborValue::Type::kFloat) return std::nullopt;
  const double d = v.AsDouble();  // half and single widen to double exactly
  if (!std::isfinite(d) || d < 0 || d >= static_cast<double>(kMaxNumericDate) + 1)
    return std::nullopt;
  return static_cast<int64_t>(std::trunc(d));
}

Result<CodeClaims> DecodeCodeClaims(const CborView& map) {
  if (!map.is_map()) return Status::Invalid("claims: not a map");
  CodeClaims c;
  const auto iss = map.Find(kClaimIss);
  const auto exp = map.Find(kClaimExp);
  const auto iat = map.Find(kClaimIat);
  const auto hc = map.Find(kClaimOwHealthCode);
  if (!iss || !iss->is_text()) return Status::Invalid("claims: missing iss");
  const auto exp_s = exp ? ReadNumericDate(*exp) : std::nullopt;
  const auto iat_s = iat ? ReadNumericDate(*iat) : std::nullopt;
  if (!exp_s) return Status::Invalid("claims: missing exp");
  if (!iat_s) return Status::Invalid("claims: missing iat");
  if (!hc || !hc->is_map()) return Status::Invalid("claims: missing health-code claim");
  c.issuer.assign(iss->str());
  c.expires_at = *exp_s;
  c.issued_at = *iat_s;
  OW_RETURN_IF_ERROR(GetText(*hc, kSub, c.subject));
  std::string colour;
  OW_RETURN_IF_ERROR(GetText(*hc, kCol, colour));
  auto parsed = ParseColour(colour);
  if (!parsed) return Status::Invalid("claims: unknown colour");
  c.colour = *parsed;
  OW_RETURN_IF_ERROR(GetText(*hc, kNam, c.masked_name));
  OW_RETURN_IF_ERROR(GetText(*hc, kNid, c.masked_id));
  OW_RETURN_IF_ERROR(GetText(*hc, kRv, c.rules_version));
  return c;
}

}  // namespace ow::codes
