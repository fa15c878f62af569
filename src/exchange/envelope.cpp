// The envelope of exchange calls: signed request headers, request hash, X-Road errors (see
// envelope.h).
#include "exchange/envelope.h"

#include <boost/json.hpp>

#include <array>

#include "core/time.h"
#include "crypto/crypto.h"

namespace ow::exchange {

std::string NewMessageId() {
  std::string b = crypto::RandomBytes(16);
  b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3f) | 0x80);  // RFC 4122
  std::string hex = crypto::ToHex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string NewNonce() { return crypto::Base64UrlEncode(crypto::RandomBytes(16)); }

std::string CallTimestamp(int64_t unix_ms) {
  int64_t seconds_ms = unix_ms - (((unix_ms % 1000) + 1000) % 1000);
  std::string text = FormatRfc3339(seconds_ms);  // "...T10:02:00.000Z"
  auto dot = text.rfind('.');
  if (dot != std::string::npos) text = text.substr(0, dot) + "Z";
  return text;
}

std::string FormatSignatureHeader(std::string_view key_id, std::string_view sig_b64) {
  return "keyId=\"" + std::string(key_id) + "\",sig=\"" + std::string(sig_b64) + "\"";
}

Result<SignatureHeader> ParseSignatureHeader(std::string_view value) {
  SignatureHeader out;
  bool has_key = false, has_sig = false;
  size_t i = 0;
  auto bad = [](std::string why) { return Status::BadRequest("Signature header: " + why); };
  while (i < value.size()) {
    while (i < value.size() && value[i] == ' ') ++i;
    size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return bad("expected name=\"value\"");
    std::string_view name = value.substr(i, eq - i);
    if (eq + 1 >= value.size() || value[eq + 1] != '"') return bad("value must be quoted");
    size_t close = value.find('"', eq + 2);
    if (close == std::string_view::npos) return bad("unterminated value");
    std::string_view v = value.substr(eq + 2, close - eq - 2);
    if (v.find('\\') != std::string_view::npos) return bad("backslash in value");
    if (name == "keyId") {
      if (has_key) return bad("keyId given twice");
      has_key = true;
      out.key_id = std::string(v);
    } else if (name == "sig") {
      if (has_sig) return bad("sig given twice");
      has_sig = true;
      out.sig = std::string(v);
    } else {
      return bad("unknown parameter " + std::string(name));
    }
    i = close + 1;
    while (i < value.size() && value[i] == ' ') ++i;
    if (i < value.size()) {
      if (value[i] != ',') return bad("parameters are separated by commas");
      ++i;
    }
  }
  if (!has_key || out.key_id.empty()) return bad("keyId missing");
  if (!has_sig || out.sig.empty()) return bad("sig missing");
  return out;
}

Result<HeaderList> SignedRequestHeaders(const SignedCall& call, std::string_view user_id,
                                        const SigningKey& key) {
  if (user_id.find_first_of("\r\n") != std::string_view::npos)
    return Status::Invalid("X-Road-UserId must not contain a line break");
  SignedCall signed_call = call;
  signed_call.user_id = std::string(user_id);  // the signature covers whom the call is about
  OW_ASSIGN_OR_RETURN(std::string sig, SignCall(key.secret_key, signed_call));
  HeaderList headers = {
      {kHeaderClient, call.client},       {kHeaderId, call.message_id},
      {kHeaderTimestamp, call.timestamp}, {kHeaderNonce, call.nonce},
      {kHeaderPurpose, call.purpose},
  };
  if (!user_id.empty()) headers.emplace_back(kHeaderUserId, std::string(user_id));
  headers.emplace_back(kHeaderSignature, FormatSignatureHeader(key.key_id, sig));
  return headers;
}

std::string RequestHeadersCanonical(const SignedCall& call, std::string_view user_id) {
  std::string out;
  for (std::string_view line :
       {std::string_view(call.method), std::string_view(call.target), std::string_view(call.client),
        std::string_view(call.message_id), std::string_view(call.timestamp),
        std::string_view(call.nonce), std::string_view(call.purpose), user_id}) {
    out += line;
    out += '\n';
  }
  return out;
}

std::string RequestHash(const SignedCall& call, std::string_view user_id) {
  std::string headers_digest = crypto::Sha512(RequestHeadersCanonical(call, user_id));
  if (call.body.empty()) return crypto::Base64Encode(headers_digest);
  return crypto::Base64Encode(crypto::Sha512(headers_digest + crypto::Sha512(call.body)));
}

std::string XRoadErrorJson(const XRoadError& error) {
  boost::json::object o;
  o["type"] = error.type;
  o["message"] = error.message;
  o["detail"] = error.detail;
  return boost::json::serialize(o);
}

std::optional<XRoadError> ParseXRoadError(std::string_view error_header, std::string_view body) {
  if (error_header.empty()) return std::nullopt;
  XRoadError out;
  out.type = std::string(error_header);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (!ec && v.is_object()) {
    const auto& o = v.as_object();
    if (auto* m = o.if_contains("message"); m && m->is_string()) out.message = m->as_string();
    if (auto* d = o.if_contains("detail"); d && d->is_string()) out.detail = d->as_string();
  } else {
    out.message = std::string(body.substr(0, 200));
  }
  return out;
}

bool IsRefusal(std::string_view type) {
  if (type.starts_with("Client.")) return true;
  static constexpr std::array<std::string_view, 8> kRefusals = {
      ".UnknownMember",  ".UnknownService", ".InvalidSignature", ".ReplayedNonce",
      ".StaleTimestamp", ".AccessDenied",   ".ConsentRequired",  ".BadRequest"};
  for (std::string_view r : kRefusals)
    if (type.ends_with(r)) return true;
  return false;
}

}  // namespace ow::exchange
