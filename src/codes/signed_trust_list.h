// Signed trust lists: a region publishes its TrustList signed by its root Ed25519 key, and
// another installation imports it after checking the signature against that region's root
// public key (obtained out of band). The signature covers the canonical JSON of the list.
//
//   {"trust_list": {...}, "signature": {"alg": "Ed25519", "root_kid": "<b64>",
//                                       "value": "<b64 signature>"}}
#pragma once

#include <string>
#include <string_view>

#include "codes/bytes.h"
#include "codes/issuer_key.h"
#include "codes/trust_list.h"
#include "core/status.h"

namespace ow::codes {

// Serialises list and signs it with the root key (its kid becomes "root_kid").
std::string SignTrustList(const TrustList& list, const IssuerKey& root);

// Checks the envelope's signature with root_public_key and returns the list. kUnauthenticated
// when the signature does not verify (tampered list or another root), kBadRequest when the
// text is not a signed trust list.
Result<TrustList> VerifySignedTrustList(std::string_view json_text, ByteView root_public_key);

}  // namespace ow::codes
