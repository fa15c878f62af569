// LoadBench: `onewindow bench load` (see load_bench.h): fixture over HTTP, then http::RunLoad.
#include "overload/load_bench.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/text.h"
#include "http/client.h"
#include "http/load_client.h"

namespace ow::overload {

namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

double Quantile(std::vector<float> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

Result<std::string> Field(const Result<http::ClientResponse>& r, int want, const char* what,
                          const char* field) {
  if (!r.ok()) return Status::Unavailable(std::string(what) + ": " + r.status().ToString());
  if (r->status != want)
    return Status::Internal(std::string(what) + ": HTTP " + std::to_string(r->status) + " " +
                            r->body);
  boost::system::error_code ec;
  json::value v = json::parse(r->body, ec);
  if (ec || !v.is_object() || !v.as_object().contains(field))
    return Status::Internal(std::string(what) + ": no " + field + " in " + r->body);
  return std::string(v.at(field).as_string());
}

Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// The routes the mix can name, built from the fixture.
Result<std::map<std::string, http::LoadRoute>> Routes(const LoadBenchOptions& o) {
  http::Client c(o.host, static_cast<uint16_t>(o.port));
  auto login = [&](const std::string& id, const std::string& pw) {
    return Field(c.Send("POST", "/api/v1/sessions",
                        json::serialize(json::object{{"id_number", id}, {"password", pw}})),
                 201, "login", "token");
  };
  OW_ASSIGN_OR_RETURN(std::string staff, login(o.admin_id, o.admin_password));
  OW_ASSIGN_OR_RETURN(std::string citizen, login(o.citizen_id, o.citizen_password));
  OW_ASSIGN_OR_RETURN(
      std::string place,
      Field(c.Send("POST", "/api/v1/places",
                   R"({"name":"load gate","kind":"community_gate","region":"330104"})",
                   Bearer(staff)),
            201, "create place", "place_id"));
  OW_ASSIGN_OR_RETURN(
      std::string payload,
      Field(c.Send("GET", "/api/v1/me/health-code", "", Bearer(citizen)), 200, "code", "payload"));
  std::string scan =
      json::serialize(json::object{{"payload", payload}, {"place_id", place}, {"direction", "in"}});
  auto check = c.Send("POST", "/api/v1/scans", scan, Bearer(staff));
  if (!check.ok() || check->status / 100 != 2 ||
      check->body.find("\"allowed\":true") == std::string::npos)
    return Status::Internal("load: the fixture's scan is not allowed");
  std::map<std::string, http::LoadRoute> routes;
  routes["healthz"] = {"healthz", "GET", "/healthz", "", {}, 1};
  routes["scan"] = {"scan", "POST", "/api/v1/scans", scan, Bearer(staff), 1};
  routes["code"] = {"code", "GET", "/api/v1/me/health-code", "", Bearer(citizen), 1};
  routes["register"] = {
      "register",
      "POST",
      "/api/v1/citizens",
      json::serialize(json::object{
          {"name", o.citizen_name}, {"id_number", o.citizen_id}, {"password", o.citizen_password}}),
      {},
      1};
  routes["login"] = {
      "login",
      "POST",
      "/api/v1/sessions",
      json::serialize(json::object{{"id_number", o.citizen_id}, {"password", o.citizen_password}}),
      {},
      1};
  return routes;
}

}  // namespace

Result<std::vector<BenchLine>> RunLoadBench(const LoadBenchOptions& o) {
  OW_ASSIGN_OR_RETURN(auto known, Routes(o));
  http::LoadOptions lo;
  lo.host = o.host;
  lo.port = static_cast<uint16_t>(o.port);
  lo.rate = o.rate;
  lo.connections = o.connections;
  lo.seconds = o.seconds;
  lo.warmup_seconds = o.warmup_seconds;
  for (const auto& item : SplitList(o.mix)) {
    auto colon = item.find(':');
    std::string name = item.substr(0, colon);
    auto it = known.find(name);
    if (it == known.end()) return Status::Invalid("load: unknown route in --mix: " + name);
    http::LoadRoute r = it->second;
    if (colon != std::string::npos) {
      try {
        r.weight = std::stod(item.substr(colon + 1));
      } catch (...) {
        return Status::Invalid("load: bad weight in --mix: " + item);
      }
    }
    lo.routes.push_back(std::move(r));
  }
  lo.flood_connections = o.flood_connections;
  if (o.flood_connections > 0)
    for (const auto& name : SplitList(o.flood_mix)) {
      auto it = known.find(name);
      if (it == known.end()) return Status::Invalid("load: unknown route in --flood-mix: " + name);
      lo.flood_routes.push_back(it->second);
      lo.flood_routes.back().name = "flood_" + name;
    }
  OW_ASSIGN_OR_RETURN(http::LoadResult res, http::RunLoad(lo));

  std::vector<BenchLine> out;
  auto line = [&](const std::string& name, double v, std::string unit) {
    out.push_back({o.label + "_" + name, v, std::move(unit)});
  };
  const double s = res.measured_seconds;
  line("rate_target", o.rate, "requests/s");
  line("connections", o.connections, "connections");
  line("flood_connections", o.flood_connections, "connections");
  int64_t answered = 0, unfinished = 0, errors = 0;
  for (const auto& r : res.routes) {
    for (size_t cls = 0; cls < r.latency_ms.size(); ++cls) {
      const auto& v = r.latency_ms[cls];
      if (!r.flood) answered += static_cast<int64_t>(v.size());
      // 2xx and 503 always (a zero is a figure); 4xx and other when they happened.
      if (v.empty() && cls != http::kLoad2xx && cls != http::kLoad503) continue;
      std::string pre = r.name + "_" + http::kLoadClassNames[cls] + "_";
      line(pre + "count", static_cast<double>(v.size()), "requests");
      line(pre + "per_s", static_cast<double>(v.size()) / s, "requests/s");
      if (v.empty()) continue;
      line(pre + "p50_ms", Quantile(v, 0.50), "ms");
      line(pre + "p99_ms", Quantile(v, 0.99), "ms");
      line(pre + "p999_ms", Quantile(v, 0.999), "ms");
    }
    if (r.errors > 0 || !r.flood)
      line(r.name + "_errors", static_cast<double>(r.errors), "requests");
    if (!r.flood) line(r.name + "_unfinished", static_cast<double>(r.unfinished), "requests");
    if (!r.flood) {
      errors += r.errors;
      unfinished += r.unfinished;
    }
  }
  line("offered_per_s", static_cast<double>(answered + errors + unfinished) / s, "requests/s");
  line("answered_per_s", static_cast<double>(answered) / s, "requests/s");
  line("send_lag_p99_ms", Quantile(res.send_lag_ms, 0.99), "ms");
  line("reconnects", static_cast<double>(res.reconnects), "connections");
  return out;
}

}  // namespace ow::overload
