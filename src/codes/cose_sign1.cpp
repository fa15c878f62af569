#include "codes/cose_sign1.h"

#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"

namespace ow::codes {
namespace {

Status Bad(const char* what) { return Status::BadRequest(std::string("cose: ") + what); }

}  // namespace

Result<CoseSign1View> ParseCoseSign1(const CborView& item) {
  CborView v = item;
  if (v.is_tag() && v.tag() == kTagCwt) v = v.content();
  if (v.is_tag()) {
    if (v.tag() != kTagCoseSign1) return Bad("unexpected tag");
    v = v.content();
  }
  if (!v.is_array() || v.size() != 4) return Bad("COSE_Sign1 must be an array of 4");
  const CborView prot = v.at(0);
  const CborView unprot = v.at(1);
  const CborView payload = v.at(2);
  const CborView sig = v.at(3);
  if (!prot.is_bytes() || !unprot.is_map() || !payload.is_bytes() || !sig.is_bytes()) {
    return Bad("bad COSE_Sign1 member types");
  }
  CoseSign1View msg;
  msg.protected_bytes = prot.bytes();
  if (!msg.protected_bytes.empty()) {
    auto header = CborView::Parse(msg.protected_bytes, {.max_depth = 4});
    if (!header.ok()) return Bad("protected header is not CBOR");
    if (!header->is_map()) return Bad("protected header is not a map");
    msg.protected_header = *header;
  }
  msg.unprotected_header = unprot;
  const auto alg = msg.protected_header.Find(kHeaderAlg);
  if (!alg || !alg->AsInt64()) return Bad("no alg in protected header");
  msg.alg = *alg->AsInt64();
  if (msg.unprotected_header.Find(kHeaderAlg)) return Bad("alg in unprotected header");
  auto kid = msg.protected_header.Find(kHeaderKid);
  if (!kid) kid = msg.unprotected_header.Find(kHeaderKid);
  if (kid) {
    if (!kid->is_bytes()) return Bad("kid is not a byte string");
    msg.kid = kid->bytes();
  }
  msg.payload = payload.bytes();
  msg.signature = sig.bytes();
  return msg;
}

Result<CoseSign1> ParseCoseSign1(const CborValue& item) {
  const Bytes encoded = EncodeCbor(item);
  auto view = CborView::Parse(encoded);
  if (!view.ok()) return Bad("not well-formed CBOR");
  OW_ASSIGN_OR_RETURN(CoseSign1View v, ParseCoseSign1(*view));
  CoseSign1 msg;
  msg.protected_bytes.assign(v.protected_bytes.begin(), v.protected_bytes.end());
  msg.protected_header = ToCborValue(v.protected_header);
  msg.unprotected_header = ToCborValue(v.unprotected_header);
  msg.payload.assign(v.payload.begin(), v.payload.end());
  msg.signature.assign(v.signature.begin(), v.signature.end());
  msg.alg = v.alg;
  msg.kid.assign(v.kid.begin(), v.kid.end());
  return msg;
}

void BuildSigStructure(ByteView protected_bytes, ByteView payload, Bytes& out) {
  static constexpr std::string_view kContext = "Signature1";
  out.reserve(out.size() + 24 + protected_bytes.size() + payload.size());
  AppendCborHead(out, kCborArray, 4);
  AppendCborText(out, kContext);
  AppendCborBytes(out, protected_bytes);
  AppendCborBytes(out, {});
  AppendCborBytes(out, payload);
}

Bytes BuildSigStructure(ByteView protected_bytes, ByteView payload) {
  Bytes out;
  BuildSigStructure(protected_bytes, payload, out);
  return out;
}

Result<Bytes> BuildCoseSign1(int64_t alg, ByteView kid, ByteView payload, const CoseSigner& signer,
                             const CoseBuildOptions& options) {
  CborValue prot = CborValue::Map();
  prot.Insert(CborValue::Int(kHeaderAlg), CborValue::Int(alg));
  CborValue unprot = CborValue::Map();
  if (options.kid_placement == KidPlacement::kProtected) {
    prot.Insert(CborValue::Int(kHeaderKid), CborValue::BytesOf(kid));
  } else if (options.kid_placement == KidPlacement::kUnprotected) {
    unprot.Insert(CborValue::Int(kHeaderKid), CborValue::BytesOf(kid));
  }
  const Bytes prot_bytes = EncodeCbor(prot);
  const Bytes tbs = BuildSigStructure(prot_bytes, payload);
  OW_ASSIGN_OR_RETURN(Bytes signature, signer(tbs));
  if (options.unprotected_extra) {
    auto [label, value] = options.unprotected_extra(tbs);
    unprot.Insert(CborValue::Int(label), CborValue::BytesOf(value));
  }

  Bytes out;
  out.reserve(prot_bytes.size() + payload.size() + signature.size() + 32);
  if (options.wrapping == CoseWrapping::kCwtTagged) AppendCborHead(out, kCborTag, kTagCwt);
  if (options.wrapping != CoseWrapping::kUntagged) AppendCborHead(out, kCborTag, kTagCoseSign1);
  AppendCborHead(out, kCborArray, 4);
  AppendCborBytes(out, prot_bytes);
  EncodeCbor(unprot, out);
  AppendCborBytes(out, payload);
  AppendCborBytes(out, signature);
  return out;
}

}  // namespace ow::codes
