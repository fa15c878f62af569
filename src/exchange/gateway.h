// Gateway: OneWindow's side of an exchange call (docs/exchange.md, "Signed calls"). A member
// system calls `{METHOD} /r1/{provider}/{service}[/path]`; the gateway checks the envelope
// (target, X-Road-Client, id, time, nonce, purpose, signature), the member, its key, the
// service, the access right and — for conditionally shared data about a person — a legal
// basis or the person's consent, then runs the local service. Nonce, push id, the service's
// writes and the message-log entry commit in one transaction; a refusal applies nothing, is
// logged, and is answered with the `X-Road-Error` header and a JSON body {type, message,
// detail}, one type per reason.
#pragma once

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
#include "exchange/xroad_id.h"
#include "http/api.h"
#include "store/database.h"
#include "store/group_commit.h"
#include "store/migrations.h"

namespace ow::exchange {

// Why the gateway refused a call. Each has its own X-Road error type and HTTP status.
enum class Refusal {
  kBadRequest,        // Client.BadRequest (400): malformed target or headers
  kMissingSignature,  // Client.MissingSignature (401): no Signature header
  kStaleTimestamp,    // Server.ServerProxy.StaleTimestamp (401): outside the allowed skew
  kUnknownMember,     // Server.ServerProxy.UnknownMember (403): X-Road-Client not registered
  kUnknownKey,        // Server.ServerProxy.UnknownKey (401): keyId not (or no longer) valid
  kInvalidSignature,  // Server.ServerProxy.InvalidSignature (401): wrong key or changed call
  kReplayedNonce,     // Server.ServerProxy.ReplayedNonce (409): nonce already used
  kUnknownService,    // Server.ServerProxy.UnknownService (404): not served here
  kNotShared,         // Server.ServerProxy.ServiceNotShared (403): 不予共享
  kAccessDenied,      // Server.ServerProxy.AccessDenied (403): no right for client × purpose
  kConsentRequired,   // Server.ServerProxy.ConsentRequired (403): no legal basis, no consent
  kUnavailable,       // Server.ServerProxy.ServiceUnavailable (503): storage unavailable
  kInternal,          // Server.ServerProxy.InternalError (500)
};
std::string_view RefusalType(Refusal r);
int RefusalStatus(Refusal r);

// A verified call, as a local service sees it.
struct LocalCall {
  std::string method;  // "GET", "POST", ...
  std::string path;    // the provider's path after the service code, still encoded ("" or "/x")
  std::string query;   // without "?"
  std::string body;
  SubsystemId client;
  ServiceDef service;
  std::string purpose;
  std::string message_id;
  std::optional<std::string> id_number;  // from X-Road-UserId ("CN" + resident ID), checked
  int64_t at_ms = 0;
};

// A local service's answer: a JSON body and a status. Errors a local service returns as a
// Status are its own (problem+json, no X-Road-Error), as PR-REST passes provider errors through.
struct LocalAnswer {
  int status = 200;
  std::string body;  // JSON
};

// Work prepared outside any transaction (parsing, lookups), applied inside the gateway's.
using ApplyFn = std::function<Result<LocalAnswer>(store::Tx&)>;

// A service OneWindow itself provides through the exchange (e.g. department events for the
// colour engine, a patient's colour for hospitals).
class LocalService {
 public:
  virtual ~LocalService() = default;
  // Validates the call and reads what it needs without holding a transaction; returns the
  // writes (and the answer) to run inside the gateway's transaction.
  virtual Result<ApplyFn> Prepare(const LocalCall& call) = 0;
};

struct GatewayOptions {
  int64_t allowed_skew_ms = 5 * 60 * 1000;  // |X-OW-Timestamp - now|
  // A nonce is remembered this long after its call (at least twice the skew: a replay inside
  // the skew window always finds it).
  int64_t nonce_memory_ms = 15 * 60 * 1000;
  // Calls checked at the same time share one transaction and one durable commit (each is
  // answered after it); off, every call commits alone.
  bool group_commit = true;
};

class Gateway {
 public:
  Gateway(store::Database& db, const Clock& clock, Directory& directory, std::string index_key,
          GatewayOptions options = {});
  ~Gateway();

  // Consent checks (有条件共享 without a legal basis). Without one, such calls are refused.
  void UseConsents(ConsentChecker* consents) { consents_ = consents; }
  // Where every message goes. Without one, nothing is logged (tests of the envelope only).
  void UseLog(MessageSink* log) { log_ = log; }
  // Serves `service` (its provider must be registered in the directory as well).
  void AddLocalService(const ServiceId& service, LocalService* impl);

  // Handles one call to /r1/...; `req.target` is parsed raw (parts percent-decoded once).
  // Handle commits alone; HandleAsync answers through `respond` after the group commit that
  // holds the call (or at once for a refusal).
  http::Response Handle(const http::Request& req);
  void HandleAsync(const http::Request& req, http::Respond respond);
  // Group commit figures (zero without group commit).
  store::GroupCommit::Stats CommitStats() const {
    return commits_ ? commits_->stats() : store::GroupCommit::Stats{};
  }

  // Forgets nonces past their memory; returns how many rows were removed.
  Result<int64_t> PurgeNonces();

  // Module "exchange_gateway": xr_nonces (client, nonce) and xr_pushes (client, message id →
  // the first answer, so a retried push is answered again without being applied twice).
  static std::vector<store::Migration> Migrations();

 private:
  struct Envelope;
  struct Pending;
  // Steps 1-5: the envelope, the member and key, the right, the basis, the service's own
  // checks. A response when the call ends here (a refusal), else `pending` is ready to apply.
  std::optional<http::Response> Check(const http::Request& req, Pending& pending);
  Status Work(Pending& pending, store::Tx& tx);  // step 6, inside a transaction
  http::Response Finish(const Pending& pending, const Status& st);
  static LogEntry EntryOf(const Envelope& env, int status, std::string outcome);
  http::Response Refuse(const Envelope& env, Refusal why, std::string message);
  http::Response Answer(const Envelope& env, const LocalAnswer& answer);

  store::Database& db_;
  const Clock& clock_;
  Directory& directory_;
  std::string index_key_;
  GatewayOptions options_;
  ConsentChecker* consents_ = nullptr;
  MessageSink* log_ = nullptr;
  std::map<std::string, LocalService*> local_;   // by ServiceId::ToString()
  std::unique_ptr<store::GroupCommit> commits_;  // last: its thread calls back into this
};

}  // namespace ow::exchange
