// Proof Key for Code Exchange (RFC 7636), S256 only: the client sends
// BASE64URL(SHA-256(code_verifier)) with the authorization request and the verifier with the
// token request.
#pragma once

#include <string>
#include <string_view>

namespace ow::oidc {

// A challenge is 43 base64url characters (a SHA-256 digest without padding).
bool ValidCodeChallenge(std::string_view challenge);
// A verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~] (RFC 7636 section 4.1).
bool ValidCodeVerifier(std::string_view verifier);
// BASE64URL(SHA-256(verifier)).
std::string S256Challenge(std::string_view verifier);
// True when the verifier is valid and hashes to the challenge (constant-time compare).
bool VerifyPkce(std::string_view verifier, std::string_view challenge);

}  // namespace ow::oidc
