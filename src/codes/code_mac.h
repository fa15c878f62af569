// CodeMac: a symmetric authenticator that OneWindow adds to the health codes it issues, so
// that the issuing installation can check its own codes at the gate without an Ed25519
// verification, the largest CPU cost of a scan (docs/performance.md, "Health codes").
//
// The tag is BLAKE2b-128, keyed with a key derived from the issuer's Ed25519 seed, over the
// COSE Sig_structure (the same bytes the signature covers); it travels in the unprotected
// header under a private-use label, so other verifiers (offline gates, other regions, EU DCC
// tools) ignore it and check the signature as before. Every node that can sign can derive the
// key; nobody else can. A missing or wrong tag is not an error: the verifier falls back to
// the signature, so a tampered tag costs speed, never correctness.
#pragma once

#include <cstdint>

#include "codes/bytes.h"

namespace ow::codes {

inline constexpr int64_t kHeaderOwMac = -65537;  // COSE private-use header label
inline constexpr size_t kCodeMacSize = 16;
inline constexpr size_t kCodeMacKeySize = 32;

// The MAC key of an issuer key, from the 32-byte Ed25519 seed.
Bytes DeriveCodeMacKey(ByteView ed25519_seed);
// The tag over a Sig_structure.
Bytes ComputeCodeMac(ByteView mac_key, ByteView to_be_signed);
// Constant-time check of a tag.
bool CodeMacMatches(ByteView mac_key, ByteView to_be_signed, ByteView tag);

}  // namespace ow::codes
