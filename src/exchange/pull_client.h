// PullClient: OneWindow's outbound calls to department systems (docs/exchange.md,
// "Directions", OneWindow pulls): a signed GET in X-Road REST shape with a deadline per
// attempt, retries with exponential backoff and jitter on 5xx, timeouts and connection errors
// only (never on a 4xx or an X-Road refusal), one X-Road-Id across all attempts of a call, a
// circuit breaker per provider, and one message-log entry (direction "out") per call.
// Thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "exchange/boundaries.h"
#include "exchange/envelope.h"
#include "exchange/xroad_id.h"

namespace ow::exchange {

// "http://HOST:PORT[/]" -> host and port (localhost becomes 127.0.0.1; HOST must be an IP
// address otherwise). Invalid for anything else.
struct HttpEndpoint {
  std::string host;
  uint16_t port = 0;
};
Result<HttpEndpoint> ParseHttpEndpoint(std::string_view url);

struct PullClientOptions {
  SubsystemId client;  // OneWindow's calling subsystem, e.g. CN-ZJ/GOV/330000-OW/hall
  SigningKey key;      // its registered signing key
  // Where providers are reached: "http://HOST:PORT" (HOST an IP address or localhost), by
  // provider subsystem (SubsystemId::ToString()), else `default_url`.
  std::string default_url;
  std::map<std::string, std::string> provider_urls;
  std::chrono::milliseconds deadline{2000};     // per attempt: connect, send, read
  int max_attempts = 3;                         // >= 1
  std::chrono::milliseconds base_backoff{100};  // before attempt n+1: base * 2^(n-1) ...
  double jitter = 0.5;                          // ... times a random factor in [1-j, 1+j]
  // Circuit breaker per provider: open after this many consecutive failed attempts (5xx,
  // timeout, connection error), for `breaker_open`; then one probe call is let through
  // (half-open): success closes the circuit, failure opens it again.
  int breaker_failures = 5;
  std::chrono::milliseconds breaker_open{30000};
  // The installation's index key, for the person index of log entries ("" = none recorded).
  std::string index_key;
  // How to wait between attempts (tests may replace it); default std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleep;
};

struct PullResult {
  int status = 0;             // the provider's 2xx status
  boost::json::value body;    // the provider's JSON answer (null when the body is empty)
  ServiceId service;          // what was called
  std::string provider;       // service.provider.ToString()
  int64_t fetched_at_ms = 0;  // when the answer arrived (injected clock)
  std::string message_id;     // X-Road-Id, the same for every attempt
  std::string request_hash;   // X-Road-Request-Hash of the attempt that succeeded
  int attempts = 0;
};

class PullClient {
 public:
  // `sink` (may be null) records one LogEntry per call, direction "out".
  PullClient(PullClientOptions options, const Clock& clock, MessageSink* sink = nullptr);
  ~PullClient();
  PullClient(const PullClient&) = delete;
  PullClient& operator=(const PullClient&) = delete;

  // GET /r1/{service}{path} (path: "" or "/..." with an optional "?query", already
  // percent-encoded) for `purpose`, about the person with resident id `user_id` (sent as
  // X-Road-UserId: CN<id>). Errors:
  //   Unavailable — every attempt timed out, failed to connect or got a 5xx (the message
  //                 names the last failure and, for an X-Road error, its type), or the
  //                 provider's circuit is open ("circuit open");
  //   Forbidden   — an X-Road refusal (IsRefusal: Client.*, UnknownMember, InvalidSignature,
  //                 AccessDenied, ConsentRequired, ...): message "X-Road <type>: <message>";
  //   NotFound / Invalid / Forbidden / BadRequest — the provider's own 404 / 400,422 /
  //                 401,403 / other 4xx, message "provider answered <status>: <body start>";
  //   Internal    — a 2xx that is not JSON, or whose X-Road-Request-Hash differs from ours.
  Result<PullResult> Get(const ServiceId& service, std::string_view path, std::string_view purpose,
                         std::optional<std::string> user_id);

  // The circuit state of a provider: "closed", "open" or "half_open".
  std::string CircuitState(const SubsystemId& provider) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::exchange
