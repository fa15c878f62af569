// TrustList: the keys a verifier trusts. OneWindow issuer keys are grouped by issuer region
// (Ed25519 public key + validity window, so rotated keys overlap); EU DCC signer
// certificates are indexed by kid (several certificates may share one). Lookups by decoded
// kid bytes go through hash indexes so the verify path does no decoding or copying.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codes/bytes.h"
#include "codes/x509_certificate.h"
#include "core/status.h"

namespace ow::codes {

// One issuer public key of a region.
struct TrustedKey {
  std::string region;
  Bytes kid;
  Bytes public_key;  // 32-byte Ed25519
  int64_t not_before = 0;
  int64_t not_after = std::numeric_limits<int64_t>::max();

  bool ValidAt(int64_t t) const { return t >= not_before && t <= not_after; }
};

// One EU DCC signer certificate and the kid it is listed under.
struct TrustedCertificate {
  Bytes kid;
  std::shared_ptr<const X509Certificate> cert;
};

class TrustList {
 public:
  TrustList() = default;

  // kInvalid for an empty region/kid or a public key that is not 32 bytes.
  Status AddKey(TrustedKey key);
  // Adds a DER certificate under its computed kid, or under `kid` when given.
  Status AddCertificate(ByteView der, ByteView kid = {});

  const std::vector<TrustedKey>& keys() const { return keys_; }
  const std::vector<TrustedCertificate>& certificates() const { return certs_; }

  // Indexes into keys() / certificates() of the entries listed under kid (empty if none).
  std::span<const size_t> FindKeys(ByteView kid) const;
  std::span<const size_t> FindCertificates(ByteView kid) const;

  // {"version":1,"regions":{"<region>":[{"kid","public_key","not_before","not_after"}]},
  //  "certificates":[{"kid","der"}]} with binary fields in base64.
  boost::json::object ToJson() const;
  static Result<TrustList> FromJson(const boost::json::value& json);
  // Parses either a bare trust list or a signed envelope (without checking the signature).
  static Result<TrustList> Parse(std::string_view json_text);

 private:
  // Hash on string_view so lookups need no std::string.
  struct KidHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::vector<size_t>, KidHash, std::equal_to<>>;
  static std::span<const size_t> Find(const Index& index, ByteView kid);

  std::vector<TrustedKey> keys_;
  std::vector<TrustedCertificate> certs_;
  Index key_index_;
  Index cert_index_;
};

}  // namespace ow::codes
