// Pushes: departments send signed events to OneWindow (docs/exchange.md, "Directions", 1):
// POST /r1/CN-ZJ/GOV/330000-OW/healthcode/events with the department as X-Road-Client, purpose
// epidemic_control, X-Road-UserId CN<id> and a JSON body {"type","occurred_at","detail"}.
// Idempotent by X-Road-Id: a retry (5xx, timeout, connection error) re-sends the same id,
// with backoff. Used by `onewindow dept-sim push` and by `onewindow bench exchange`.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "exchange/call_signature.h"
#include "exchange/envelope.h"

namespace ow::deptsim {

// The event kinds and the department that pushes each.
inline constexpr const char* kEventKinds[] = {"fever_clinic_visit", "fever_drug_purchase",
                                              "test_result", "rail_trip"};
// The pushing member of a kind ("" for an unknown kind).
std::string PusherOf(std::string_view kind);
// The purpose every push names.
inline constexpr char kPushPurpose[] = "epidemic_control";
// Where pushes go.
inline constexpr char kEventsTarget[] = "/r1/CN-ZJ/GOV/330000-OW/healthcode/events";

struct PushOptions {
  std::string onewindow_url;  // "http://HOST:PORT"
  std::string seed = "onewindow-demo";
  int events = 100;
  double rate = 0;   // events per second over all connections; 0 = as fast as possible
  std::string kind;  // one of kEventKinds; "" = a deterministic mix of all four
  // Resident ids the events are about; empty = the seed's Dataset persons (data_size).
  std::vector<std::string> id_numbers;
  int data_size = 300;
  int connections = 1;  // parallel senders, each with its own keep-alive connection
  std::chrono::milliseconds timeout{5000};  // per attempt
  int max_attempts = 5;
  std::chrono::milliseconds base_backoff{50};  // doubled per retry, with jitter
  const Clock* clock = nullptr;                // nullptr = the system clock
};

// One signed event, ready to send (bench exchange can verify `call` raw with the pusher's key).
struct SignedEvent {
  std::string kind;
  std::string pusher;        // X-Road-Client
  std::string public_key;    // the pusher's seed-derived public key (32 raw bytes)
  exchange::SigningKey key;  // its secret key: a retry is re-signed (fresh nonce, same id)
  exchange::SignedCall call;
  std::string signature;  // base64, as in the Signature header
  exchange::HeaderList headers;
};

// Builds `options.events` signed events (deterministic content; fresh ids, nonces, timestamps).
Result<std::vector<SignedEvent>> BuildEvents(const PushOptions& options);

struct PushReport {
  int sent = 0;                                // events attempted
  int accepted = 0;                            // answered 2xx
  int failed = 0;                              // no 2xx after every attempt (network or 5xx)
  int retries = 0;                             // attempts beyond the first
  std::map<std::string, int> refused_by_type;  // X-Road error type (or "http_<status>") -> count
  std::map<std::string, int> accepted_by_kind;
  double p50_ms = 0, p99_ms = 0;  // per event, first send to final answer
  double seconds = 0;
  double events_per_s = 0;
};
boost::json::object PushReportJson(const PushReport& report);

// Builds and sends the events. Errors only for bad options (URL, kind, id numbers); refused
// and failed events are counted in the report.
Result<PushReport> PushEvents(const PushOptions& options);
// Sends events built by BuildEvents (so a caller can time signing and sending apart).
Result<PushReport> SendEvents(const PushOptions& options, const std::vector<SignedEvent>& events);

}  // namespace ow::deptsim
