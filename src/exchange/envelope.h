// The envelope of an exchange call (docs/exchange.md, "Signed calls"), shared by every side
// that speaks it: OneWindow's gateway (receiving), its pull client and dept-sim (sending and
// providing). Builds the signed request headers of a call, parses the Signature header,
// computes X-Road-Request-Hash, and writes and reads X-Road errors (the X-Road-Error header
// plus a JSON body {"type","message","detail"}).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "exchange/call_signature.h"
#include "exchange/xroad_id.h"

namespace ow::exchange {

// Header names of the envelope.
inline constexpr char kHeaderClient[] = "X-Road-Client";
inline constexpr char kHeaderId[] = "X-Road-Id";
inline constexpr char kHeaderUserId[] = "X-Road-UserId";
inline constexpr char kHeaderRequestId[] = "X-Road-Request-Id";
inline constexpr char kHeaderRequestHash[] = "X-Road-Request-Hash";
inline constexpr char kHeaderError[] = "X-Road-Error";
inline constexpr char kHeaderTimestamp[] = "X-OW-Timestamp";
inline constexpr char kHeaderNonce[] = "X-OW-Nonce";
inline constexpr char kHeaderPurpose[] = "X-OW-Purpose";
inline constexpr char kHeaderSignature[] = "Signature";

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A member's private signing key: the key id it is registered under and the 64-byte
// Ed25519 secret key (libsodium layout: seed followed by the public key).
struct SigningKey {
  std::string key_id;
  std::string secret_key;
};

// A random X-Road-Id: a version 4 UUID in lowercase ("8f0e...-4...-[89ab]...").
std::string NewMessageId();
// A random X-OW-Nonce: base64url (no padding) of 16 random bytes.
std::string NewNonce();
// X-OW-Timestamp of an instant: RFC 3339 UTC with whole seconds ("2026-12-03T10:02:00Z").
std::string CallTimestamp(int64_t unix_ms);

// The Signature header: keyId="<key id>",sig="<base64>".
std::string FormatSignatureHeader(std::string_view key_id, std::string_view sig_b64);
struct SignatureHeader {
  std::string key_id;
  std::string sig;  // base64
};
// Parses the Signature header (parameters in any order, each once, quoted values without
// quotes or backslashes inside). BadRequest when malformed.
Result<SignatureHeader> ParseSignatureHeader(std::string_view value);

// Everything a client needs to send one call; `call.target` is the raw target
// ("/r1/.../service/path?query") and `call.client` the X-Road-Client header.
// `user_id` is the X-Road-UserId value ("CN" + resident id) or empty for none.
// Returns the headers X-Road-Client, X-Road-Id, X-OW-Timestamp, X-OW-Nonce, X-OW-Purpose,
// X-Road-UserId (when set) and Signature, in that order.
Result<HeaderList> SignedRequestHeaders(const SignedCall& call, std::string_view user_id,
                                        const SigningKey& key);

// The canonical text of a request's headers for X-Road-Request-Hash: the lines METHOD, raw
// target, X-Road-Client, X-Road-Id, X-OW-Timestamp, X-OW-Nonce, X-OW-Purpose, X-Road-UserId
// ("" when absent), each followed by "\n". (`call.body` is not part of it.)
std::string RequestHeadersCanonical(const SignedCall& call, std::string_view user_id);
// X-Road-Request-Hash (PR-REST): base64(SHA-512(SHA-512(headers) ‖ SHA-512(body))) for a
// request with a body, base64(SHA-512(headers)) for one without; headers as above.
std::string RequestHash(const SignedCall& call, std::string_view user_id);

// An error raised by X-Road itself (not by the provider's service).
struct XRoadError {
  std::string type;  // "Client.BadRequest", "Server.ServerProxy.InvalidSignature", ...
  std::string message;
  std::string detail;
};
// The JSON body of an X-Road error response: {"type","message","detail"}.
std::string XRoadErrorJson(const XRoadError& error);
// Reads an X-Road error from a response: nullopt when the X-Road-Error header is empty (the
// provider's own answer). The type comes from the header; message and detail from the body
// when it is the JSON object above (else message = the body's first 200 bytes).
std::optional<XRoadError> ParseXRoadError(std::string_view error_header, std::string_view body);
// Whether an X-Road error refuses the call (a client error, an unknown member or service, a
// bad signature, a stale timestamp, a replayed nonce, no access right or consent): sending the
// same call again cannot succeed, so it is never retried. Other Server.* types (the provider
// failed or was unreachable) may be retried.
bool IsRefusal(std::string_view type);

}  // namespace ow::exchange
