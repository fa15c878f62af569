// Encoding, decoding and signing licence documents (see licence_document.h).
#include "codes/licence_document.h"

#include "codes/cbor_encoder.h"
#include "codes/code_claims.h"
#include "codes/cose_algorithms.h"
#include "codes/cose_sign1.h"
#include "codes/payload_envelope.h"

namespace ow::codes {
namespace {

struct TextField {
  const char* key;
  std::string LicenceClaims::*member;
  bool required;
};

constexpr TextField kTextFields[] = {
    {"id", &LicenceClaims::id, true},
    {"knd", &LicenceClaims::kind, true},
    {"kzh", &LicenceClaims::kind_zh, true},
    {"ken", &LicenceClaims::kind_en, true},
    {"itm", &LicenceClaims::item_code, true},
    {"izh", &LicenceClaims::item_zh, true},
    {"ien", &LicenceClaims::item_en, true},
    {"cas", &LicenceClaims::case_number, true},
    {"dep", &LicenceClaims::department, true},
    {"dzh", &LicenceClaims::department_zh, true},
    {"den", &LicenceClaims::department_en, true},
    {"hty", &LicenceClaims::holder_type, true},
    {"hnm", &LicenceClaims::holder_name, true},
    {"hid", &LicenceClaims::holder_id, true},
    {"isd", &LicenceClaims::issued_on, true},
    {"vto", &LicenceClaims::valid_until, true},
};

}  // namespace

boost::json::object LicenceClaims::ToJson() const {
  boost::json::object fo;
  for (const auto& [k, v] : fields) fo[k] = v;
  return {{"id", id},
          {"kind", kind},
          {"title", {{"zh", kind_zh}, {"en", kind_en}}},
          {"item", {{"code", item_code}, {"zh", item_zh}, {"en", item_en}}},
          {"case_number", case_number},
          {"department", {{"code", department}, {"zh", department_zh}, {"en", department_en}}},
          {"holder", {{"type", holder_type}, {"name", holder_name}, {"id", holder_id}}},
          {"issued_on", issued_on},
          {"valid_until",
           valid_until.empty() ? boost::json::value(nullptr) : boost::json::value(valid_until)},
          {"fields", std::move(fo)}};
}

Bytes EncodeLicenceClaims(const LicenceClaims& c) {
  CborValue l = CborValue::Map();
  for (const TextField& f : kTextFields)
    l.Insert(CborValue::Text(f.key), CborValue::Text(c.*f.member));
  CborValue fields = CborValue::Map();
  for (const auto& [k, v] : c.fields) fields.Insert(CborValue::Text(k), CborValue::Text(v));
  l.Insert(CborValue::Text("fld"), std::move(fields));
  CborValue map = CborValue::Map();
  map.Insert(CborValue::Int(kClaimIss), CborValue::Text(c.issuer));
  if (c.expires_at) map.Insert(CborValue::Int(kClaimExp), CborValue::Int(*c.expires_at));
  map.Insert(CborValue::Int(kClaimIat), CborValue::Int(c.issued_at));
  map.Insert(CborValue::Int(kClaimOwLicence), std::move(l));
  return EncodeCbor(map);
}

Result<LicenceClaims> DecodeLicenceClaims(const CborView& map) {
  if (!map.is_map()) return Status::Invalid("licence: not a map");
  LicenceClaims c;
  const auto iss = map.Find(kClaimIss);
  const auto exp = map.Find(kClaimExp);
  const auto iat = map.Find(kClaimIat);
  const auto l = map.Find(kClaimOwLicence);
  if (!iss || !iss->is_text()) return Status::Invalid("licence: missing iss");
  const auto iat_s = iat ? ReadNumericDate(*iat) : std::nullopt;
  if (!iat_s) return Status::Invalid("licence: missing iat");
  if (exp) {
    c.expires_at = ReadNumericDate(*exp);
    if (!c.expires_at) return Status::Invalid("licence: bad exp");
  }
  if (!l || !l->is_map()) return Status::Invalid("licence: missing licence claim");
  c.issuer.assign(iss->str());
  c.issued_at = *iat_s;
  for (const TextField& f : kTextFields) {
    const auto v = l->Find(std::string_view(f.key));
    if (!v || !v->is_text()) return Status::Invalid(std::string("licence: missing ") + f.key);
    (c.*f.member).assign(v->str());
  }
  const auto fields = l->Find(std::string_view("fld"));
  if (!fields || !fields->is_map()) return Status::Invalid("licence: missing fld");
  for (size_t i = 0; i < fields->size(); ++i) {
    const CborView k = fields->key(i), v = fields->value(i);
    if (!k.is_text() || !v.is_text()) return Status::Invalid("licence: fld must map text to text");
    c.fields.emplace_back(std::string(k.str()), std::string(v.str()));
  }
  return c;
}

Bytes SignLicence(const LicenceClaims& claims, const IssuerKey& key) {
  const Bytes payload = EncodeLicenceClaims(claims);
  auto cose = BuildCoseSign1(kAlgEdDSA, key.kid(), payload,
                             [&key](ByteView tbs) -> Result<Bytes> { return key.Sign(tbs); });
  return std::move(cose).value();  // Ed25519 signing cannot fail
}

std::string LicenceQrText(ByteView cose) { return WrapPayload(kOwl1Prefix, cose); }

}  // namespace ow::codes
