#include "codes/issue_code.h"

#include "codes/payload_envelope.h"

namespace ow::codes {

std::string IssueCode(const CodeClaims& claims, const IssuerKey& key,
                      const CoseBuildOptions& options) {
  const Bytes payload = EncodeCodeClaims(claims);
  auto cose = BuildCoseSign1(
      kAlgEdDSA, key.kid(), payload,
      [&key](ByteView tbs) -> Result<Bytes> { return key.Sign(tbs); }, options);
  // Ed25519 signing cannot fail, so neither can building the message.
  return WrapPayload(kOw1Prefix, cose.value());
}

}  // namespace ow::codes
