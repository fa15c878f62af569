// The signature of an exchange call (docs/exchange.md, "Signed calls"): the client member's
// Ed25519 key signs one canonical string made of the method, the raw target, the X-Road
// headers that identify the call and a SHA-512 digest of the body, so that a changed body, a
// changed purpose or a replay under another id, time or nonce fails verification.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ow::exchange {

// What a call's signature covers, as received (raw target: path and query, still encoded).
struct SignedCall {
  std::string method;      // "POST"
  std::string target;      // "/r1/CN-ZJ/GOV/330000-OW/healthcode/events"
  std::string client;      // X-Road-Client
  std::string message_id;  // X-Road-Id
  std::string timestamp;   // X-OW-Timestamp (RFC 3339, UTC)
  std::string nonce;       // X-OW-Nonce
  std::string purpose;     // X-OW-Purpose
  std::string body;
  std::string user_id;  // X-Road-UserId as sent ("CN" + resident ID), "" when no person
};

// The signed string: the fields one per line (method, target, client, id, timestamp, nonce,
// purpose, user id), then base64(SHA-512(body)). The user id is signed so that nobody between
// the parties can change whose data a call is about. A field holding a
// line break is refused (it could make two different calls sign the same string).
Result<std::string> CanonicalString(const SignedCall& call);

// Base64 of the Ed25519 signature of the canonical string; `secret_key` is 64 raw bytes.
Result<std::string> SignCall(std::string_view secret_key, const SignedCall& call);

// Whether `signature_b64` is the signature of `call` by the holder of `public_key` (32 raw
// bytes). False for anything malformed.
bool VerifyCall(std::string_view public_key, const SignedCall& call,
                std::string_view signature_b64);

}  // namespace ow::exchange
