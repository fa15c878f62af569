// Hex and base64 encoding helpers of crypto.h, on top of libsodium's constant-time codecs.
#include <sodium.h>

#include <string>
#include <string_view>

#include "crypto/crypto.h"

namespace ow::crypto {
namespace {

std::string EncodeBase64(std::string_view bytes, int variant) {
  Init();
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // drop the terminating NUL written by libsodium
  return out;
}

// Decodes the whole of `text`; trailing garbage, bad padding and non-zero trailing bits fail.
Result<std::string> DecodeBase64(std::string_view text, int variant, const char* what) {
  Init();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, variant) != 0 ||
      end != text.data() + text.size()) {
    return Status::BadRequest(std::string("invalid ") + what);
  }
  out.resize(len);
  return out;
}

}  // namespace

std::string ToHex(std::string_view bytes) {
  Init();
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.resize(bytes.size() * 2);
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  Init();
  if (hex.size() % 2 != 0) return Status::BadRequest("invalid hex: odd length");
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, &end) != 0 ||
      end != hex.data() + hex.size() || len != out.size()) {
    return Status::BadRequest("invalid hex");
  }
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING, "base64url");
}

std::string Base64Encode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_ORIGINAL);
}

Result<std::string> Base64Decode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_ORIGINAL, "base64");
}

}  // namespace ow::crypto
