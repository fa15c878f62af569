// COSE_Sign1 (RFC 9052 section 4.2): parsing a signed message from its CBOR form, building
// the Sig_structure that is signed, and assembling new messages.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "codes/bytes.h"
#include "codes/cbor_value.h"
#include "codes/cbor_view.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr uint64_t kTagCoseSign1 = 18;
inline constexpr uint64_t kTagCwt = 61;
inline constexpr int64_t kHeaderAlg = 1;
inline constexpr int64_t kHeaderKid = 4;

// A COSE_Sign1 message read in place: views into the CBOR bytes it was parsed from.
struct CoseSign1View {
  ByteView protected_bytes;  // the serialized protected header (signed as is)
  CborView protected_header;
  CborView unprotected_header;
  ByteView payload;
  ByteView signature;
  int64_t alg = 0;  // from the protected header
  ByteView kid;     // protected header label 4, else unprotected; empty when absent
};

// A parsed COSE_Sign1 message that owns its parts.
struct CoseSign1 {
  Bytes protected_bytes;  // the serialized protected header (signed as is)
  CborValue protected_header;
  CborValue unprotected_header;
  Bytes payload;
  Bytes signature;
  int64_t alg = 0;  // from the protected header
  Bytes kid;        // protected header label 4, else unprotected; empty when absent
};

// Accepts tag 18, no tag, or tag 61 around tag 18 (or around the bare array). Requires a
// protected alg, bstr payload (no detached payloads) and bstr signature. Errors are
// kBadRequest.
Result<CoseSign1View> ParseCoseSign1(const CborView& item);
// The same for a tree (encoded and read as above), with the parts copied out.
Result<CoseSign1> ParseCoseSign1(const CborValue& item);

// Appends Sig_structure = ["Signature1", protected, external_aad = h'', payload] to out.
void BuildSigStructure(ByteView protected_bytes, ByteView payload, Bytes& out);
Bytes BuildSigStructure(ByteView protected_bytes, ByteView payload);

// How the message is wrapped on the wire.
enum class CoseWrapping { kUntagged, kTagged, kCwtTagged };
// Where the kid goes.
enum class KidPlacement { kProtected, kUnprotected, kNone };

struct CoseBuildOptions {
  CoseWrapping wrapping = CoseWrapping::kTagged;
  KidPlacement kid_placement = KidPlacement::kProtected;
  // Optional extra unprotected header entry {label: bstr} computed from the to-be-signed
  // bytes (the issuer MAC of code_mac.h).
  std::function<std::pair<int64_t, Bytes>(ByteView to_be_signed)> unprotected_extra;
};

// Produces the COSE form of a signature over the given to-be-signed bytes.
using CoseSigner = std::function<Result<Bytes>(ByteView to_be_signed)>;

// Builds and signs a COSE_Sign1 message around payload.
Result<Bytes> BuildCoseSign1(int64_t alg, ByteView kid, ByteView payload, const CoseSigner& signer,
                             const CoseBuildOptions& options = {});

}  // namespace ow::codes
