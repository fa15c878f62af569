// Electronic licences (电子证照) of the service hall as signed documents: the same COSE_Sign1
// (Ed25519, kid in the protected header) over a CWT as the health codes, signed with the
// region's issuer key, so that `onewindow verify` and the browser check them offline with the
// published trust list. A licence travels as raw COSE bytes (the downloaded file) or as QR
// text "OWL1:" + base45(zlib(COSE)). Claims: {1: iss, 6: iat, 4: exp (only when the licence
// has a validity), -70002: {"id", "knd", "kzh", "ken", "itm", "izh", "ien", "cas", "dep",
// "dzh", "den", "hty", "hnm", "hid", "isd", "vto", "fld": {text: text}}}.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codes/bytes.h"
#include "codes/cbor_view.h"
#include "codes/issuer_key.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr std::string_view kOwl1Prefix = "OWL1:";
// Private-use claim key holding the licence fields.
inline constexpr int64_t kClaimOwLicence = -70002;

struct LicenceClaims {
  std::string issuer;  // issuer region code (the key's region)
  int64_t issued_at = 0;
  std::optional<int64_t> expires_at;  // Unix seconds; none = valid without limit
  std::string id;                     // the licence id in the issuing installation
  std::string kind;                   // e.g. "business_licence", "decision"
  std::string kind_zh, kind_en;       // the document's title
  std::string item_code, item_zh, item_en;
  std::string case_number;
  std::string department, department_zh, department_en;
  std::string holder_type;  // "citizen" | "enterprise"
  std::string holder_name;  // masked for a person, the enterprise's name
  std::string holder_id;    // masked resident ID or credit code
  std::string issued_on;    // YYYY-MM-DD (Asia/Shanghai)
  std::string valid_until;  // YYYY-MM-DD, "" = no limit
  std::vector<std::pair<std::string, std::string>> fields;  // a few fields of the case

  bool operator==(const LicenceClaims&) const = default;
  boost::json::object ToJson() const;
};

Bytes EncodeLicenceClaims(const LicenceClaims& claims);
Result<LicenceClaims> DecodeLicenceClaims(const CborView& map);

// The signed COSE_Sign1 bytes (tagged 18).
Bytes SignLicence(const LicenceClaims& claims, const IssuerKey& key);
// "OWL1:" + base45(zlib(cose)).
std::string LicenceQrText(ByteView cose);

}  // namespace ow::codes
