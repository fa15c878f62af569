// `onewindow dept-sim`: the simulated department systems (docs/exchange.md, "dept-sim").
//   dept-sim --port N [--seed S] [--onewindow URL] [--latency-ms X] [--fail-rate F]
//            [--data-size K] [--trust-key MEMBER[:KEY_ID]=BASE64]...
//       serves the six departments' X-Road provider endpoints until SIGINT/SIGTERM
//   dept-sim keys [--seed S] [--onewindow-members]
//       prints the seed-derived member keys as a catalogue document
//       {"members":[{id,name_zh,name_en,keys:[{key_id,public_key,not_before}]}]} for
//       `onewindow exchange registry import` (demo and tests only)
//   dept-sim push --onewindow URL [--seed S] [--events N] [--rate R] [--kind K]
//            [--id-numbers FILE] [--connections C]
//       pushes signed events and prints a JSON summary; exits 1 when some were not accepted
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "deptsim/departments.h"
#include "deptsim/push.h"
#include "deptsim/simulator.h"
#include "exchange/sim_keys.h"

namespace ow::cli {

namespace {

[[noreturn]] void Fail(const Status& s, int code = 1) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  throw CLI::RuntimeError(code);
}

boost::json::object KeysDocument(const std::string& seed, bool onewindow_members) {
  boost::json::array members;
  auto add = [&](const deptsim::Department& d) {
    auto key = exchange::SimMemberKey(seed, deptsim::Member(d.member));
    members.push_back(
        {{"id", d.member},
         {"name_zh", d.name_zh},
         {"name_en", d.name_en},
         {"keys",
          boost::json::array{{{"key_id", key.key_id},
                              {"public_key", crypto::Base64Encode(key.public_key)},
                              {"not_before", FormatRfc3339(exchange::kSimKeyNotBeforeMs)}}}}});
  };
  for (const auto& d : deptsim::Departments()) add(d);
  if (onewindow_members)
    for (const auto& d : deptsim::OneWindowMembers()) add(d);
  return {{"members", std::move(members)}};
}

}  // namespace

void AddDeptSimCommand(CLI::App& app) {
  struct Args {
    deptsim::SimOptions sim;
    std::string address = "127.0.0.1";
    int port = 8400;
    int threads = 16;
    std::vector<std::string> trust_keys;
    // keys
    std::string keys_seed = exchange::kDefaultSimSeed;
    bool onewindow_members = false;
    // push
    deptsim::PushOptions push;
    std::string id_file;
    int timeout_ms = 5000;
  };
  auto args = std::make_shared<Args>();
  args->sim.seed = exchange::kDefaultSimSeed;
  args->push.seed = exchange::kDefaultSimSeed;
  auto* cmd = app.add_subcommand(
      "dept-sim", "simulated department systems (X-Road providers and pushers) for tests/demo");
  cmd->add_option("--address", args->address, "listen address")->capture_default_str();
  cmd->add_option("--port", args->port, "listen port (0 = any free port)")->capture_default_str();
  cmd->add_option("--seed", args->sim.seed, "seed of the data set and of the member keys")
      ->capture_default_str();
  cmd->add_option("--onewindow", args->sim.onewindow_url, "OneWindow's URL (shown in /sim/health)");
  cmd->add_option("--latency-ms", args->sim.latency_ms, "delay before each /r1/ answer")
      ->check(CLI::Range(0, 60000));
  cmd->add_option("--fail-rate", args->sim.fail_rate, "share of /r1/ calls answered 500")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--data-size", args->sim.data_size, "enterprises and persons in the data set")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--trust-key", args->trust_keys,
                  "also trust MEMBER[:KEY_ID]=BASE64 (Ed25519 public key)");
  cmd->add_option("--threads", args->threads, "server threads")->capture_default_str();

  auto* keys = cmd->add_subcommand("keys", "print the seed-derived member keys (demo/test only)");
  keys->add_option("--seed", args->keys_seed, "seed")->capture_default_str();
  keys->add_flag("--onewindow-members", args->onewindow_members,
                 "also OneWindow's own members (330000-OW/hall, /healthcode)");
  keys->callback([args] {
    std::printf(
        "%s\n",
        boost::json::serialize(KeysDocument(args->keys_seed, args->onewindow_members)).c_str());
  });

  auto* push = cmd->add_subcommand("push", "push signed events to OneWindow");
  push->add_option("--onewindow", args->push.onewindow_url, "OneWindow's URL http://HOST:PORT")
      ->required();
  push->add_option("--seed", args->push.seed, "seed")->capture_default_str();
  push->add_option("--events", args->push.events, "number of events")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  push->add_option("--rate", args->push.rate, "events per second (0 = as fast as possible)")
      ->check(CLI::Range(0.0, 1e9));
  push->add_option("--kind", args->push.kind,
                   "fever_clinic_visit|fever_drug_purchase|test_result|rail_trip (default: mix)");
  push->add_option("--id-numbers", args->id_file, "file of resident ids, one per line");
  push->add_option("--connections", args->push.connections, "parallel connections")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  push->add_option("--timeout-ms", args->timeout_ms, "per attempt")->capture_default_str();
  push->callback([args] {
    if (!args->id_file.empty()) {
      std::ifstream in(args->id_file);
      if (!in) Fail(Status::NotFound("cannot read " + args->id_file), 2);
      for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) args->push.id_numbers.push_back(line);
      }
    }
    args->push.timeout = std::chrono::milliseconds(args->timeout_ms);
    auto report = deptsim::PushEvents(args->push);
    if (!report.ok()) Fail(report.status(), report.status().code() == Code::kInvalid ? 2 : 1);
    std::printf("%s\n", boost::json::serialize(deptsim::PushReportJson(*report)).c_str());
    if (report->accepted != report->sent) throw CLI::RuntimeError(1);
  });

  cmd->callback([cmd, args] {
    if (!cmd->get_subcommands().empty()) return;  // keys / push ran
    for (const auto& spec : args->trust_keys) {
      Status s = deptsim::AddTrustKey(spec, args->sim.trust);
      if (!s.ok()) Fail(s, 2);
    }
    if (args->port < 0 || args->port > 65535) Fail(Status::Invalid("bad --port"), 2);
    Status s =
        deptsim::Serve(args->sim, args->address, static_cast<uint16_t>(args->port), args->threads);
    if (!s.ok()) Fail(s);
  });
}

}  // namespace ow::cli
