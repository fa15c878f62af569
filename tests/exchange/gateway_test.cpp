// The exchange gateway on both backends: a signed call is applied once with X-Road headers;
// each refusal has its own X-Road error type, is answered with X-Road-Error, and applies
// nothing. The directory and consents here are small fixed implementations of the module's
// boundaries (the registry and consent store have their own tests); the database, signatures
// and transactions are real.
#include "exchange/gateway.h"
#include "exchange/message_log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/time.h"
#include "crypto/crypto.h"
#include "exchange/call_signature.h"
#include "support/backend_test.h"

namespace ow::exchange {
namespace {

namespace json = boost::json;

constexpr char kClient[] = "CN-ZJ/GOV/330000-HEALTH/fever-clinic";
constexpr char kService[] = "CN-ZJ/GOV/330000-OW/healthcode/effects";
constexpr char kTarget[] = "/r1/CN-ZJ/GOV/330000-OW/healthcode/effects";
constexpr char kPersonId[] = "110101199003074477";

// A directory of fixed members, keys, services and rights.
class FixedDirectory : public Directory {
 public:
  std::map<std::string, std::vector<MemberKey>> keys;  // by member
  std::map<std::string, ServiceDef> services;
  std::vector<AccessRight> rights;

  Result<MemberKey> KeyOf(const SubsystemId& m, std::string_view key_id, int64_t at) override {
    auto it = keys.find(m.ToString());
    if (it == keys.end()) return Status::NotFound("unknown member");
    for (const auto& k : it->second)
      if (k.key_id == key_id && at >= k.not_before_ms &&
          (k.not_after_ms == 0 || at < k.not_after_ms))
        return k;
    return Status::NotFound("unknown key");
  }
  Result<bool> IsMember(const SubsystemId& m) override { return keys.count(m.ToString()) > 0; }
  Result<ServiceDef> Service(const ServiceId& s) override {
    auto it = services.find(s.ToString());
    if (it == services.end()) return Status::NotFound("unknown service");
    return it->second;
  }
  Result<AccessRight> RightOf(const SubsystemId& c, const ServiceId& s,
                              std::string_view purpose) override {
    for (const auto& r : rights)
      if (r.client == c && r.service == s && r.purpose == purpose) return r;
    return Status::NotFound("no right");
  }
};

class FixedConsents : public ConsentChecker {
 public:
  bool answer = false;
  Result<bool> HasConsent(std::string_view, const SubsystemId&, const ServiceId&, std::string_view,
                          int64_t) override {
    return answer;
  }
};

// A local service that records one row per applied call in a table of the test.
class EffectService : public LocalService {
 public:
  Result<ApplyFn> Prepare(const LocalCall& call) override {
    if (call.body == "bad") return Status::Invalid("the test service refuses this body");
    std::string id = call.message_id;
    return ApplyFn([id](store::Tx& tx) -> Result<LocalAnswer> {
      OW_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO gw_test_effects (message_id) VALUES (?)", {id}).status());
      return LocalAnswer{201, "{\"applied\":true}"};
    });
  }
};

class GatewayTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!server_) return;
    crypto::Init();
    ASSERT_TRUE(app()
                    .db()
                    .ExecScript("DROP TABLE IF EXISTS gw_test_effects; CREATE TABLE "
                                "gw_test_effects (message_id TEXT NOT NULL)")
                    .ok());
    keys_ = crypto::NewEd25519KeyPair();
    other_ = crypto::NewEd25519KeyPair();
    dir_.keys[kClient] = {{"k1", keys_.public_key, 0, 0}};
    dir_.keys["CN-ZJ/GOV/330000-OW/healthcode"] = {};
    ServiceDef def;
    def.id = *ParseServiceId(kService);
    def.fields = {"event"};
    def.purposes = {"epidemic_control"};
    dir_.services[kService] = def;
    dir_.rights.push_back({*ParseSubsystemId(kClient), def.id, "epidemic_control", "", 0, "test"});
    gateway_ = std::make_unique<Gateway>(app().db(), app().clock(), dir_, app().keys().index_key());
    gateway_->AddLocalService(def.id, &effects_);
    gateway_->UseConsents(&consents_);
  }

  struct Call {
    std::string method = "POST";
    std::string target = kTarget;
    std::string client = kClient;
    std::string id;
    std::string timestamp;
    std::string nonce;
    std::string purpose = "epidemic_control";
    std::string body = "{\"x\":1}";
    std::string key_id = "k1";
    std::string secret;
    std::optional<std::string> user;
    std::optional<std::string> signed_user;  // signed instead of `user` (a changed header)
    bool sign = true;
  };

  Call NewCall() {
    Call c;
    c.id = crypto::NewId();
    c.timestamp = FormatRfc3339(app().clock().NowMillis());
    c.nonce = crypto::RandomToken(16);
    c.secret = keys_.secret_key;
    return c;
  }

  Call NewCallFor(std::optional<std::string> user) {
    Call c = NewCall();
    c.user = std::move(user);
    return c;
  }

  http::Response Send(const Call& c, std::string sent_body = "\x01") {
    http::Request req;
    req.method = c.method == "GET" ? http::Method::kGet : http::Method::kPost;
    req.target = c.target;
    req.path = c.target;
    req.body = sent_body == "\x01" ? c.body : sent_body;
    req.headers["X-Road-Client"] = c.client;
    req.headers["X-Road-Id"] = c.id;
    req.headers["X-OW-Timestamp"] = c.timestamp;
    req.headers["X-OW-Nonce"] = c.nonce;
    req.headers["X-OW-Purpose"] = c.purpose;
    if (c.user) req.headers["X-Road-UserId"] = *c.user;
    if (c.sign) {
      SignedCall sc{c.method,  c.target,    c.client,
                    c.id,      c.timestamp, c.nonce,
                    c.purpose, c.body,      c.signed_user.value_or(c.user.value_or(""))};
      auto sig = SignCall(c.secret, sc);
      EXPECT_TRUE(sig.ok());
      req.headers["Signature"] = "keyId=\"" + c.key_id + "\",sig=\"" + *sig + "\"";
    }
    return gateway_->Handle(req);
  }

  int64_t Effects() {
    auto rows = app().db().Query("SELECT COUNT(*) FROM gw_test_effects");
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? (*rows)[0].Int(0) : -1;
  }

  // Expects an X-Road refusal of `type` (header and body) and nothing applied.
  void ExpectRefused(const http::Response& r, std::string_view type, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Get("X-Road-Error").value_or(""), type) << r.body;
    json::value body = json::parse(r.body);
    EXPECT_EQ(body.at("type").as_string(), type);
    EXPECT_FALSE(body.at("message").as_string().empty());
    EXPECT_EQ(Effects(), 0);
  }

  FixedDirectory dir_;
  FixedConsents consents_;
  EffectService effects_;
  crypto::Ed25519KeyPair keys_, other_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_P(GatewayTest, SignedCallIsAppliedWithXRoadHeaders) {
  if (!server_) return;
  Call c = NewCall();
  http::Response r = Send(c);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Effects(), 1);
  EXPECT_FALSE(r.Get("X-Road-Error").has_value());
  EXPECT_EQ(r.Get("X-Road-Id").value_or(""), c.id);
  EXPECT_EQ(r.Get("X-Road-Client").value_or(""), kClient);
  EXPECT_EQ(r.Get("X-Road-Service").value_or(""), kService);
  EXPECT_EQ(r.Get("X-Road-Request-Id").value_or("").size(), 32u);
  // The header lines, each ended by a line feed, the user id line empty (docs/exchange.md).
  std::string headers = c.method + "\n" + c.target + "\n" + c.client + "\n" + c.id + "\n" +
                        c.timestamp + "\n" + c.nonce + "\n" + c.purpose + "\n\n";
  std::string expected =
      crypto::Base64Encode(crypto::Sha512(crypto::Sha512(headers) + crypto::Sha512(c.body)));
  EXPECT_EQ(r.Get("X-Road-Request-Hash").value_or(""), expected);
}

// In full-logging mode the log keeps each message's bodies, sealed: an applied call's request
// and answer, and a refused call's request.
TEST_P(GatewayTest, FullLoggingKeepsTheBodiesOfAppliedAndRefusedCalls) {
  if (!server_) return;
  MessageLogOptions full;
  full.full_bodies = true;
  MessageLog log(app().db(), app().clock(), app().keys(), full);
  gateway_->UseLog(&log);
  auto head = app().db().Query("SELECT seq FROM xr_log_head");
  ASSERT_TRUE(head.ok());
  const int64_t before = head->at(0).Int(0);
  Call c = NewCall();
  c.body = "{\"x\":\"applied\"}";
  ASSERT_EQ(Send(c).status, 201);
  Call bad = NewCall();
  bad.body = "{\"x\":\"refused\"}";
  bad.key_id = "k9";  // unknown key
  EXPECT_NE(Send(bad).status, 201);
  auto applied = log.Get(before + 1);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_TRUE(applied->bodies.has_value());
  EXPECT_EQ(applied->bodies->request_body, "{\"x\":\"applied\"}");
  EXPECT_EQ(applied->bodies->response_body, "{\"applied\":true}");
  auto refused = log.Get(before + 2);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_NE(refused->entry.outcome, "ok");
  ASSERT_TRUE(refused->bodies.has_value());
  EXPECT_EQ(refused->bodies->request_body, "{\"x\":\"refused\"}");
  EXPECT_EQ(refused->bodies->response_body, "");
  auto verify = log.Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok) << verify->problem;
  EXPECT_EQ(verify->bodies, 2);
}

TEST_P(GatewayTest, RetriedPushAnswersTheFirstResultWithoutApplyingAgain) {
  if (!server_) return;
  Call c = NewCall();
  ASSERT_EQ(Send(c).status, 201);
  c.nonce = crypto::RandomToken(16);  // a retry: same X-Road-Id, new nonce and signature
  http::Response again = Send(c);
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body, "{\"applied\":true}");
  EXPECT_EQ(Effects(), 1);
}

TEST_P(GatewayTest, ReplayedNonceIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  ASSERT_EQ(Send(c).status, 201);
  c.id = crypto::NewId();  // even under another id: the signature covers the id, so re-sign
  http::Response r = Send(c);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.Get("X-Road-Error").value_or(""), "Server.ServerProxy.ReplayedNonce");
  EXPECT_EQ(Effects(), 1);
}

TEST_P(GatewayTest, UnsignedCallIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.sign = false;
  ExpectRefused(Send(c), "Client.MissingSignature", 401);
}

TEST_P(GatewayTest, UnknownKeyIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.key_id = "k2";
  ExpectRefused(Send(c), "Server.ServerProxy.UnknownKey", 401);
}

TEST_P(GatewayTest, ExpiredKeyIsRefused) {
  if (!server_) return;
  dir_.keys[kClient][0].not_after_ms = app().clock().NowMillis();
  ExpectRefused(Send(NewCall()), "Server.ServerProxy.UnknownKey", 401);
}

TEST_P(GatewayTest, WrongKeyIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.secret = other_.secret_key;  // names k1 but signs with another key
  ExpectRefused(Send(c), "Server.ServerProxy.InvalidSignature", 401);
}

TEST_P(GatewayTest, ChangedBodyIsRefused) {
  if (!server_) return;
  ExpectRefused(Send(NewCall(), "{\"x\":2}"), "Server.ServerProxy.InvalidSignature", 401);
}

TEST_P(GatewayTest, ChangedUserIdIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.user = std::string("CN") + kPersonId;
  c.signed_user = "CN110101199003070011";  // signed for someone else
  ExpectRefused(Send(c), "Server.ServerProxy.InvalidSignature", 401);
}

TEST_P(GatewayTest, TimestampOutsideTheSkewIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.timestamp = FormatRfc3339(app().clock().NowMillis() - 6 * 60 * 1000);
  ExpectRefused(Send(c), "Server.ServerProxy.StaleTimestamp", 401);
  c = NewCall();
  c.timestamp = FormatRfc3339(app().clock().NowMillis() + 6 * 60 * 1000);
  ExpectRefused(Send(c), "Server.ServerProxy.StaleTimestamp", 401);
}

TEST_P(GatewayTest, UnknownMemberIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.client = "CN-ZJ/GOV/330000-FOO/bar";
  ExpectRefused(Send(c), "Server.ServerProxy.UnknownMember", 403);
}

TEST_P(GatewayTest, UnknownServiceIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.target = "/r1/CN-ZJ/GOV/330000-OW/healthcode/other";
  ExpectRefused(Send(c), "Server.ServerProxy.UnknownService", 404);
}

TEST_P(GatewayTest, PurposeWithoutARightIsRefused) {
  if (!server_) return;
  Call c = NewCall();
  c.purpose = "marketing";
  ExpectRefused(Send(c), "Server.ServerProxy.AccessDenied", 403);
}

TEST_P(GatewayTest, NotSharedServiceIsRefused) {
  if (!server_) return;
  dir_.services[kService].sharing = SharingClass::kNotShared;
  ExpectRefused(Send(NewCall()), "Server.ServerProxy.ServiceNotShared", 403);
}

TEST_P(GatewayTest, ConditionalDataNeedsConsentOrLegalBasis) {
  if (!server_) return;
  dir_.services[kService].sharing = SharingClass::kConditional;
  Call c = NewCall();
  c.user = std::string("CN") + kPersonId;
  ExpectRefused(Send(c), "Server.ServerProxy.ConsentRequired", 403);
  consents_.answer = true;
  EXPECT_EQ(Send(NewCallFor(c.user)).status, 201);
  consents_.answer = false;
  dir_.rights[0].legal_basis = "《中华人民共和国传染病防治法》";
  EXPECT_EQ(Send(NewCallFor(c.user)).status, 201);
  EXPECT_EQ(Effects(), 2);
}

TEST_P(GatewayTest, MalformedEnvelopeIsABadRequest) {
  if (!server_) return;
  Call c = NewCall();
  c.target = "/r1/CN-ZJ/GOV";
  ExpectRefused(Send(c), "Client.BadRequest", 400);
  c = NewCall();
  c.client = "CN-ZJ/GOV/only-three";
  ExpectRefused(Send(c), "Client.BadRequest", 400);
  c = NewCall();
  c.user = "CN123";
  ExpectRefused(Send(c), "Client.BadRequest", 400);
  c = NewCall();
  c.nonce = "";
  ExpectRefused(Send(c), "Client.BadRequest", 400);
}

TEST_P(GatewayTest, PersonServiceNeedsTheUser) {
  if (!server_) return;
  dir_.services[kService].about_person = true;
  ExpectRefused(Send(NewCall()), "Client.BadRequest", 400);
}

TEST_P(GatewayTest, ServiceErrorsPassThroughWithoutXRoadError) {
  if (!server_) return;
  Call c = NewCall();
  c.body = "bad";
  http::Response r = Send(c);
  EXPECT_EQ(r.status, 422);
  EXPECT_FALSE(r.Get("X-Road-Error").has_value());
  EXPECT_EQ(Effects(), 0);
}

TEST_P(GatewayTest, ExpiredNoncesArePurged) {
  if (!server_) return;
  ASSERT_EQ(Send(NewCall()).status, 201);
  auto none = gateway_->PurgeNonces();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  app().test_clock()->Advance(std::chrono::minutes(16));
  auto one = gateway_->PurgeNonces();
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, 1);
}

OW_INSTANTIATE_BACKENDS(GatewayTest);

}  // namespace
}  // namespace ow::exchange
