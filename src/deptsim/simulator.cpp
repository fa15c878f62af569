// The HTTP side of `onewindow dept-sim` (see simulator.h).
#include "deptsim/simulator.h"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <atomic>
#include <cstdio>
#include <deque>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "crypto/crypto.h"
#include "deptsim/departments.h"
#include "exchange/envelope.h"
#include "exchange/sim_keys.h"
#include "http/dispatcher.h"
#include "http/json.h"
#include "http/server.h"
#include "identity/validate.h"

namespace ow::deptsim {

namespace json = boost::json;
using exchange::XRoadError;

namespace {

http::Response XError(int status, const std::string& type, const std::string& message,
                      const std::string& detail = {}) {
  http::Response r =
      http::Response::Json(status, exchange::XRoadErrorJson({type, message, detail}));
  r.Set(exchange::kHeaderError, type);
  return r;
}

http::Response Json(int status, const json::value& v) {
  return http::Response::Json(status, json::serialize(v));
}

// A call that passed the envelope checks.
struct Verified {
  exchange::SignedCall call;
  std::string user_header;  // X-Road-UserId as sent ("" when none)
  exchange::RestTarget target;
};

}  // namespace

struct Simulator::Impl {
  SimOptions opts;
  const Clock& clock;
  Dataset data;
  std::map<std::string, std::map<std::string, std::string>> trust;  // member -> key id -> pk

  std::atomic<bool> outage{false};
  std::atomic<int> latency_ms{0};
  std::atomic<double> fail_rate{0};

  std::mutex mu;
  std::mt19937_64 rng{std::random_device{}()};
  std::map<std::string, int64_t> nonces;  // "client\nnonce" -> seen at (ms)
  std::deque<std::pair<int64_t, std::string>> nonce_order;
  std::map<std::string, int> requests_by_id;
  int64_t requests_total = 0;
  std::set<std::string> event_ids;
  std::map<std::string, int> events_by_type;

  Impl(SimOptions o, const Clock& c)
      : opts(std::move(o)), clock(c), data(opts.seed, opts.data_size) {
    latency_ms = opts.latency_ms;
    fail_rate = opts.fail_rate;
    for (const auto* list : {&Departments(), &OneWindowMembers()})
      for (const Department& d : *list) {
        auto key = exchange::SimMemberKey(opts.seed, Member(d.member));
        trust[d.member][key.key_id] = key.public_key;
      }
    for (const auto& [member, keys] : opts.trust)
      for (const auto& [key_id, pk] : keys) trust[member][key_id] = pk;
  }

  // Checks the envelope of a call to `req` (signature, trust, time, nonce). An error response
  // when refused.
  std::variant<Verified, http::Response> Verify(const http::Request& req, bool r1_target) {
    Verified v;
    std::string_view target = req.target;
    if (r1_target) {
      auto parsed = exchange::ParseRestTarget(target);
      if (!parsed.ok())
        return XError(400, "Client.BadRequest", "malformed service path",
                      parsed.status().message());
      v.target = *parsed;
    }
    auto header = [&](const char* name) { return req.Header(name).value_or(""); };
    for (const char* required :
         {exchange::kHeaderClient, exchange::kHeaderId, exchange::kHeaderTimestamp,
          exchange::kHeaderNonce, exchange::kHeaderPurpose, exchange::kHeaderSignature}) {
      if (header(required).empty())
        return XError(400, "Client.BadRequest", std::string("missing header ") + required);
    }
    auto client = exchange::ParseSubsystemId(header(exchange::kHeaderClient));
    if (!client.ok())
      return XError(400, "Client.BadRequest", "malformed X-Road-Client", client.status().message());
    auto sig = exchange::ParseSignatureHeader(header(exchange::kHeaderSignature));
    if (!sig.ok()) return XError(400, "Client.BadRequest", sig.status().message());
    v.call = {http::MethodName(req.method),       req.target,
              header(exchange::kHeaderClient),    header(exchange::kHeaderId),
              header(exchange::kHeaderTimestamp), header(exchange::kHeaderNonce),
              header(exchange::kHeaderPurpose),   req.body};
    v.user_header = header(exchange::kHeaderUserId);
    v.call.user_id = v.user_header;
    auto member = trust.find(client->ToString());
    if (member == trust.end())
      return XError(403, "Server.ServerProxy.UnknownMember",
                    "client " + client->ToString() + " is not a member this provider trusts");
    auto key = member->second.find(sig->key_id);
    if (key == member->second.end()) key = member->second.find("*");
    if (key == member->second.end())
      return XError(403, "Server.ServerProxy.InvalidSignature",
                    "unknown key " + sig->key_id + " of " + client->ToString());
    if (!exchange::VerifyCall(key->second, v.call, sig->sig))
      return XError(403, "Server.ServerProxy.InvalidSignature", "signature does not verify");
    auto at = ParseRfc3339(v.call.timestamp);
    int64_t now = clock.NowMillis();
    if (!at || *at < now - opts.max_skew_ms || *at > now + opts.max_skew_ms)
      return XError(403, "Server.ServerProxy.StaleTimestamp",
                    "X-OW-Timestamp outside the allowed skew", v.call.timestamp);
    std::lock_guard lock(mu);
    while (!nonce_order.empty() && nonce_order.front().first < now - 2 * opts.max_skew_ms) {
      nonces.erase(nonce_order.front().second);
      nonce_order.pop_front();
    }
    std::string nonce_key = v.call.client + "\n" + v.call.nonce;
    if (!nonces.emplace(nonce_key, now).second)
      return XError(409, "Server.ServerProxy.ReplayedNonce", "nonce already used");
    nonce_order.emplace_back(now, nonce_key);
    return v;
  }

  void Count(const std::string& id) {
    std::lock_guard lock(mu);
    ++requests_total;
    if (!id.empty() && requests_by_id.size() < 100000) ++requests_by_id[id];
  }

  // Applies the knobs to a /r1/ call: latency first, then outage and failure rate.
  std::optional<http::Response> Knobs() {
    int delay = latency_ms.load();
    if (delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    if (outage.load())
      return XError(503, "Server.ServerProxy.NetworkError", "the department's system is down");
    double rate = fail_rate.load();
    if (rate > 0) {
      std::lock_guard lock(mu);
      if (std::uniform_real_distribution<double>(0, 1)(rng) < rate)
        return http::Response::Json(500, R"({"error":"internal","message":"simulated failure"})");
    }
    return std::nullopt;
  }

  void Stamp(http::Response& r, const Verified& v) {
    r.Set(exchange::kHeaderClient, v.call.client);
    r.Set("X-Road-Service", v.target.service.ToString());
    r.Set(exchange::kHeaderId, v.call.message_id);
    r.Set(exchange::kHeaderRequestId, exchange::NewMessageId());
    r.Set(exchange::kHeaderRequestHash, exchange::RequestHash(v.call, v.user_header));
  }

  // The provider's own answer to a verified GET.
  http::Response Serve(const Verified& v) {
    const std::string provider = v.target.service.provider.ToString();
    const std::string& service = v.target.service.service_code;
    std::string_view path = v.target.path;
    auto not_found = [] { return Json(404, {{"error", "not_found"}}); };
    auto enterprise_of = [&](const char* what) -> std::variant<const Enterprise*, http::Response> {
      if (!path.starts_with("/") || path.size() != 19)
        return Json(400, {{"error", "bad_request"}, {"message", std::string(what) + "/{uscc}"}});
      std::string uscc(path.substr(1));
      if (!identity::CheckCreditCode(uscc))
        return Json(400, {{"error", "invalid_uscc"}, {"message", "not a valid GB 32100 code"}});
      const Enterprise* e = data.FindEnterprise(uscc);
      if (!e) return not_found();
      return e;
    };
    auto person = [&]() -> std::variant<std::string, http::Response> {
      if (!path.empty()) return not_found();
      std::string_view uid = v.user_header;
      if (!uid.starts_with("CN"))
        return Json(400, {{"error", "user_id_required"},
                          {"message", "X-Road-UserId: CN<resident id> is required"}});
      std::string id = identity::NormaliseResidentId(uid.substr(2));
      if (identity::CheckResidentId(id, ShanghaiDate(clock.NowMillis())) != identity::IdError::kOk)
        return Json(400, {{"error", "invalid_user_id"}, {"message", "not a valid resident id"}});
      return id;
    };
    int64_t now = clock.NowMillis();
    if (provider == kTax && service == "tax-standing") {
      auto e = enterprise_of("tax-standing");
      if (auto* r = std::get_if<http::Response>(&e)) return *r;
      const Enterprise& x = *std::get<const Enterprise*>(e);
      return Json(200, {{"uscc", x.uscc},
                        {"standing", x.standing},
                        {"arrears_yuan", x.arrears_yuan},
                        {"checked_at", exchange::CallTimestamp(now)}});
    }
    if (provider == kBusinessRegistry && service == "business-licence") {
      auto e = enterprise_of("business-licence");
      if (auto* r = std::get_if<http::Response>(&e)) return *r;
      const Enterprise& x = *std::get<const Enterprise*>(e);
      return Json(200, {{"uscc", x.uscc},
                        {"name", x.name},
                        {"legal_representative", x.legal_representative_masked},
                        {"status", x.status},
                        {"established", FormatDate(x.established)}});
    }
    if (provider == kSocialInsurance && service == "insured-employees") {
      auto e = enterprise_of("insured-employees");
      if (auto* r = std::get_if<http::Response>(&e)) return *r;
      const Enterprise& x = *std::get<const Enterprise*>(e);
      Date today = ShanghaiDate(now);
      Date last{today.month == 1 ? today.year - 1 : today.year,
                today.month == 1 ? 12 : today.month - 1, 1};
      return Json(200, {{"uscc", x.uscc},
                        {"insured_employees", x.insured_employees},
                        {"month", FormatDate(last).substr(0, 7)}});
    }
    if (provider == kSocialInsurance && service == "contributions") {
      // Contributions paid as a flexibly employed person: any valid resident id has a seeded
      // record (0 to 36 months), so the hall's citizen item can be prefilled for anyone.
      auto p = person();
      if (auto* r = std::get_if<http::Response>(&p)) return *r;
      const std::string& id = std::get<std::string>(p);
      const int64_t months = static_cast<int64_t>(data.Draw("contributions:" + id) % 37);
      Date today = ShanghaiDate(now);
      Date last{today.month == 1 ? today.year - 1 : today.year,
                today.month == 1 ? 12 : today.month - 1, 1};
      return Json(200, {{"person", identity::MaskResidentId(id)},
                        {"months_paid", months},
                        {"last_paid_month", months > 0 ? json::value(FormatDate(last).substr(0, 7))
                                                       : json::value(nullptr)},
                        {"as_of", exchange::CallTimestamp(now)}});
    }
    using Records = json::array (Dataset::*)(std::string_view, int64_t) const;
    struct PersonService {
      const char* provider;
      const char* service;
      const char* field;
      Records records;
    };
    static const PersonService kPersonServices[] = {
        {kFeverClinic, "fever-clinic-visits", "visits", &Dataset::FeverClinicVisits},
        {kPharmacy, "fever-drug-purchases", "purchases", &Dataset::FeverDrugPurchases},
        {kRail, "rail-trips", "trips", &Dataset::RailTrips},
    };
    for (const PersonService& ps : kPersonServices) {
      if (provider != ps.provider || service != ps.service) continue;
      auto p = person();
      if (auto* r = std::get_if<http::Response>(&p)) return *r;
      const std::string& id = std::get<std::string>(p);
      return Json(200, {{"person", identity::MaskResidentId(id)},
                        {ps.field, (data.*ps.records)(id, now)},
                        {"as_of", exchange::CallTimestamp(now)}});
    }
    return XError(404, "Server.ServerProxy.UnknownService",
                  "no service " + v.target.service.ToString());
  }

  http::Response R1Get(http::Request& req) {
    Count(req.Header(exchange::kHeaderId).value_or(""));
    auto checked = Verify(req, true);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const Verified& v = std::get<Verified>(checked);
    http::Response r;
    if (auto failed = Knobs())
      r = *failed;
    else
      r = Serve(v);
    Stamp(r, v);
    return r;
  }

  http::Response R1Post(http::Request& req) {
    Count(req.Header(exchange::kHeaderId).value_or(""));
    auto checked = Verify(req, true);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const Verified& v = std::get<Verified>(checked);
    http::Response r;
    if (auto failed = Knobs()) {
      r = *failed;
    } else if (v.target.service.ToString() != std::string(kHealthcode) + "/events" ||
               !v.target.path.empty()) {
      r = XError(404, "Server.ServerProxy.UnknownService",
                 "no service " + v.target.service.ToString());
    } else {
      r = Event(v);
    }
    Stamp(r, v);
    return r;
  }

  // The verifying sink for pushed events: checks the body's shape, applies once per X-Road-Id.
  http::Response Event(const Verified& v) {
    boost::system::error_code ec;
    json::value body = json::parse(v.call.body, ec);
    const json::object* o = ec ? nullptr : body.if_object();
    const json::string* type = o && o->if_contains("type") ? o->at("type").if_string() : nullptr;
    const json::string* at =
        o && o->if_contains("occurred_at") ? o->at("occurred_at").if_string() : nullptr;
    static const std::set<std::string> kTypes = {"fever_clinic_visit", "fever_drug_purchase",
                                                 "test_result", "rail_trip"};
    if (!type || !kTypes.count(std::string(*type)) || !at || !ParseRfc3339(*at) ||
        !o->if_contains("detail") || !o->at("detail").is_object())
      return Json(
          422, {{"error", "invalid_event"}, {"message", "expected {type, occurred_at, detail{}}"}});
    if (!v.user_header.starts_with("CN")) return Json(422, {{"error", "user_id_required"}});
    std::lock_guard lock(mu);
    bool applied = event_ids.insert(v.call.message_id).second;
    if (applied) ++events_by_type[std::string(*type)];
    return Json(applied ? 201 : 200, {{"message_id", v.call.message_id}, {"applied", applied}});
  }

  http::Response EchoVerify(http::Request& req) {
    auto checked = Verify(req, false);
    if (auto* r = std::get_if<http::Response>(&checked)) return *r;
    const Verified& v = std::get<Verified>(checked);
    return Json(200, {{"valid", true},
                      {"client", v.call.client},
                      {"message_id", v.call.message_id},
                      {"purpose", v.call.purpose},
                      {"request_hash", exchange::RequestHash(v.call, v.user_header)}});
  }
};

Simulator::Simulator(SimOptions options, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), clock)) {}
Simulator::~Simulator() = default;
const Dataset& Simulator::dataset() const { return impl_->data; }

void Simulator::Register(http::Router& router) {
  using http::Method;
  Impl* d = impl_.get();
  router.Add(Method::kGet, "/healthz", http::Public(), [](http::Request&) {
    return Json(200, {{"ok", true}});
  });
  router.Add(Method::kGet, "/r1/{*rest}", http::Public(),
             [d](http::Request& req) { return d->R1Get(req); });
  router.Add(Method::kPost, "/r1/{*rest}", http::Public(),
             [d](http::Request& req) { return d->R1Post(req); });
  router.Add(Method::kPost, "/sim/echo-verify", http::Public(),
             [d](http::Request& req) { return d->EchoVerify(req); });
  router.Add(Method::kGet, "/sim/health", http::Public(), [d](http::Request&) {
    return Json(200, {{"ok", true},
                      {"outage", d->outage.load()},
                      {"latency_ms", d->latency_ms.load()},
                      {"fail_rate", d->fail_rate.load()},
                      {"enterprises", d->data.enterprises().size()},
                      {"persons", d->data.persons().size()},
                      {"onewindow", d->opts.onewindow_url}});
  });
  router.Add(Method::kPost, "/sim/outage", http::Public(), [d](http::Request& req) {
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec || !v.is_object() || !v.as_object().if_contains("on") || !v.at("on").is_bool())
      return Json(400, {{"error", "expected {\"on\":true|false}"}});
    d->outage = v.at("on").as_bool();
    return Json(200, {{"outage", d->outage.load()}});
  });
  router.Add(Method::kPost, "/sim/knobs", http::Public(), [d](http::Request& req) {
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec || !v.is_object()) return Json(400, {{"error", "expected a JSON object"}});
    const auto& o = v.as_object();
    if (auto* l = o.if_contains("latency_ms"); l && l->is_int64())
      d->latency_ms = static_cast<int>(std::clamp<int64_t>(l->as_int64(), 0, 60000));
    if (auto* f = o.if_contains("fail_rate"); f && f->is_number())
      d->fail_rate = std::clamp(f->to_number<double>(), 0.0, 1.0);
    return Json(200, {{"latency_ms", d->latency_ms.load()}, {"fail_rate", d->fail_rate.load()}});
  });
  router.Add(Method::kGet, "/sim/requests", http::Public(), [d](http::Request& req) {
    std::lock_guard lock(d->mu);
    if (auto id = req.Query("id")) {
      auto it = d->requests_by_id.find(*id);
      return Json(200, {{"id", *id}, {"count", it == d->requests_by_id.end() ? 0 : it->second}});
    }
    json::object by_id;
    for (const auto& [id, n] : d->requests_by_id) by_id[id] = n;
    return Json(200, {{"total", d->requests_total}, {"by_id", std::move(by_id)}});
  });
  router.Add(Method::kGet, "/sim/events", http::Public(), [d](http::Request&) {
    std::lock_guard lock(d->mu);
    json::object by_type;
    int64_t total = 0;
    for (const auto& [t, n] : d->events_by_type) {
      by_type[t] = n;
      total += n;
    }
    return Json(200, {{"total", total}, {"by_type", std::move(by_type)}});
  });
  router.Add(Method::kGet, "/sim/dataset", http::Public(), [d](http::Request&) {
    json::array enterprises, persons;
    for (const auto& e : d->data.enterprises()) {
      if (enterprises.size() >= 50) break;
      enterprises.push_back(json::value(e.uscc));
    }
    for (const auto& p : d->data.persons()) {
      if (persons.size() >= 50) break;
      persons.push_back(json::value(p.id_number));
    }
    return Json(200, {{"enterprises", std::move(enterprises)}, {"persons", std::move(persons)}});
  });
}

Status AddTrustKey(std::string_view spec,
                   std::map<std::string, std::map<std::string, std::string>>& trust) {
  auto eq = spec.rfind('=');
  if (eq == std::string_view::npos) return Status::Invalid("--trust-key is MEMBER[:KEY_ID]=BASE64");
  std::string_view left = spec.substr(0, eq);
  std::string key_id = "*";
  if (auto colon = left.find(':'); colon != std::string_view::npos) {
    key_id = std::string(left.substr(colon + 1));
    left = left.substr(0, colon);
  }
  auto member = exchange::ParseSubsystemId(left);
  if (!member.ok()) return member.status();
  auto pk = crypto::Base64Decode(spec.substr(eq + 1));
  if (!pk.ok() || pk->size() != 32)
    return Status::Invalid("--trust-key: the key is base64 of 32 bytes (Ed25519)");
  trust[member->ToString()][key_id] = *pk;
  return Status::Ok();
}

Status Serve(SimOptions options, const std::string& address, uint16_t port, int threads) {
  SystemClock clock;
  Simulator sim(std::move(options), clock);
  http::Router router;
  sim.Register(router);
  http::Metrics metrics;
  http::Dispatcher dispatcher(
      router, metrics,
      [](const http::Request&) -> Result<std::optional<Principal>> {
        return std::optional<Principal>{};
      },
      http::DispatcherOptions{});
  http::ServerOptions so;
  so.address = address;
  so.port = port;
  so.threads = threads;
  http::Server server(dispatcher, so);
  OW_RETURN_IF_ERROR(server.Start());
  std::fprintf(stderr, "dept-sim listening on %s:%u\n", address.c_str(), server.port());
  server.StopOnSignals();
  server.Run();
  return Status::Ok();
}

}  // namespace ow::deptsim
