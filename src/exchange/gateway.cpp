// The exchange gateway: envelope checks, refusals, and the one transaction per call (see
// gateway.h).
#include "exchange/gateway.h"

#include <boost/json.hpp>

#include "core/time.h"
#include "crypto/crypto.h"
#include "exchange/call_signature.h"
#include "exchange/envelope.h"
#include "identity/validate.h"

namespace ow::exchange {

namespace json = boost::json;

namespace {

constexpr size_t kMaxHeaderBytes = 256;  // X-Road-Id, nonce, purpose, timestamp
constexpr size_t kMaxSignatureBytes = 512;
constexpr char kUserIdPrefix[] = "CN";  // X-Road-UserId: country code + national id

struct RefusalInfo {
  std::string_view type;
  int status;
};

RefusalInfo InfoOf(Refusal r) {
  switch (r) {
    case Refusal::kBadRequest:
      return {"Client.BadRequest", 400};
    case Refusal::kMissingSignature:
      return {"Client.MissingSignature", 401};
    case Refusal::kStaleTimestamp:
      return {"Server.ServerProxy.StaleTimestamp", 401};
    case Refusal::kUnknownMember:
      return {"Server.ServerProxy.UnknownMember", 403};
    case Refusal::kUnknownKey:
      return {"Server.ServerProxy.UnknownKey", 401};
    case Refusal::kInvalidSignature:
      return {"Server.ServerProxy.InvalidSignature", 401};
    case Refusal::kReplayedNonce:
      return {"Server.ServerProxy.ReplayedNonce", 409};
    case Refusal::kUnknownService:
      return {"Server.ServerProxy.UnknownService", 404};
    case Refusal::kNotShared:
      return {"Server.ServerProxy.ServiceNotShared", 403};
    case Refusal::kAccessDenied:
      return {"Server.ServerProxy.AccessDenied", 403};
    case Refusal::kConsentRequired:
      return {"Server.ServerProxy.ConsentRequired", 403};
    case Refusal::kUnavailable:
      return {"Server.ServerProxy.ServiceUnavailable", 503};
    case Refusal::kInternal:
      return {"Server.ServerProxy.InternalError", 500};
  }
  return {"Server.ServerProxy.InternalError", 500};
}

std::string HeaderOr(const http::Request& req, std::string_view name) {
  return req.Header(name).value_or("");
}

bool PrintableAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

}  // namespace

std::string_view RefusalType(Refusal r) { return InfoOf(r).type; }
int RefusalStatus(Refusal r) { return InfoOf(r).status; }

// What is known of a call while it is checked; enough to log and answer a refusal.
struct Gateway::Envelope {
  SignedCall call;
  std::string service;  // as written in the target (for the log), "" until parsed
  std::string person_index;
  std::string fields;
  std::string request_hash;
  std::string request_id;
  int64_t at_ms = 0;
};

// A checked call waiting for its transaction, and what the transaction found.
struct Gateway::Pending {
  Envelope env;
  ApplyFn apply;
  bool is_write = false;
  std::string path;  // for a passed-through problem's instance
  bool replayed = false;
  LocalAnswer answer;
};

Gateway::Gateway(store::Database& db, const Clock& clock, Directory& directory,
                 std::string index_key, GatewayOptions options)
    : db_(db),
      clock_(clock),
      directory_(directory),
      index_key_(std::move(index_key)),
      options_(options) {
  if (options_.group_commit) commits_ = std::make_unique<store::GroupCommit>(db_);
}

Gateway::~Gateway() = default;

void Gateway::AddLocalService(const ServiceId& service, LocalService* impl) {
  local_[service.ToString()] = impl;
}

LogEntry Gateway::EntryOf(const Envelope& env, int status, std::string outcome) {
  LogEntry e;
  e.at_ms = env.at_ms;
  e.message_id = env.call.message_id;
  e.direction = "in";
  e.client = env.call.client;
  e.service = env.service;
  e.purpose = env.call.purpose;
  e.person_index = env.person_index;
  e.fields = env.fields;
  e.request_hash = env.request_hash;
  e.request_body = env.call.body;  // kept only by a log in full-logging mode
  e.status = status;
  e.outcome = std::move(outcome);
  return e;
}

http::Response Gateway::Refuse(const Envelope& env, Refusal why, std::string message) {
  const RefusalInfo info = InfoOf(why);
  if (log_ != nullptr) {
    LogEntry e = EntryOf(env, info.status, std::string(info.type));
    e.fields.clear();  // nothing was served
    // A refusal that cannot be logged is still a refusal; the log's own failure is counted
    // by the log.
    (void)log_->Append(e);
  }
  json::object body{{"type", info.type}, {"message", message}, {"detail", env.request_id}};
  http::Response r = http::Response::Json(info.status, json::serialize(body));
  r.Set("X-Road-Error", std::string(info.type));
  if (!env.call.message_id.empty()) r.Set("X-Road-Id", env.call.message_id);
  r.Set("X-Road-Request-Id", env.request_id);
  if (!env.request_hash.empty()) r.Set("X-Road-Request-Hash", env.request_hash);
  return r;
}

http::Response Gateway::Answer(const Envelope& env, const LocalAnswer& answer) {
  http::Response r = http::Response::Json(answer.status, answer.body);
  r.Set("X-Road-Client", env.call.client);
  r.Set("X-Road-Service", env.service);
  r.Set("X-Road-Id", env.call.message_id);
  r.Set("X-Road-Request-Id", env.request_id);
  r.Set("X-Road-Request-Hash", env.request_hash);
  return r;
}

std::optional<http::Response> Gateway::Check(const http::Request& req, Pending& pending) {
  Envelope& env = pending.env;
  env.at_ms = clock_.NowMillis();
  env.request_id = crypto::NewId();
  env.call.method = std::string(http::MethodName(req.method));
  env.call.target = req.target;
  env.call.client = HeaderOr(req, "X-Road-Client");
  env.call.message_id = HeaderOr(req, "X-Road-Id");
  env.call.timestamp = HeaderOr(req, "X-OW-Timestamp");
  env.call.nonce = HeaderOr(req, "X-OW-Nonce");
  env.call.purpose = HeaderOr(req, "X-OW-Purpose");
  env.call.body = req.body;

  // 1. The envelope's form.
  auto target = ParseRestTarget(req.target);
  if (!target.ok()) return Refuse(env, Refusal::kBadRequest, target.status().message());
  env.service = target->service.ToString();
  auto client = ParseSubsystemId(env.call.client);
  if (!client.ok())
    return Refuse(env, Refusal::kBadRequest, "X-Road-Client: " + client.status().message());
  for (const auto& [name, value] :
       {std::pair<std::string_view, const std::string*>{"X-Road-Id", &env.call.message_id},
        {"X-OW-Timestamp", &env.call.timestamp},
        {"X-OW-Nonce", &env.call.nonce},
        {"X-OW-Purpose", &env.call.purpose}}) {
    if (value->empty() || value->size() > kMaxHeaderBytes || !PrintableAscii(*value))
      return Refuse(env, Refusal::kBadRequest,
                    std::string(name) + " is required: printable ASCII, at most 256 bytes");
  }
  env.call.user_id = HeaderOr(req, kHeaderUserId);
  if (env.call.user_id.size() > kMaxHeaderBytes || !PrintableAscii(env.call.user_id))
    return Refuse(env, Refusal::kBadRequest, "X-Road-UserId must be CN followed by a resident ID");
  env.request_hash = RequestHash(env.call, env.call.user_id);
  auto signature = req.Header(kHeaderSignature);
  if (!signature) return Refuse(env, Refusal::kMissingSignature, "the call is not signed");
  if (signature->size() > kMaxSignatureBytes)
    return Refuse(env, Refusal::kBadRequest, "the Signature header is too long");
  auto parsed_signature = ParseSignatureHeader(*signature);
  if (!parsed_signature.ok())
    return Refuse(env, Refusal::kBadRequest, parsed_signature.status().message());
  const std::string& key_id = parsed_signature->key_id;
  const std::string& sig = parsed_signature->sig;
  auto sent_at = ParseRfc3339(env.call.timestamp);
  if (!sent_at) return Refuse(env, Refusal::kBadRequest, "X-OW-Timestamp must be RFC 3339");
  if (*sent_at > env.at_ms + options_.allowed_skew_ms ||
      *sent_at < env.at_ms - options_.allowed_skew_ms)
    return Refuse(env, Refusal::kStaleTimestamp,
                  "X-OW-Timestamp is more than 5 minutes from the server's time");

  // 2. Who calls, with which key.
  auto member = directory_.IsMember(*client);
  if (!member.ok()) return Refuse(env, Refusal::kUnavailable, "the directory is unavailable");
  if (!*member) return Refuse(env, Refusal::kUnknownMember, env.call.client + " is not registered");
  auto key = directory_.KeyOf(*client, key_id, env.at_ms);
  if (!key.ok()) {
    if (key.status().code() == Code::kNotFound)
      return Refuse(env, Refusal::kUnknownKey,
                    "key " + key_id + " is not a valid key of " + env.call.client);
    return Refuse(env, Refusal::kUnavailable, "the directory is unavailable");
  }
  if (!VerifyCall(key->public_key, env.call, sig))
    return Refuse(env, Refusal::kInvalidSignature,
                  "the signature does not match the call (wrong key or changed call)");

  // 3. What is called, and may this client call it for this purpose.
  auto local = local_.find(env.service);
  auto service = directory_.Service(target->service);
  if (!service.ok() && service.status().code() != Code::kNotFound)
    return Refuse(env, Refusal::kUnavailable, "the directory is unavailable");
  if (!service.ok() || local == local_.end())
    return Refuse(env, Refusal::kUnknownService, env.service + " is not served here");
  std::string fields;
  for (const auto& f : service->fields) fields += (fields.empty() ? "" : ",") + f;
  env.fields = fields;
  if (service->sharing == SharingClass::kNotShared)
    return Refuse(env, Refusal::kNotShared, env.service + " is not shared (不予共享)");
  auto right = directory_.RightOf(*client, target->service, env.call.purpose);
  if (!right.ok()) {
    if (right.status().code() == Code::kNotFound)
      return Refuse(env, Refusal::kAccessDenied,
                    env.call.client + " has no right to call " + env.service + " for purpose " +
                        env.call.purpose);
    return Refuse(env, Refusal::kUnavailable, "the directory is unavailable");
  }

  // 4. Whom it concerns, and on which basis.
  LocalCall call;
  if (!env.call.user_id.empty()) {
    std::string_view u = env.call.user_id;
    if (u.substr(0, 2) != kUserIdPrefix)
      return Refuse(env, Refusal::kBadRequest,
                    "X-Road-UserId must be CN followed by a resident ID");
    std::string id = identity::NormaliseResidentId(u.substr(2));
    if (identity::CheckResidentId(id, ShanghaiDate(env.at_ms)) != identity::IdError::kOk)
      return Refuse(env, Refusal::kBadRequest, "X-Road-UserId is not a valid resident ID");
    env.person_index = PersonIndex(index_key_, id);
    call.id_number = id;
  } else if (service->about_person) {
    return Refuse(env, Refusal::kBadRequest, "X-Road-UserId is required by " + env.service);
  }
  if (service->sharing == SharingClass::kConditional && right->legal_basis.empty()) {
    if (env.person_index.empty())
      return Refuse(env, Refusal::kConsentRequired,
                    "conditionally shared data needs a person's consent or a legal basis");
    if (consents_ == nullptr)
      return Refuse(env, Refusal::kConsentRequired, "consents are not available here");
    auto ok = consents_->HasConsent(env.person_index, *client, target->service, env.call.purpose,
                                    env.at_ms);
    if (!ok.ok()) return Refuse(env, Refusal::kUnavailable, "consents are unavailable");
    if (!*ok)
      return Refuse(env, Refusal::kConsentRequired,
                    "the person has not consented to " + env.call.client + " using " + env.service +
                        " for " + env.call.purpose);
  }

  // 5. The service's own checks and reads, outside any transaction.
  call.method = env.call.method;
  call.path = target->path;
  call.query = target->query;
  call.body = req.body;
  call.client = *client;
  call.service = *service;
  call.purpose = env.call.purpose;
  call.message_id = env.call.message_id;
  call.at_ms = env.at_ms;
  auto apply = local->second->Prepare(call);
  if (!apply.ok()) return http::Problem(apply.status(), req.path);
  pending.apply = std::move(*apply);
  pending.is_write = req.method != http::Method::kGet && req.method != http::Method::kHead;
  pending.path = req.path;
  return std::nullopt;
}

// 6. One transaction (shared with other calls under group commit): the nonce, the push id,
// the service's writes and the log entry. Re-runnable: it starts from a clean outcome.
Status Gateway::Work(Pending& p, store::Tx& tx) {
  const Envelope& env = p.env;
  p.replayed = false;
  p.answer = LocalAnswer{};
  OW_ASSIGN_OR_RETURN(
      int64_t fresh,
      tx.Exec("INSERT INTO xr_nonces (client, nonce, expires_at_ms) VALUES (?, ?, ?) "
              "ON CONFLICT DO NOTHING",
              {env.call.client, env.call.nonce, env.at_ms + options_.nonce_memory_ms}));
  if (fresh == 0) {
    p.replayed = true;
    return Status::Ok();
  }
  if (p.is_write) {
    OW_ASSIGN_OR_RETURN(store::Rows first,
                        tx.Query("SELECT status, body FROM xr_pushes WHERE client = ? AND "
                                 "message_id = ?",
                                 {env.call.client, env.call.message_id}));
    if (!first.empty()) {  // a retried push: the first answer, nothing applied again
      p.answer.status = static_cast<int>(first[0].Int(0));
      p.answer.body = first[0].Text(1);
      return Status::Ok();
    }
  }
  OW_ASSIGN_OR_RETURN(p.answer, p.apply(tx));
  if (p.is_write) {
    OW_RETURN_IF_ERROR(tx.Exec("INSERT INTO xr_pushes (client, message_id, service, status, "
                               "body, at_ms) VALUES (?, ?, ?, ?, ?, ?)",
                               {env.call.client, env.call.message_id, env.service,
                                int64_t{p.answer.status}, p.answer.body, env.at_ms})
                           .status());
  }
  if (log_ != nullptr) {
    LogEntry e = EntryOf(env, p.answer.status, "ok");
    e.response_hash = crypto::Base64Encode(crypto::Sha512(p.answer.body));
    e.response_body = p.answer.body;
    OW_RETURN_IF_ERROR(log_->Append(tx, e));
  }
  return Status::Ok();
}

http::Response Gateway::Finish(const Pending& p, const Status& st) {
  if (!st.ok()) {
    if (st.code() == Code::kUnavailable || st.code() == Code::kAborted)
      return Refuse(p.env, Refusal::kUnavailable, "storage is unavailable; retry later");
    if (st.code() == Code::kInternal) return Refuse(p.env, Refusal::kInternal, "internal error");
    return http::Problem(st, p.path);  // the service's own refusal, passed through
  }
  if (p.replayed) return Refuse(p.env, Refusal::kReplayedNonce, "this nonce was already used");
  return Answer(p.env, p.answer);
}

http::Response Gateway::Handle(const http::Request& req) {
  Pending p;
  if (auto early = Check(req, p)) return std::move(*early);
  const Status st = db_.Transact([&](store::Tx& tx) { return Work(p, tx); });
  return Finish(p, st);
}

void Gateway::HandleAsync(const http::Request& req, http::Respond respond) {
  if (!commits_) {
    respond(Handle(req));
    return;
  }
  auto p = std::make_shared<Pending>();
  if (auto early = Check(req, *p)) {
    respond(std::move(*early));
    return;
  }
  commits_->Submit([this, p](store::Tx& tx) { return Work(*p, tx); },
                   [this, p, respond = std::move(respond)](Status st) { respond(Finish(*p, st)); });
}

Result<int64_t> Gateway::PurgeNonces() {
  return db_.Exec("DELETE FROM xr_nonces WHERE expires_at_ms < ?", {clock_.NowMillis()});
}

std::vector<store::Migration> Gateway::Migrations() {
  return {{.module = "exchange_gateway", .version = 1, .name = "nonces and pushes", .sql = R"SQL(
CREATE TABLE xr_nonces (
  client TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  PRIMARY KEY (client, nonce)
);
CREATE INDEX xr_nonces_expiry ON xr_nonces (expires_at_ms);
CREATE TABLE xr_pushes (
  client TEXT NOT NULL,
  message_id TEXT NOT NULL,
  service TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (client, message_id)
);
)SQL"}};
}

}  // namespace ow::exchange
