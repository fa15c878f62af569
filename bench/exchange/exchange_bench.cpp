// ExchangeBench: pushes through the gateway vs raw verification (see exchange_bench.h).
#include "exchange/exchange_bench.h"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>

#include "crypto/crypto.h"
#include "deptsim/departments.h"
#include "deptsim/push.h"
#include "exchange/call_signature.h"
#include "exchange/registry.h"
#include "exchange/sim_keys.h"
#include "support/bench_node.h"

namespace ow::exchangebench {

namespace {

namespace json = boost::json;
using Steady = std::chrono::steady_clock;

constexpr char kPassword[] = "bench password 1";

std::string ResidentId(int n) { return benchsupport::ResidentId("33010619850101", n); }

}  // namespace

Result<std::vector<BenchLine>> RunExchangeBench(const ExchangeBenchOptions& o) {
  if (o.events < 1 || o.persons < 1 || o.connections < 1)
    return Status::Invalid("events, persons and connections must be positive");
  OW_ASSIGN_OR_RETURN(auto node,
                      benchsupport::BenchNode::Start(
                          "exchange-bench",
                          [](app::AppConfig& c) {
                            c.identity.registrations = {0, 60'000};  // the bench registers a burst
                            c.identity.password_cost = crypto::PasswordCost::kMinimum;
                          },
                          o.io_threads));
  // The catalogue and the departments' seed-derived keys, as `dept-sim keys` gives them.
  exchange::Registry& registry = node->app().registry();
  OW_RETURN_IF_ERROR(registry.Import(json::parse(exchange::DefaultCatalogue()), "bench").status());
  for (const auto& d : deptsim::Departments()) {
    const auto member = deptsim::Member(d.member);
    const auto key = exchange::SimMemberKey(exchange::kDefaultSimSeed, member);
    OW_RETURN_IF_ERROR(registry.AddKey(
        member, {key.key_id, key.public_key, exchange::kSimKeyNotBeforeMs, 0}, "bench"));
  }
  deptsim::PushOptions push;
  push.onewindow_url = node->url();
  push.events = o.events;
  push.kind = o.kind;
  push.connections = o.connections;
  for (int i = 0; i < o.persons; ++i) {
    push.id_numbers.push_back(ResidentId(i));
    OW_RETURN_IF_ERROR(
        node->app().identity().Register({"赵交换", ResidentId(i), kPassword, {}, {}}).status());
  }
  OW_ASSIGN_OR_RETURN(std::vector<deptsim::SignedEvent> events, deptsim::BuildEvents(push));

  // Raw Ed25519 verification of exactly these messages (canonical string + signature).
  auto raw_start = Steady::now();
  int verified = 0;
  for (const auto& e : events)
    verified += exchange::VerifyCall(e.public_key, e.call, e.signature) ? 1 : 0;
  const double raw_s = std::chrono::duration<double>(Steady::now() - raw_start).count();
  if (verified != static_cast<int>(events.size()))
    return Status::Internal("raw verification failed for some events");

  OW_ASSIGN_OR_RETURN(deptsim::PushReport report, deptsim::SendEvents(push, events));
  if (report.accepted != o.events)
    return Status::Internal(
        "only " + std::to_string(report.accepted) + " of " + std::to_string(o.events) +
        " events accepted: " + json::serialize(deptsim::PushReportJson(report)));

  const store::GroupCommit::Stats commits = node->app().gateway().CommitStats();
  const double per_commit =
      commits.groups > 0 ? static_cast<double>(commits.units) / commits.groups : 0.0;

  // Restart on the same database: every accepted event is in the log, and the chain holds.
  OW_RETURN_IF_ERROR(node->Restart());
  OW_ASSIGN_OR_RETURN(auto counts, node->app().message_log().Counts());
  OW_ASSIGN_OR_RETURN(auto verify, node->app().message_log().Verify());
  if (!verify.ok) return Status::Internal("message log does not verify: " + verify.problem);

  const double raw_per_s = static_cast<double>(events.size()) / raw_s;
  const double exchange_per_s = report.events_per_s;
  return std::vector<BenchLine>{
      {"exchange_events_per_s", exchange_per_s, "1/s"},
      {"exchange_p50_ms", report.p50_ms, "ms"},
      {"exchange_p99_ms", report.p99_ms, "ms"},
      {"raw_verify_per_s", raw_per_s, "1/s"},
      {"exchange_vs_raw_verify", exchange_per_s / raw_per_s, "x"},
      {"exchange_calls_per_commit", per_commit, "calls"},
      {"events_logged_after_restart", static_cast<double>(counts.entries), "events"},
      {"events_lost", static_cast<double>(report.accepted - counts.entries), "events"},
  };
}

}  // namespace ow::exchangebench
