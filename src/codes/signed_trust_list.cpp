#include "codes/signed_trust_list.h"

#include "codes/canonical_json.h"
#include "codes/cose_algorithms.h"

namespace ow::codes {

std::string SignTrustList(const TrustList& list, const IssuerKey& root) {
  boost::json::value body = list.ToJson();
  const std::string canonical = CanonicalJson(body);
  const Bytes sig = root.Sign(AsBytes(canonical));
  boost::json::object envelope{{"trust_list", std::move(body)},
                               {"signature", boost::json::object{{"alg", "Ed25519"},
                                                                 {"root_kid", ToBase64(root.kid())},
                                                                 {"value", ToBase64(sig)}}}};
  return boost::json::serialize(envelope);
}

Result<TrustList> VerifySignedTrustList(std::string_view json_text, ByteView root_public_key) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json_text, ec);
  if (ec || !v.is_object()) return Status::BadRequest("signed trust list: not a JSON object");
  const auto& o = v.get_object();
  const auto* body = o.if_contains("trust_list");
  const auto* sig = o.if_contains("signature");
  if (body == nullptr || sig == nullptr || !sig->is_object()) {
    return Status::BadRequest("signed trust list: missing trust_list or signature");
  }
  const auto* alg = sig->get_object().if_contains("alg");
  const auto* value = sig->get_object().if_contains("value");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != "Ed25519" || value == nullptr ||
      !value->is_string()) {
    return Status::BadRequest("signed trust list: bad signature object");
  }
  auto sig_bytes = FromBase64(value->get_string());
  if (!sig_bytes.ok()) return Status::BadRequest("signed trust list: bad signature encoding");
  EnsureSodium();
  const std::string canonical = CanonicalJson(*body);
  if (!Ed25519Verify(root_public_key, AsBytes(canonical), *sig_bytes)) {
    return Status::Unauthenticated("signed trust list: signature does not verify");
  }
  return TrustList::FromJson(*body);
}

}  // namespace ow::codes
