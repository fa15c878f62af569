// Canonical string, signing and verification of exchange calls (see call_signature.h).
#include "exchange/call_signature.h"

#include <array>

#include "crypto/crypto.h"

namespace ow::exchange {

Result<std::string> CanonicalString(const SignedCall& call) {
  const std::array<std::pair<const char*, const std::string*>, 8> fields = {{
      {"method", &call.method},
      {"target", &call.target},
      {"X-Road-Client", &call.client},
      {"X-Road-Id", &call.message_id},
      {"X-OW-Timestamp", &call.timestamp},
      {"X-OW-Nonce", &call.nonce},
      {"X-OW-Purpose", &call.purpose},
      {"X-Road-UserId", &call.user_id},
  }};
  std::string out;
  for (const auto& [name, value] : fields) {
    if (value->find_first_of("\r\n") != std::string::npos)
      return Status::Invalid(std::string(name) + " must not contain a line break");
    out += *value;
    out += '\n';
  }
  out += crypto::Base64Encode(crypto::Sha512(call.body));
  return out;
}

Result<std::string> SignCall(std::string_view secret_key, const SignedCall& call) {
  if (secret_key.size() != 64) return Status::Internal("an Ed25519 secret key is 64 bytes");
  OW_ASSIGN_OR_RETURN(std::string text, CanonicalString(call));
  return crypto::Base64Encode(crypto::Ed25519Sign(secret_key, text));
}

bool VerifyCall(std::string_view public_key, const SignedCall& call,
                std::string_view signature_b64) {
  auto text = CanonicalString(call);
  if (!text.ok()) return false;
  auto signature = crypto::Base64Decode(signature_b64);
  if (!signature.ok()) return false;
  return crypto::Ed25519Verify(public_key, *text, *signature);
}

}  // namespace ow::exchange
