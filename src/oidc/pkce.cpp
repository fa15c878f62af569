#include "oidc/pkce.h"

#include <sodium.h>

#include "crypto/crypto.h"

namespace ow::oidc {

namespace {
bool IsBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}
}  // namespace

bool ValidCodeChallenge(std::string_view challenge) {
  if (challenge.size() != 43) return false;
  for (char c : challenge)
    if (!IsBase64Url(c)) return false;
  return true;
}

bool ValidCodeVerifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (char c : verifier)
    if (!IsBase64Url(c) && c != '.' && c != '~') return false;
  return true;
}

std::string S256Challenge(std::string_view verifier) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return crypto::Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool VerifyPkce(std::string_view verifier, std::string_view challenge) {
  if (!ValidCodeVerifier(verifier) || !ValidCodeChallenge(challenge)) return false;
  return crypto::Equal(S256Challenge(verifier), challenge);
}

}  // namespace ow::oidc
