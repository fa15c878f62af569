// Signed event pushes to OneWindow (see push.h).
#include "deptsim/push.h"
#include "deptsim/rail_routes.h"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <random>
#include <thread>

#include "core/time.h"
#include "deptsim/dataset.h"
#include "deptsim/departments.h"
#include "exchange/pull_client.h"
#include "exchange/sim_keys.h"
#include "http/client.h"
#include "identity/validate.h"

namespace ow::deptsim {

namespace json = boost::json;

std::string PusherOf(std::string_view kind) {
  if (kind == "fever_clinic_visit" || kind == "test_result") return kFeverClinic;
  if (kind == "fever_drug_purchase") return kPharmacy;
  if (kind == "rail_trip") return kRail;
  return "";
}

namespace {

json::object Detail(std::string_view kind, uint64_t v, int64_t occurred_ms) {
  if (kind == "fever_clinic_visit")
    return {{"clinic", v % 2 ? "浙大一院发热门诊" : "杭州市一医院发热门诊"},
            {"temperature_c", 37.3 + static_cast<double>((v >> 8) % 25) / 10.0}};
  if (kind == "fever_drug_purchase")
    return {{"pharmacy", v % 2 ? "老百姓大药房(文三路店)" : "九州大药房(武林店)"},
            {"drug", v % 3 ? "布洛芬缓释胶囊" : "对乙酰氨基酚片"},
            {"quantity", 1 + static_cast<int>((v >> 8) % 2)}};
  if (kind == "test_result")
    return {{"test", "nucleic_acid"},
            {"result", (v >> 8) % 20 == 0 ? "positive" : "negative"},
            {"sampled_at", exchange::CallTimestamp(occurred_ms - 6 * kMillisPerHour)}};
  // rail_trip
  const RailRoute& r = kRailRoutes[v % kRailRoutes.size()];
  return {{"train", r.train},
          {"from_station", r.from},
          {"to_station", r.to},
          {"from_region", r.from_region},
          {"departure", exchange::CallTimestamp(occurred_ms)}};
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

Result<std::vector<SignedEvent>> BuildEvents(const PushOptions& options) {
  if (!options.kind.empty() && PusherOf(options.kind).empty())
    return Status::Invalid(
        "--kind must be fever_clinic_visit, fever_drug_purchase, test_result "
        "or rail_trip");
  SystemClock system;
  const Clock& clock = options.clock ? *options.clock : system;
  std::vector<std::string> ids = options.id_numbers;
  Dataset data(options.seed, options.data_size);
  if (ids.empty())
    for (const auto& p : data.persons()) ids.push_back(p.id_number);
  Date today = ShanghaiDate(clock.NowMillis());
  for (auto& id : ids) {
    id = identity::NormaliseResidentId(id);
    if (identity::CheckResidentId(id, today) != identity::IdError::kOk)
      return Status::Invalid("not a valid resident id: " + identity::MaskResidentId(id));
  }
  std::map<std::string, exchange::DerivedMemberKey> keys;
  std::vector<SignedEvent> out;
  out.reserve(static_cast<size_t>(std::max(0, options.events)));
  for (int i = 0; i < options.events; ++i) {
    uint64_t v = data.Draw("event/" + std::to_string(i));
    SignedEvent e;
    e.kind = options.kind.empty() ? kEventKinds[v % 4] : options.kind;
    e.pusher = PusherOf(e.kind);
    auto [it, fresh] = keys.try_emplace(e.pusher);
    if (fresh) it->second = exchange::SimMemberKey(options.seed, Member(e.pusher));
    e.public_key = it->second.public_key;
    e.key = it->second.Signing();
    int64_t now = clock.NowMillis();
    int64_t occurred = now - static_cast<int64_t>((v >> 8) % (6 * 60)) * kMillisPerMinute;
    json::object body = {{"type", e.kind},
                         {"occurred_at", exchange::CallTimestamp(occurred)},
                         {"detail", Detail(e.kind, v >> 16, occurred)}};
    e.call = {"POST",
              kEventsTarget,
              e.pusher,
              exchange::NewMessageId(),
              exchange::CallTimestamp(now),
              exchange::NewNonce(),
              kPushPurpose,
              json::serialize(body)};
    e.call.user_id = "CN" + ids[(v >> 40) % ids.size()];  // signed with the call
    OW_ASSIGN_OR_RETURN(e.headers, exchange::SignedRequestHeaders(e.call, e.call.user_id, e.key));
    e.signature = e.headers.back().second;  // Signature: keyId=...,sig=...
    auto parsed = exchange::ParseSignatureHeader(e.signature);
    if (parsed.ok()) e.signature = parsed->sig;
    out.push_back(std::move(e));
  }
  return out;
}

Result<PushReport> SendEvents(const PushOptions& options, const std::vector<SignedEvent>& events) {
  OW_ASSIGN_OR_RETURN(exchange::HttpEndpoint endpoint,
                      exchange::ParseHttpEndpoint(options.onewindow_url));
  SystemClock system;
  const Clock& clock = options.clock ? *options.clock : system;
  const int connections = std::max(1, options.connections);
  std::atomic<size_t> next{0};
  std::mutex mu;
  PushReport report;
  std::vector<double> latencies;
  const auto start = std::chrono::steady_clock::now();

  auto worker = [&] {
    http::Client client(endpoint.host, endpoint.port);
    client.SetTimeout(options.timeout);
    std::mt19937_64 rng{std::random_device{}()};
    for (size_t i = next++; i < events.size(); i = next++) {
      if (options.rate > 0) {
        auto due =
            start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(i) / options.rate));
        std::this_thread::sleep_until(due);
      }
      const SignedEvent& e = events[i];
      exchange::SignedCall call = e.call;
      exchange::HeaderList headers = e.headers;
      std::string user;
      for (const auto& [k, val] : headers)
        if (k == exchange::kHeaderUserId) user = val;
      const auto t0 = std::chrono::steady_clock::now();
      int attempts = 0;
      std::string outcome;  // "" accepted, "failed", or a refusal type
      for (int attempt = 1; attempt <= std::max(1, options.max_attempts); ++attempt) {
        attempts = attempt;
        if (attempt > 1) {
          // Same X-Road-Id; a fresh timestamp and nonce (the first may have been recorded).
          double base =
              static_cast<double>(options.base_backoff.count()) * std::pow(2.0, attempt - 2);
          double factor = std::uniform_real_distribution<double>(0.5, 1.5)(rng);
          std::this_thread::sleep_for(
              std::chrono::milliseconds(static_cast<int64_t>(base * factor)));
          call.timestamp = exchange::CallTimestamp(clock.NowMillis());
          call.nonce = exchange::NewNonce();
          auto signed_headers = exchange::SignedRequestHeaders(call, user, e.key);
          if (!signed_headers.ok()) return signed_headers.status();
          headers = *signed_headers;
        }
        auto r = client.Send(call.method, call.target, call.body, headers);
        if (!r.ok()) {
          outcome = "failed";
          continue;
        }
        std::string xtype = r->Header(exchange::kHeaderError);
        if (r->status >= 200 && r->status < 300) {
          outcome.clear();
          break;
        }
        if (r->status >= 500 && (xtype.empty() || !exchange::IsRefusal(xtype))) {
          outcome = "failed";
          continue;
        }
        outcome = xtype.empty() ? "http_" + std::to_string(r->status) : xtype;
        break;
      }
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      std::lock_guard lock(mu);
      ++report.sent;
      report.retries += attempts - 1;
      latencies.push_back(ms);
      if (outcome.empty()) {
        ++report.accepted;
        ++report.accepted_by_kind[e.kind];
      } else if (outcome == "failed") {
        ++report.failed;
      } else {
        ++report.refused_by_type[outcome];
      }
    }
    return Status::Ok();
  };
  std::vector<std::thread> threads;
  std::vector<Status> results(static_cast<size_t>(connections));
  for (int t = 0; t < connections; ++t)
    threads.emplace_back([&, t] { results[static_cast<size_t>(t)] = worker(); });
  for (auto& t : threads) t.join();
  for (const Status& s : results) OW_RETURN_IF_ERROR(s);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.events_per_s = report.seconds > 0 ? report.sent / report.seconds : 0;
  report.p50_ms = Percentile(latencies, 0.50);
  report.p99_ms = Percentile(latencies, 0.99);
  return report;
}

Result<PushReport> PushEvents(const PushOptions& options) {
  OW_RETURN_IF_ERROR(exchange::ParseHttpEndpoint(options.onewindow_url).status());
  OW_ASSIGN_OR_RETURN(std::vector<SignedEvent> events, BuildEvents(options));
  return SendEvents(options, events);
}

json::object PushReportJson(const PushReport& r) {
  json::object refused, by_kind;
  for (const auto& [t, n] : r.refused_by_type) refused[t] = n;
  for (const auto& [k, n] : r.accepted_by_kind) by_kind[k] = n;
  return {{"sent", r.sent},
          {"accepted", r.accepted},
          {"failed", r.failed},
          {"retries", r.retries},
          {"refused_by_type", std::move(refused)},
          {"accepted_by_kind", std::move(by_kind)},
          {"p50_ms", std::round(r.p50_ms * 100) / 100},
          {"p99_ms", std::round(r.p99_ms * 100) / 100},
          {"seconds", std::round(r.seconds * 1000) / 1000},
          {"events_per_s", std::round(r.events_per_s * 10) / 10}};
}

}  // namespace ow::deptsim
