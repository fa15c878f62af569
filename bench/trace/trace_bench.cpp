#include "trace/trace_bench.h"

#include <malloc.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace ow::trace {

namespace {

constexpr int64_t kSec = 1000;
constexpr int64_t kMinute = 60 * kSec;
constexpr int64_t kHourMs = 60 * kMinute;
constexpr int64_t kDayMs = 24 * kHourMs;

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// A kB field of /proc/self/status ("VmRSS:", "VmHWM:") in MiB.
double StatusMb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;
  return 0;
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(i, 1, v.size()) - 1];
}

// The infectious window of every benchmark case: the last 16 days of the province.
TraceOptions CaseWindow(const ProvinceSpec& spec) {
  TraceOptions o;
  o.to_ms = kProvinceStartMs + spec.days * kDayMs;
  o.from_ms = std::max(kProvinceStartMs, o.to_ms - 16 * kDayMs);
  return o;
}

// Persons with at least one presence in the window, drawn at random.
std::vector<uint32_t> PickCases(const ContactIndex& idx, const ProvinceSpec& spec, int n,
                                uint64_t seed) {
  std::mt19937_64 rng(seed);
  TraceOptions o = CaseWindow(spec);
  std::vector<uint32_t> out;
  for (int tries = 0; static_cast<int>(out.size()) < n && tries < 100 * n + 1000; ++tries) {
    uint32_t p = static_cast<uint32_t>(rng() % spec.persons);
    if (!idx.Presences(p, o).empty()) out.push_back(p);
  }
  return out;
}

Status SqliteError(sqlite3* db, const std::string& what) {
  return Status::Internal("bench trace: sqlite " + what + ": " + sqlite3_errmsg(db));
}

// The SQL baseline: pass(person, place, t_in, t_out) with one row per presence (as paired by
// the index, so both sides answer the same question), and one plain self-join per case.
class SqlBaseline {
 public:
  ~SqlBaseline() {
    if (query_) sqlite3_finalize(query_);
    if (db_) sqlite3_close(db_);
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }

  Status Load(const ContactIndex& idx, uint32_t persons, const TraceOptions& all) {
    path_ = (std::filesystem::temp_directory_path() /
             ("ow-trace-bench-" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) return SqliteError(db_, "open");
    OW_RETURN_IF_ERROR(
        Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
             "CREATE TABLE pass(person INTEGER NOT NULL, place INTEGER NOT NULL,"
             " t_in INTEGER NOT NULL, t_out INTEGER NOT NULL); BEGIN"));
    sqlite3_stmt* ins = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO pass VALUES (?,?,?,?)", -1, &ins, nullptr) !=
        SQLITE_OK)
      return SqliteError(db_, "prepare insert");
    for (uint32_t p = 0; p < persons; ++p) {
      for (const Presence& pr : idx.Presences(p, all)) {
        sqlite3_bind_int64(ins, 1, p);
        sqlite3_bind_int64(ins, 2, pr.place);
        sqlite3_bind_int64(ins, 3, pr.from_ms);
        sqlite3_bind_int64(ins, 4, pr.to_ms);
        if (sqlite3_step(ins) != SQLITE_DONE) {
          sqlite3_finalize(ins);
          return SqliteError(db_, "insert");
        }
        sqlite3_reset(ins);
        ++rows_;
      }
    }
    sqlite3_finalize(ins);
    OW_RETURN_IF_ERROR(
        Exec("COMMIT; CREATE INDEX pass_person ON pass(person, t_in);"
             "CREATE INDEX pass_place ON pass(place, t_in); ANALYZE"));
    if (sqlite3_prepare_v2(db_,
                           "SELECT DISTINCT b.person FROM pass a JOIN pass b ON b.place = a.place "
                           "AND b.t_in < a.t_out AND a.t_in < b.t_out AND b.person <> a.person "
                           "WHERE a.person = ? AND a.t_out > ? AND a.t_in < ?",
                           -1, &query_, nullptr) != SQLITE_OK)
      return SqliteError(db_, "prepare query");
    return Status::Ok();
  }

  Result<std::vector<uint32_t>> Trace(uint32_t person, const TraceOptions& o) {
    std::vector<uint32_t> out;
    sqlite3_bind_int64(query_, 1, person);
    sqlite3_bind_int64(query_, 2, o.from_ms);
    sqlite3_bind_int64(query_, 3, o.to_ms);
    int rc;
    while ((rc = sqlite3_step(query_)) == SQLITE_ROW)
      out.push_back(static_cast<uint32_t>(sqlite3_column_int64(query_, 0)));
    sqlite3_reset(query_);
    if (rc != SQLITE_DONE) return SqliteError(db_, "query");
    std::sort(out.begin(), out.end());
    return out;
  }

  int64_t rows() const { return rows_; }

 private:
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "?";
      sqlite3_free(err);
      return Status::Internal("bench trace: sqlite: " + m);
    }
    return Status::Ok();
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* query_ = nullptr;
  int64_t rows_ = 0;
};

}  // namespace

std::vector<Pass> GenerateProvince(const ProvinceSpec& spec) {
  const uint32_t persons = std::max<uint32_t>(spec.persons, 1);
  const uint32_t places = std::max<uint32_t>(spec.places, 2);
  const uint32_t gates = places / 2, venues = places - gates;
  std::vector<Pass> out;
  out.reserve(static_cast<size_t>(std::max<int64_t>(spec.scans_per_day, 0) + 16) *
              std::max(spec.days, 0));
  for (int day = 0; day < spec.days; ++day) {
    std::mt19937_64 rng(SplitMix(spec.seed ^ (0x5eedULL + static_cast<uint64_t>(day) * 7919)));
    auto minutes = [&](int lo, int hi) {  // a random duration in [lo, hi) minutes, whole seconds
      return lo * kMinute + static_cast<int64_t>(rng() % ((hi - lo) * 60)) * kSec;
    };
    auto venue = [&] {  // skewed: a few busy malls and stations, many quiet shops
      double u = std::uniform_real_distribution<double>(0, 1)(rng);
      return gates + std::min<uint32_t>(venues - 1, static_cast<uint32_t>(u * u * venues));
    };
    const int64_t day0 = kProvinceStartMs + day * kDayMs;
    const size_t end = out.size() + static_cast<size_t>(std::max<int64_t>(spec.scans_per_day, 0));
    while (out.size() < end) {
      // One person's day: leave home, maybe work, a few venues, come back.
      const uint32_t p = static_cast<uint32_t>(rng() % persons);
      const uint64_t h = SplitMix(spec.seed * 31 + p);
      const uint32_t home = static_cast<uint32_t>(h % gates);
      const bool worker = (h >> 32) % 10 < 6;
      const uint32_t work = gates + static_cast<uint32_t>((h >> 40) % venues);
      int64_t t = day0 + 6 * kHourMs + minutes(30, 210);
      out.push_back({p, home, t, Direction::kOut});
      if (worker) {
        t += minutes(10, 60);
        out.push_back({p, work, t, Direction::kIn});
        t += minutes(7 * 60, 10 * 60);
        out.push_back({p, work, t, Direction::kOut});
      }
      int visits = static_cast<int>(rng() % 3);
      if (!worker && visits == 0) visits = 1;
      for (int v = 0; v < visits; ++v) {
        t += minutes(10, 90);
        uint32_t place = venue();
        out.push_back({p, place, t, Direction::kIn});
        if (rng() % 10 < 3) {  // entry-only: the venue scans only at the door
          t += minutes(15, 60);
        } else {
          t += minutes(15, 120);
          out.push_back({p, place, t, Direction::kOut});
        }
      }
      t += minutes(10, 40);
      out.push_back({p, home, t, Direction::kIn});
    }
  }
  return out;
}

Status RunTraceBench(const TraceBenchOptions& o,
                     const std::function<void(const TraceBenchLine&)>& emit) {
  const ProvinceSpec& spec = o.province;
  if (spec.persons == 0 || spec.places < 2 || spec.days <= 0 || spec.scans_per_day <= 0)
    return Status::Invalid("bench trace: need persons > 0, places >= 2, days > 0, scans > 0");
  const int threads = std::max(o.threads, 1);
  emit({"persons", static_cast<double>(spec.persons), "persons"});
  emit({"places", static_cast<double>(spec.places), "places"});
  emit({"days", static_cast<double>(spec.days), "days"});

  auto t0 = std::chrono::steady_clock::now();
  std::vector<Pass> passes = GenerateProvince(spec);
  emit({"generate_s", Seconds(t0), "s"});
  const size_t records = passes.size();
  emit({"records", static_cast<double>(records), "records"});

  // Building the index: the bulk add and the compaction into the CSR arrays.
  ContactIndex idx;
  t0 = std::chrono::steady_clock::now();
  idx.Add(passes);
  idx.Compact();
  emit({"load_s", Seconds(t0), "s"});
  std::vector<Pass>().swap(passes);
  malloc_trim(0);
  emit({"rss_mb", StatusMb("VmRSS:"), "MiB"});
  emit({"index_mb", static_cast<double>(idx.MemoryBytes()) / (1 << 20), "MiB"});
  emit({"bytes_per_record",
        static_cast<double>(idx.MemoryBytes()) / static_cast<double>(std::max<size_t>(records, 1)),
        "B"});

  // Per-case latency over the last 16 days.
  const TraceOptions window = CaseWindow(spec);
  std::vector<uint32_t> cases = PickCases(idx, spec, o.cases, spec.seed + 1);
  std::vector<double> ms;
  double contacts = 0;
  for (uint32_t c : cases) {
    auto t = std::chrono::steady_clock::now();
    auto found = idx.Trace(c, window);
    ms.push_back(Seconds(t) * 1000);
    contacts += static_cast<double>(found.size());
  }
  emit({"trace_cases", static_cast<double>(cases.size()), "cases"});
  emit({"trace_case_p50_ms", Percentile(ms, 0.5), "ms"});
  emit({"trace_case_p99_ms", Percentile(ms, 0.99), "ms"});
  emit({"trace_case_contacts_avg", cases.empty() ? 0 : contacts / cases.size(), "persons"});

  // A batch of 1,000 cases over `threads` threads (Trace is const and thread-safe).
  {
    std::vector<uint32_t> batch = PickCases(idx, spec, 1000, spec.seed + 2);
    std::atomic<size_t> next{0};
    std::atomic<size_t> found{0};
    auto t = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
      pool.emplace_back([&] {
        for (size_t k; (k = next.fetch_add(1)) < batch.size();)
          found += idx.Trace(batch[k], window).size();
      });
    for (auto& th : pool) th.join();
    emit({"trace_batch_1000_s", Seconds(t), "s"});
    emit({"trace_batch_threads", static_cast<double>(threads), "threads"});
  }

  // Risk-area publication: ~5% of the places over the last 3 days. This is the in-memory
  // recolouring of everyone: find every person with a pass there (PassesAt), then recompute a
  // colour for EVERY person of the province in a compact per-person colour array (uint8
  // standing colour, max with the area level), counting the changes.
  {
    std::mt19937_64 rng(spec.seed + 3);
    std::vector<uint32_t> area;
    for (uint32_t pl = 0; pl < spec.places; ++pl)
      if (rng() % 20 == 0) area.push_back(pl);
    std::vector<uint8_t> standing(spec.persons, 0);  // 0 green, 1 yellow, 2 red
    for (auto& c : standing) {
      uint64_t r = rng() % 1000;
      c = r < 2 ? 2 : r < 12 ? 1 : 0;
    }
    std::vector<uint8_t> colour(spec.persons);
    const int64_t to = kProvinceStartMs + spec.days * kDayMs, from = to - 3 * kDayMs;
    auto t = std::chrono::steady_clock::now();
    std::vector<uint8_t> level(spec.persons, 0);
    idx.PassesAt(area, from, to, [&](uint32_t p, int64_t) { level[p] = 2; });  // high: red
    size_t changed = 0, in_area = 0;
    for (uint32_t p = 0; p < spec.persons; ++p) {
      colour[p] = std::max(standing[p], level[p]);
      changed += colour[p] != standing[p];
      in_area += level[p] != 0;
    }
    emit({"recolour_s", Seconds(t), "s"});
    emit({"recolour_persons", static_cast<double>(spec.persons), "persons"});
    emit({"recolour_area_places", static_cast<double>(area.size()), "places"});
    emit({"recolour_area_persons", static_cast<double>(in_area), "persons"});
    emit({"recolour_changed", static_cast<double>(changed), "persons"});
  }

  // Live appends after the build (late and new pass records, one Add each, as the server
  // feeds them), then the Compact that merges them into the CSR arrays.
  {
    std::mt19937_64 rng(spec.seed + 5);
    const int64_t last = kProvinceStartMs + (spec.days - 1) * kDayMs;
    std::vector<Pass> late(100'000);
    for (Pass& p : late)
      p = {static_cast<uint32_t>(rng() % spec.persons), static_cast<uint32_t>(rng() % spec.places),
           last + static_cast<int64_t>(rng() % (kDayMs / kSec)) * kSec,
           rng() % 2 ? Direction::kOut : Direction::kIn};
    auto t = std::chrono::steady_clock::now();
    for (const Pass& p : late) idx.Add(p);
    emit({"append_records_per_s", static_cast<double>(late.size()) / Seconds(t), "records/s"});
    t = std::chrono::steady_clock::now();
    idx.Compact();
    emit({"compact_after_appends_s", Seconds(t), "s"});
  }

  // The SQL baseline, on this province or (if larger than sql_records) on a proportionally
  // smaller one from the same generator; the index is measured again on the same data.
  ContactIndex small;
  ProvinceSpec sspec = spec;
  const ContactIndex* base = &idx;
  if (static_cast<int64_t>(records) > o.sql_records) {
    double f = static_cast<double>(o.sql_records) / static_cast<double>(records);
    sspec.persons = std::max<uint32_t>(1, static_cast<uint32_t>(spec.persons * f));
    sspec.places = std::max<uint32_t>(2, static_cast<uint32_t>(spec.places * f));
    sspec.scans_per_day = std::max<int64_t>(1, static_cast<int64_t>(spec.scans_per_day * f));
    small.Add(GenerateProvince(sspec));
    small.Compact();
    base = &small;
  }
  emit({"sql_baseline_records", static_cast<double>(base->records()), "records"});
  SqlBaseline sql;
  TraceOptions all;
  all.from_ms = std::numeric_limits<int64_t>::min();
  all.to_ms = std::numeric_limits<int64_t>::max();
  t0 = std::chrono::steady_clock::now();
  OW_RETURN_IF_ERROR(sql.Load(*base, sspec.persons, all));
  emit({"sql_baseline_load_s", Seconds(t0), "s"});
  emit({"sql_baseline_rows", static_cast<double>(sql.rows()), "rows"});

  const TraceOptions swindow = CaseWindow(sspec);
  std::vector<uint32_t> scases = PickCases(*base, sspec, o.cases, spec.seed + 4);
  std::vector<double> sql_ms, idx_ms;
  for (size_t i = 0; i < scases.size(); ++i) {
    auto t = std::chrono::steady_clock::now();
    OW_ASSIGN_OR_RETURN(std::vector<uint32_t> from_sql, sql.Trace(scases[i], swindow));
    sql_ms.push_back(Seconds(t) * 1000);
    t = std::chrono::steady_clock::now();
    auto from_idx = base->Trace(scases[i], swindow);
    idx_ms.push_back(Seconds(t) * 1000);
    if (i < 20) {  // cross-check: the same person set
      std::vector<uint32_t> people;
      for (const Contact& c : from_idx) people.push_back(c.person);
      if (people != from_sql)
        return Status::Internal("bench trace: SQL baseline and index disagree for person " +
                                std::to_string(scases[i]) + ": " + std::to_string(from_sql.size()) +
                                " vs " + std::to_string(people.size()) + " contacts");
    }
  }
  double sql_p50 = Percentile(sql_ms, 0.5), idx_p50 = Percentile(idx_ms, 0.5);
  emit({"sql_baseline_cases", static_cast<double>(scases.size()), "cases"});
  emit({"sql_baseline_case_p50_ms", sql_p50, "ms"});
  emit({"sql_baseline_case_p99_ms", Percentile(sql_ms, 0.99), "ms"});
  emit({"index_case_p50_ms_same_data", idx_p50, "ms"});
  emit({"speedup_vs_sql", idx_p50 > 0 ? sql_p50 / idx_p50 : 0, "x"});
  emit({"rss_peak_mb", StatusMb("VmHWM:"), "MiB"});  // includes the generated input
  return Status::Ok();
}

}  // namespace ow::trace
