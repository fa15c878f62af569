#include "ingest/ingest_bench.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <random>
#include <thread>

#include "checkpoint/pass_log.h"

namespace ow::checkpoint {

namespace {
double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

PassRecord Synthetic(std::mt19937_64& rng, int64_t i, double ms_per_record,
                     ClientIds ids = ClientIds::kNone, int producer = 0) {
  PassRecord r;
  r.person_id = "p" + std::to_string(rng() % 4000000);
  r.subject = "s" + std::to_string(rng() % 4000000);
  r.issuer = "330000";
  r.place_id = "pl" + std::to_string(rng() % 20000);
  r.at_ms = 1771000000000 + static_cast<int64_t>(static_cast<double>(i) * ms_per_record);
  r.direction = (i & 1) ? Direction::kOut : Direction::kIn;
  r.allowed = (rng() % 50) != 0;
  r.colour = r.allowed ? codes::Colour::kGreen : codes::Colour::kYellow;
  r.reason = r.allowed ? "ok" : "yellow_code";
  r.staff_id = "staff1";
  r.device = "bench";
  r.source = PassSource::kScan;
  if (ids == ClientIds::kOrdered) {
    // Shaped like the staff client's UUIDv7: milliseconds first.
    r.client_id = fmt::format("{:012x}-7{:03x}-{:016x}", r.at_ms, producer, i);
  } else if (ids == ClientIds::kRandom) {
    r.client_id = fmt::format("{:016x}{:016x}", rng(), rng());
  }
  return r;
}
}  // namespace

Result<std::vector<BenchLine>> RunIngestBench(const IngestBenchOptions& o) {
  std::string url = o.db_url;
  std::filesystem::path tmp;
  if (url.empty()) {
    std::random_device rd;
    tmp = std::filesystem::temp_directory_path() / ("ow-ingest-" + std::to_string(rd()));
    std::filesystem::create_directories(tmp);
    url = "sqlite:" + (tmp / "bench.db").string();
  }
  std::vector<BenchLine> out;
  {
    OW_ASSIGN_OR_RETURN(auto db, store::Open(url));
    OW_RETURN_IF_ERROR(store::Migrate(*db, PassLog::Migrations()));
    std::mt19937_64 rng(42);

    // Baseline: one transaction (one fsync) per record: each append waits for its commit
    // before the next is queued.
    PassLog log(*db);
    auto t0 = std::chrono::steady_clock::now();
    int64_t n_single = 0;
    while (Seconds(t0) < o.baseline_seconds) {
      OW_RETURN_IF_ERROR(log.AppendAndWait({Synthetic(rng, n_single, o.ms_per_record)}).status());
      ++n_single;
    }
    double single_rate = n_single / Seconds(t0);
    const auto before = log.stats();

    // Group commit through PassLog: producers keep a window of unacknowledged records.
    std::atomic<int64_t> acked{0};
    std::atomic<bool> failed{false};
    int64_t per_producer = o.records / o.producers;
    auto t1 = std::chrono::steady_clock::now();
    std::vector<std::thread> producers;
    for (int p = 0; p < o.producers; ++p) {
      producers.emplace_back([&, p] {
        std::mt19937_64 prng(p + 1);
        std::mutex m;
        std::condition_variable cv;
        int64_t in_flight = 0;
        for (int64_t i = 0; i < per_producer; ++i) {
          {
            std::unique_lock lock(m);
            cv.wait(lock, [&] { return in_flight < o.window; });
            ++in_flight;
          }
          log.Append({Synthetic(prng, i, o.ms_per_record, o.client_ids, p)},
                     [&](Result<AppendResult> r) {
                       if (!r.ok()) failed = true;
                       acked += r.ok() ? r->inserted : 0;
                       std::lock_guard lock(m);
                       --in_flight;
                       cv.notify_one();
                     });
        }
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return in_flight == 0; });
      });
    }
    for (auto& t : producers) t.join();
    double secs = Seconds(t1);
    if (failed) return Status::Internal("ingest failed");
    double rate = acked.load() / secs;
    auto stats = log.stats();
    stats.commits -= before.commits;
    stats.records -= before.records;
    out.push_back({"ingest_records_per_s", rate, "records/s"});
    out.push_back({"ingest_baseline_one_commit_per_record_per_s", single_rate, "records/s"});
    out.push_back({"ingest_speedup_vs_one_commit_per_record", rate / single_rate, "x"});
    out.push_back({"ingest_records", static_cast<double>(acked.load()), "records"});
    out.push_back({"ingest_commits", static_cast<double>(stats.commits), "commits"});
    // Reading after writing: a citizen's pass history over the whole span (every partition).
    std::vector<double> ms;
    std::mt19937_64 qrng(7);
    for (int q = 0; q < 50; ++q) {
      auto tq = std::chrono::steady_clock::now();
      OW_RETURN_IF_ERROR(log.ForPerson("p" + std::to_string(qrng() % 4000000), 0,
                                       std::numeric_limits<int64_t>::max(), 50)
                             .status());
      ms.push_back(Seconds(tq) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    out.push_back({"ingest_person_history_p50_ms", ms[ms.size() / 2], "ms"});
    out.push_back({"ingest_person_history_max_ms", ms.back(), "ms"});
    out.push_back({"ingest_records_per_commit",
                   stats.commits ? static_cast<double>(stats.records) / stats.commits : 0,
                   "records"});
  }
  if (!tmp.empty()) std::filesystem::remove_all(tmp);
  return out;
}

}  // namespace ow::checkpoint
