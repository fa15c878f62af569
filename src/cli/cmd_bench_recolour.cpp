// `onewindow bench recolour`: how fast the server recolours people through the colour engine
// (one serializable transaction per person: events, evaluation, timeline, inbox message and
// community task), as a risk-area publication or lift does, against plain colour reads in the
// same run.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "cli/commands.h"

namespace ow::cli {

namespace {

struct RecolourOptions {
  std::string db_url;  // "" = a fresh SQLite file in /tmp
  int people = 2000;
  int threads = 4;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void Line(const char* name, double value, const char* unit) {
  std::printf("{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}\n", name, value, unit);
  std::fflush(stdout);
}

// Runs fn(i) for i in [0, n) on `threads` threads; returns the first failure.
Status Parallel(int n, int threads, const std::function<Status(int)>& fn) {
  std::atomic<int> next{0};
  std::mutex mu;
  Status first;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) {
        Status s = fn(i);
        if (!s.ok()) {
          std::lock_guard lock(mu);
          if (first.ok()) first = s;
        }
      }
    });
  for (auto& th : pool) th.join();
  return first;
}

Status Run(const RecolourOptions& o) {
  std::filesystem::path tmp = std::filesystem::temp_directory_path() /
                              ("ow-recolour-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(tmp);
  app::AppConfig config;
  config.db_url = o.db_url.empty() ? "sqlite:" + (tmp / "bench.db").string() : o.db_url;
  config.key_file = (tmp / "master.key").string();
  Status result;
  {
    OW_ASSIGN_OR_RETURN(auto app, app::Application::Open(config));
    auto& colours = app->health_codes();
    auto person = [](int i) { return "bench-person-" + std::to_string(i); };
    const std::string ref = "risk_area:bench";

    // Baseline: one transaction per person (as a single department signal is applied), for a
    // quarter of the people under another ref.
    const int single = std::max(1, o.people / 4);
    auto start = std::chrono::steady_clock::now();
    OW_RETURN_IF_ERROR(Parallel(single, o.threads, [&](int i) {
      healthcode::Signal s{person(o.people + i),
                           healthcode::SignalKind::kStayHighRiskArea,
                           "risk_area",
                           app->clock().NowMillis() - 3'600'000,
                           "bench",
                           "risk_area:single"};
      return colours.ApplySignal(s).status();
    }));
    const double single_s = Seconds(start);

    // What a risk-area publication does: the signals in batches, a chunk of people per commit.
    std::vector<healthcode::Signal> signals;
    for (int i = 0; i < o.people; ++i)
      signals.push_back({person(i), healthcode::SignalKind::kStayHighRiskArea, "risk_area",
                         app->clock().NowMillis() - 3'600'000, "bench", ref});
    start = std::chrono::steady_clock::now();
    OW_RETURN_IF_ERROR(app->health_codes().ApplySignals(signals, "bench"));
    const double publish_s = Seconds(start);

    start = std::chrono::steady_clock::now();
    OW_RETURN_IF_ERROR(Parallel(o.people, o.threads, [&](int i) {
      auto st = colours.Current(person(i));
      if (st.ok() && st->colour != codes::Colour::kRed)
        return Status::Internal(person(i) + " is not red after the publication");
      return st.status();
    }));
    const double read_s = Seconds(start);

    start = std::chrono::steady_clock::now();
    OW_RETURN_IF_ERROR(colours.WithdrawSignals(ref));
    const double lift_s = Seconds(start);
    auto back = colours.Current(person(0));
    if (!back.ok() || back->colour != codes::Colour::kGreen)
      return Status::Internal("not green again after the lift");

    Line("recolour_people", o.people, "people");
    Line("recolour_server_per_s", o.people / publish_s, "people/s");
    Line("recolour_one_tx_per_person_per_s", single / single_s, "people/s");
    Line("recolour_batch_speedup", (o.people / publish_s) / (single / single_s), "x");
    Line("lift_server_per_s", o.people / lift_s, "people/s");
    Line("baseline_colour_reads_per_s", o.people / read_s, "reads/s");
    Line("recolour_vs_reads", read_s / publish_s, "x");
    Line("recolour_10m_projected_s", 1e7 * publish_s / o.people, "s");
  }
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  return result;
}

}  // namespace

void AddBenchRecolourCommand(CLI::App& bench) {
  auto o = std::make_shared<RecolourOptions>();
  auto* cmd = bench.add_subcommand(
      "recolour", "people/s recoloured through the colour engine (risk-area publish and lift)");
  cmd->add_option("--db", o->db_url, "database (default: a fresh SQLite file in /tmp)");
  cmd->add_option("--people", o->people, "people to recolour")->capture_default_str();
  cmd->add_option("--threads", o->threads, "threads")->capture_default_str();
  cmd->callback([o] {
    Status s = Run(*o);
    if (!s.ok()) {
      std::fprintf(stderr, "bench recolour: %s\n", s.ToString().c_str());
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace ow::cli
