// Issuing OneWindow health codes: "OW1:" + base45(zlib(COSE_Sign1(CWT claims))), signed
// with the region's Ed25519 key (COSE alg -8, kid in the protected header), with the issuer
// MAC of code_mac.h in the unprotected header unless options supply another extra entry.
#pragma once

#include <string>

#include "codes/code_claims.h"
#include "codes/cose_sign1.h"
#include "codes/issuer_key.h"

namespace ow::codes {

std::string IssueCode(const CodeClaims& claims, const IssuerKey& key,
                      const CoseBuildOptions& options = {});

}  // namespace ow::codes
