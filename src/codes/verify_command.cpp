#include "codes/verify_command.h"

#include <boost/json.hpp>
#include <fstream>
#include <iterator>

#include "codes/licence_document.h"
#include "codes/payload_envelope.h"
#include "codes/qr_decode.h"
#include "codes/signed_trust_list.h"
#include "codes/verifier.h"
#include "core/time.h"

namespace ow::codes {
namespace {

VerifyCommandOutput Usage(const std::string& message) {
  return {2, boost::json::serialize(boost::json::object{{"error", message}})};
}

VerifyCommandOutput Invalid(const char* why, const std::string& detail) {
  boost::json::object o{{"valid", false}, {"reason", why}, {"error", detail}};
  return {1, boost::json::serialize(o)};
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

VerifyCommandOutput RunVerifyCommand(const VerifyCommandInput& input, int64_t now_seconds) {
  if (int{!input.payload.empty()} + int{!input.image_path.empty()} +
          int{!input.file_path.empty()} !=
      1) {
    return Usage("give exactly one of PAYLOAD, --image FILE.png or --file FILE");
  }
  int64_t at = now_seconds;
  if (!input.at_rfc3339.empty()) {
    auto ms = ParseRfc3339(input.at_rfc3339);
    if (!ms) return Usage("--at is not an RFC 3339 timestamp");
    at = *ms >= 0 ? *ms / 1000 : -((-*ms + 999) / 1000);
  }

  TrustList trust;
  if (!input.trust_list_path.empty()) {
    auto text = ReadFile(input.trust_list_path);
    if (!text) return Usage("cannot read trust list " + input.trust_list_path);
    if (!input.root_key_b64.empty()) {
      auto root = FromBase64(input.root_key_b64);
      if (!root.ok() || root->size() != kEd25519PublicKeySize) {
        return Usage("--root-key must be a base64 Ed25519 public key");
      }
      auto list = VerifySignedTrustList(*text, *root);
      if (!list.ok()) return Usage("trust list rejected: " + list.status().message());
      trust = std::move(list).value();
    } else {
      auto list = TrustList::Parse(*text);
      if (!list.ok()) return Usage("trust list rejected: " + list.status().message());
      trust = std::move(list).value();
    }
  } else if (!input.root_key_b64.empty()) {
    return Usage("--root-key needs --trust-list");
  }

  VerifyOptions options;
  if (!input.cert_b64.empty()) {
    auto der = FromBase64(input.cert_b64);
    if (!der.ok()) return Usage("--cert is not base64");
    auto cert = X509Certificate::FromDer(*der);
    if (!cert.ok()) return Usage("--cert is not a DER X.509 certificate");
    options.signer_cert = std::move(cert).value();
  }

  std::string payload = input.payload;
  if (!input.file_path.empty()) {
    auto data = ReadFile(input.file_path);
    if (!data) return Usage("cannot read file " + input.file_path);
    // A text file holds a scanned payload; anything else is a licence's raw COSE_Sign1.
    std::string_view text(*data);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (text.starts_with(kOwl1Prefix) || text.starts_with(kOw1Prefix) ||
        text.starts_with(kHc1Prefix)) {
      payload = std::string(text);
    } else {
      const VerifyResult result = VerifyLicence(AsBytes(*data), trust, at);
      return {result.valid ? 0 : 1, boost::json::serialize(result.ToJson())};
    }
  }
  if (!input.image_path.empty()) {
    auto png = ReadFile(input.image_path);
    if (!png) return Usage("cannot read image " + input.image_path);
    auto text = DecodeQrPng(AsBytes(*png));
    if (!text.ok()) {
      return Invalid(text.status().code() == Code::kNotFound ? "no_qr_code" : "bad_image",
                     text.status().message());
    }
    payload = std::move(text).value();
  }

  const VerifyResult result = VerifyCode(payload, trust, at, options);
  return {result.valid ? 0 : 1, boost::json::serialize(result.ToJson())};
}

}  // namespace ow::codes
