#include "codes/issue_code.h"

#include "codes/code_mac.h"
#include "codes/payload_envelope.h"

namespace ow::codes {

std::string IssueCode(const CodeClaims& claims, const IssuerKey& key,
                      const CoseBuildOptions& options) {
  const Bytes payload = EncodeCodeClaims(claims);
  CoseBuildOptions with_mac = options;
  if (!with_mac.unprotected_extra) {
    with_mac.unprotected_extra = [&key](ByteView tbs) {
      return std::pair<int64_t, Bytes>(kHeaderOwMac, ComputeCodeMac(key.mac_key(), tbs));
    };
  }
  auto cose = BuildCoseSign1(
      kAlgEdDSA, key.kid(), payload,
      [&key](ByteView tbs) -> Result<Bytes> { return key.Sign(tbs); }, with_mac);
  // Ed25519 signing cannot fail, so neither can building the message.
  return WrapPayload(kOw1Prefix, cose.value());
}

}  // namespace ow::codes
