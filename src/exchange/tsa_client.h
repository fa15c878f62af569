// TsaClient: an RFC 3161 time-stamping client over plain HTTP (OpenSSL 3's TS API for the
// messages, http::Client for the transport). Stamp(data) sends a TimeStampReq with the
// SHA-256 imprint of `data`, a random 64-bit nonce and certReq=true as
// application/timestamp-query, and accepts the TimeStampResp only when it is granted and its
// token carries the same imprint and nonce (and, with a CA file, a signature that chains to
// that CA from a certificate with the timeStamping extended key usage).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ow::exchange {

struct TsaOptions {
  std::string url;      // http://HOST[:PORT][/PATH]; https is not supported
  std::string ca_file;  // PEM of the TSA's CA; "" = the token's signature is not checked
  std::chrono::milliseconds timeout{10000};
};

class TsaClient {
 public:
  // kInvalid for a URL that is not http://HOST[:PORT][/PATH].
  static Result<TsaClient> Create(TsaOptions options);

  // The DER TimeStampResp for `data`. kUnavailable when the TSA cannot be reached or answers
  // an HTTP error; kInvalid when it answers a refusal or a response that does not match.
  Result<std::string> Stamp(std::string_view data);

  const TsaOptions& options() const { return options_; }

 private:
  TsaClient() = default;

  TsaOptions options_;
  std::string host_;
  uint16_t port_ = 80;
  std::string target_;
};

// The message imprint (hashed message) of a DER TimeStampResp's token; kInvalid when the bytes
// are not a granted response with a token.
Result<std::string> TsrImprint(std::string_view tsr_der);
// The token's genTime in Unix milliseconds.
Result<int64_t> TsrTimeMs(std::string_view tsr_der);

}  // namespace ow::exchange
