#include "codes/trust_list.h"

#include <map>

namespace ow::codes {
namespace {

std::string_view AsView(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

Status Bad(const std::string& what) { return Status::BadRequest("trust list: " + what); }

Result<Bytes> GetBase64(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return Bad("missing " + std::string(key));
  auto bytes = FromBase64(v->get_string());
  if (!bytes.ok()) return Bad("bad base64 in " + std::string(key));
  return bytes;
}

Result<int64_t> GetInt(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64()) {
    if (v != nullptr && v->is_uint64()) return Bad(std::string(key) + " out of range");
    return Bad("missing integer " + std::string(key));
  }
  return v->get_int64();
}

}  // namespace

Status TrustList::AddKey(TrustedKey key) {
  if (key.region.empty()) return Status::Invalid("trust list: empty region");
  if (key.kid.empty()) return Status::Invalid("trust list: empty kid");
  if (key.public_key.size() != 32) return Status::Invalid("trust list: key must be 32 bytes");
  if (key.not_after < key.not_before) return Status::Invalid("trust list: empty validity window");
  key_index_[std::string(AsView(key.kid))].push_back(keys_.size());
  keys_.push_back(std::move(key));
  return Status::Ok();
}

Status TrustList::AddCertificate(ByteView der, ByteView kid) {
  OW_ASSIGN_OR_RETURN(auto cert, X509Certificate::FromDer(der));
  TrustedCertificate entry;
  entry.kid = kid.empty() ? cert->kid() : Bytes(kid.begin(), kid.end());
  entry.cert = std::move(cert);
  cert_index_[std::string(AsView(entry.kid))].push_back(certs_.size());
  certs_.push_back(std::move(entry));
  return Status::Ok();
}

std::span<const size_t> TrustList::Find(const Index& index, ByteView kid) {
  auto it = index.find(AsView(kid));
  if (it == index.end()) return {};
  return it->second;
}

std::span<const size_t> TrustList::FindKeys(ByteView kid) const { return Find(key_index_, kid); }

std::span<const size_t> TrustList::FindCertificates(ByteView kid) const {
  return Find(cert_index_, kid);
}

boost::json::object TrustList::ToJson() const {
  std::map<std::string, boost::json::array> regions;
  for (const TrustedKey& k : keys_) {
    regions[k.region].push_back(boost::json::object{{"kid", ToBase64(k.kid)},
                                                    {"public_key", ToBase64(k.public_key)},
                                                    {"not_before", k.not_before},
                                                    {"not_after", k.not_after}});
  }
  boost::json::object regions_json;
  for (auto& [region, list] : regions) regions_json[region] = std::move(list);
  boost::json::array certs;
  for (const TrustedCertificate& c : certs_) {
    certs.push_back(
        boost::json::object{{"kid", ToBase64(c.kid)}, {"der", ToBase64(c.cert->der())}});
  }
  return boost::json::object{
      {"version", 1}, {"regions", std::move(regions_json)}, {"certificates", std::move(certs)}};
}

Result<TrustList> TrustList::FromJson(const boost::json::value& json) {
  const auto* root = json.if_object();
  if (root == nullptr) return Bad("not an object");
  const auto* version = root->if_contains("version");
  if (version == nullptr || !version->is_int64() || version->get_int64() != 1) {
    return Bad("unsupported version");
  }
  TrustList list;
  if (const auto* regions = root->if_contains("regions")) {
    if (!regions->is_object()) return Bad("regions is not an object");
    for (const auto& [region, entries] : regions->get_object()) {
      if (!entries.is_array()) return Bad("region entry is not an array");
      for (const auto& e : entries.get_array()) {
        if (!e.is_object()) return Bad("key entry is not an object");
        const auto& o = e.get_object();
        TrustedKey key;
        key.region = std::string(region);
        OW_ASSIGN_OR_RETURN(key.kid, GetBase64(o, "kid"));
        OW_ASSIGN_OR_RETURN(key.public_key, GetBase64(o, "public_key"));
        OW_ASSIGN_OR_RETURN(key.not_before, GetInt(o, "not_before"));
        OW_ASSIGN_OR_RETURN(key.not_after, GetInt(o, "not_after"));
        OW_RETURN_IF_ERROR(list.AddKey(std::move(key)));
      }
    }
  }
  if (const auto* certs = root->if_contains("certificates")) {
    if (!certs->is_array()) return Bad("certificates is not an array");
    for (const auto& e : certs->get_array()) {
      if (!e.is_object()) return Bad("certificate entry is not an object");
      const auto& o = e.get_object();
      OW_ASSIGN_OR_RETURN(Bytes der, GetBase64(o, "der"));
      Bytes kid;
      if (o.contains("kid")) {
        OW_ASSIGN_OR_RETURN(kid, GetBase64(o, "kid"));
      }
      OW_RETURN_IF_ERROR(list.AddCertificate(der, kid));
    }
  }
  return list;
}

Result<TrustList> TrustList::Parse(std::string_view json_text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json_text, ec);
  if (ec) return Bad("not JSON");
  if (const auto* o = v.if_object()) {
    if (const auto* inner = o->if_contains("trust_list")) return FromJson(*inner);
  }
  return FromJson(v);
}

}  // namespace ow::codes
