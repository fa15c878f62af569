// PullClient: signed outbound calls with deadlines, retries and a circuit breaker (see
// pull_client.h).
#include "exchange/pull_client.h"

#include <boost/json.hpp>

#include <cmath>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "http/client.h"

namespace ow::exchange {

namespace {

using Endpoint = HttpEndpoint;

}  // namespace

Result<HttpEndpoint> ParseHttpEndpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme))
    return Status::Invalid("provider URL must start with http:// (" + std::string(url) + ")");
  std::string_view rest = url.substr(kScheme.size());
  while (rest.ends_with('/')) rest.remove_suffix(1);
  auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || rest.find('/') != std::string_view::npos)
    return Status::Invalid("provider URL must be http://HOST:PORT (" + std::string(url) + ")");
  Endpoint e;
  e.host = std::string(rest.substr(0, colon));
  if (e.host == "localhost") e.host = "127.0.0.1";
  int port = 0;
  for (char c : rest.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535)
      return Status::Invalid("bad port in " + std::string(url));
    port = port * 10 + (c - '0');
  }
  if (port <= 0 || port > 65535) return Status::Invalid("bad port in " + std::string(url));
  e.port = static_cast<uint16_t>(port);
  return e;
}

namespace {

// How one attempt ended.
enum class Outcome { kOk, kRetry, kFinal };

Status ProviderStatus(int status, std::string_view body) {
  std::string msg =
      "provider answered " + std::to_string(status) + ": " + std::string(body.substr(0, 200));
  if (status == 404) return Status::NotFound(msg);
  if (status == 400 || status == 422) return Status::Invalid(msg);
  if (status == 401 || status == 403) return Status::Forbidden(msg);
  return Status::BadRequest(msg);
}

}  // namespace

struct PullClient::Impl {
  PullClientOptions opts;
  const Clock& clock;
  MessageSink* sink;

  struct Circuit {
    int failures = 0;
    int64_t open_until_ms = 0;  // > 0: opened; a call after this instant is the probe
    bool probing = false;
  };
  mutable std::mutex mu;
  std::map<std::string, Circuit> circuits;                                 // by provider
  std::map<std::string, std::vector<std::unique_ptr<http::Client>>> idle;  // by "host:port"
  std::mt19937_64 rng{std::random_device{}()};

  Impl(PullClientOptions o, const Clock& c, MessageSink* s)
      : opts(std::move(o)), clock(c), sink(s) {
    if (opts.max_attempts < 1) opts.max_attempts = 1;
    if (!opts.sleep)
      opts.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }

  // Admits a call to `provider`: false while its circuit is open or a probe is under way.
  bool Admit(const std::string& provider) {
    std::lock_guard lock(mu);
    Circuit& c = circuits[provider];
    if (c.open_until_ms == 0) return true;
    if (c.probing || clock.NowMillis() < c.open_until_ms) return false;
    c.probing = true;  // half-open: this call is the probe
    return true;
  }
  // Counts an attempt's success or failure; true when the circuit is (now) open.
  bool Record(const std::string& provider, bool success) {
    std::lock_guard lock(mu);
    Circuit& c = circuits[provider];
    if (success) {
      c = Circuit{};
      return false;
    }
    ++c.failures;
    if (c.probing || c.failures >= opts.breaker_failures) {
      c.open_until_ms = clock.NowMillis() + opts.breaker_open.count();
      c.probing = false;
      return true;
    }
    return false;
  }
  // After a call admitted as the probe ends without a verdict (a refusal), let another probe.
  void EndProbe(const std::string& provider) {
    std::lock_guard lock(mu);
    auto it = circuits.find(provider);
    if (it != circuits.end() && it->second.probing) {
      it->second = Circuit{};  // the provider answered: it is up
    }
  }

  std::unique_ptr<http::Client> Take(const Endpoint& e) {
    std::string key = e.host + ":" + std::to_string(e.port);
    {
      std::lock_guard lock(mu);
      auto& list = idle[key];
      if (!list.empty()) {
        auto c = std::move(list.back());
        list.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<http::Client>(e.host, e.port);
    c->SetTimeout(opts.deadline);
    return c;
  }
  void Give(const Endpoint& e, std::unique_ptr<http::Client> c) {
    std::lock_guard lock(mu);
    auto& list = idle[e.host + ":" + std::to_string(e.port)];
    if (list.size() < 8) list.push_back(std::move(c));
  }

  std::chrono::milliseconds Backoff(int attempt) {
    double base = static_cast<double>(opts.base_backoff.count()) * std::pow(2.0, attempt - 1);
    double factor = 1.0;
    if (opts.jitter > 0) {
      std::lock_guard lock(mu);
      std::uniform_real_distribution<double> d(1.0 - opts.jitter, 1.0 + opts.jitter);
      factor = d(rng);
    }
    return std::chrono::milliseconds(static_cast<int64_t>(std::max(0.0, base * factor)));
  }
};

PullClient::PullClient(PullClientOptions options, const Clock& clock, MessageSink* sink)
    : impl_(std::make_unique<Impl>(std::move(options), clock, sink)) {}

PullClient::~PullClient() = default;

std::string PullClient::CircuitState(const SubsystemId& provider) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->circuits.find(provider.ToString());
  if (it == impl_->circuits.end() || it->second.open_until_ms == 0) return "closed";
  if (it->second.probing || impl_->clock.NowMillis() >= it->second.open_until_ms)
    return "half_open";
  return "open";
}

Result<PullResult> PullClient::Get(const ServiceId& service, std::string_view path,
                                   std::string_view purpose, std::optional<std::string> user_id) {
  Impl& d = *impl_;
  const std::string provider = service.provider.ToString();
  auto url_it = d.opts.provider_urls.find(provider);
  OW_ASSIGN_OR_RETURN(Endpoint endpoint,
                      ParseHttpEndpoint(url_it != d.opts.provider_urls.end() ? url_it->second
                                                                             : d.opts.default_url));
  if (!path.empty() && path[0] != '/' && path[0] != '?')
    return Status::Invalid("path must start with / or ?");
  const std::string user_header = user_id ? "CN" + *user_id : "";

  SignedCall call;
  call.method = "GET";
  call.target = "/r1/" + service.ToString() + std::string(path);
  call.client = d.opts.client.ToString();
  call.message_id = NewMessageId();
  call.purpose = std::string(purpose);

  LogEntry entry;
  entry.message_id = call.message_id;
  entry.direction = "out";
  entry.client = call.client;
  entry.service = service.ToString();
  entry.purpose = call.purpose;
  if (user_id && !d.opts.index_key.empty())
    entry.person_index = PersonIndex(d.opts.index_key, *user_id);
  auto finish = [&](Result<PullResult> r, int status, std::string outcome,
                    std::string_view body) -> Result<PullResult> {
    if (d.sink) {
      entry.at_ms = d.clock.NowMillis();
      entry.status = status;
      entry.outcome = std::move(outcome);
      entry.response_hash = body.empty() ? "" : crypto::Base64Encode(crypto::Sha512(body));
      entry.request_body = call.body;  // bodies: kept only by a log in full-logging mode
      entry.response_body = std::string(body);
      (void)d.sink->Append(entry);  // a log failure does not change the caller's answer
    }
    return r;
  };

  if (!d.Admit(provider))
    return finish(Status::Unavailable("circuit open for " + provider), 0,
                  "Server.ClientProxy.CircuitOpen", "");

  Status last = Status::Unavailable("no attempt made");
  std::string last_outcome;
  int last_status = 0;
  std::string last_body;
  int attempts = 0;
  for (int attempt = 1; attempt <= d.opts.max_attempts; ++attempt) {
    if (attempt > 1) d.opts.sleep(d.Backoff(attempt - 1));
    call.timestamp = CallTimestamp(d.clock.NowMillis());
    call.nonce = NewNonce();  // a retry is a new message on the wire: fresh nonce, same id
    OW_ASSIGN_OR_RETURN(HeaderList headers, SignedRequestHeaders(call, user_header, d.opts.key));
    entry.request_hash = RequestHash(call, user_header);

    auto http = d.Take(endpoint);
    auto resp = http->Send(call.method, call.target, call.body, headers);
    if (!resp.ok()) {
      bool open = d.Record(provider, false);
      last = Status::Unavailable("calling " + provider + ": " + resp.status().message());
      last_outcome = "Server.ClientProxy.NetworkError";
      last_status = 0;
      last_body.clear();
      attempts = attempt;
      if (open) break;
      continue;  // the client closed the connection; do not reuse it
    }
    d.Give(endpoint, std::move(http));
    const http::ClientResponse& r = *resp;
    last_status = r.status;
    last_body = r.body;
    auto xerr = ParseXRoadError(r.Header(kHeaderError), r.body);
    if (xerr && IsRefusal(xerr->type)) {
      d.EndProbe(provider);
      return finish(Status::Forbidden("X-Road " + xerr->type + ": " + xerr->message), r.status,
                    xerr->type, r.body);
    }
    if (r.status >= 500 || xerr) {
      bool open = d.Record(provider, false);
      attempts = attempt;
      std::string what = xerr ? xerr->type + ": " + xerr->message
                              : "provider answered " + std::to_string(r.status);
      last = Status::Unavailable("calling " + provider + ": " + what);
      last_outcome = xerr ? xerr->type : "Server.ServerProxy.ServiceFailed";
      if (open) break;
      continue;
    }
    if (r.status < 200 || r.status >= 300) {
      d.EndProbe(provider);
      return finish(ProviderStatus(r.status, r.body), r.status,
                    "provider_" + std::to_string(r.status), r.body);
    }
    d.Record(provider, true);
    std::string echoed = r.Header(kHeaderRequestHash);
    if (!echoed.empty() && echoed != entry.request_hash)
      return finish(Status::Internal("X-Road-Request-Hash of " + provider + " differs from ours"),
                    r.status, "Server.ClientProxy.RequestHashMismatch", r.body);
    PullResult out;
    out.status = r.status;
    if (!r.body.empty()) {
      boost::system::error_code ec;
      out.body = boost::json::parse(r.body, ec);
      if (ec)
        return finish(Status::Internal(provider + " answered a body that is not JSON"), r.status,
                      "Server.ClientProxy.InvalidResponse", r.body);
    }
    out.service = service;
    out.provider = provider;
    out.fetched_at_ms = d.clock.NowMillis();
    out.message_id = call.message_id;
    out.request_hash = entry.request_hash;
    out.attempts = attempt;
    return finish(std::move(out), r.status, "ok", r.body);
  }
  std::string why = last.message() + " (" + std::to_string(attempts) +
                    (attempts == 1 ? " attempt" : " attempts") + ")";
  return finish(Status::Unavailable(why), last_status, last_outcome, last_body);
}

}  // namespace ow::exchange
