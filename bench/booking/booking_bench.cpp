// `onewindow bench booking` (see booking_bench.h).
#include "booking/booking_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "core/time.h"
#include "http/client.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"
#include "support/bench_node.h"

namespace ow::bookingbench {

namespace {
using Clock = std::chrono::steady_clock;
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
}  // namespace

namespace {

// One contest: `o.people` people compete for the slots of one owner prefix.
struct Contest {
  int booked = 0;
  int64_t requests = 0;
  double fill_s = 0, total_s = 0;
  std::vector<double> booking_ms, request_ms;
};

// Creates `o.slots` slots of capacity one tomorrow from 08:00 under "bench:<run>/".
Result<std::vector<std::string>> MakeSlots(app::Application& app, const BookingBenchOptions& o,
                                           const std::string& run) {
  scheduling::ScheduleService& schedules = app.schedules();
  const int64_t base = ShanghaiMidnightMillis(CivilFromDays(
                           DaysFromCivil(ShanghaiDate(app.clock().NowMillis())) + 1)) +
                       8 * kMillisPerHour;
  std::vector<std::string> slot_ids;
  for (int s = 0; s < o.schedules; ++s) {
    scheduling::ScheduleSpec spec;
    spec.owner = "bench:" + run + "/owner:" + std::to_string(s);
    spec.realm = "bench";
    spec.name = "bench";
    OW_ASSIGN_OR_RETURN(auto sched, schedules.Create(spec));
    const int per = o.slots / o.schedules + (s < o.slots % o.schedules ? 1 : 0);
    for (int i = 0; i < per; ++i) {
      const int64_t start = base + int64_t{i} * 10 * kMillisPerMinute;
      OW_ASSIGN_OR_RETURN(auto slot,
                          schedules.AddSlot(sched.id, start, start + 10 * kMillisPerMinute, 1));
      slot_ids.push_back(slot.id);
    }
  }
  return slot_ids;
}

// Synchronous: `o.threads` threads each call Book and wait (as io threads did).
Result<Contest> RunSync(scheduling::BookingService& bookings, const BookingBenchOptions& o,
                        const std::vector<std::string>& slot_ids, const std::string& run) {
  std::atomic<int> next_person{0}, booked{0}, errors{0};
  std::atomic<int64_t> requests{0};
  std::mutex mu;
  Contest c;
  Clock::time_point full_at = Clock::time_point::max();
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(0x5eed + t);
      std::uniform_int_distribution<size_t> pick(0, slot_ids.size() - 1);
      std::vector<double> mine_booking, mine_request;
      for (int p = next_person++; p < o.people; p = next_person++) {
        const std::string person = "bench-" + run + "-person-" + std::to_string(p);
        for (int a = 0; a < o.attempts; ++a) {
          const auto s = Clock::now();
          auto r = bookings.Book({slot_ids[pick(rng)], person, "", ""});
          const double ms = Ms(Clock::now() - s);
          ++requests;
          mine_request.push_back(ms);
          if (r.ok()) {
            mine_booking.push_back(ms);
            if (++booked == static_cast<int>(slot_ids.size())) {
              std::lock_guard lock(mu);
              full_at = Clock::now();
            }
            break;
          }
          if (r.status().code() != Code::kConflict) {
            ++errors;
            break;
          }
        }
      }
      std::lock_guard lock(mu);
      c.booking_ms.insert(c.booking_ms.end(), mine_booking.begin(), mine_booking.end());
      c.request_ms.insert(c.request_ms.end(), mine_request.begin(), mine_request.end());
    });
  }
  for (auto& th : threads) th.join();
  const auto t1 = Clock::now();
  if (errors.load() > 0)
    return Status::Internal(std::to_string(errors.load()) + " bookings failed with an error");
  c.booked = booked.load();
  c.requests = requests.load();
  c.fill_s =
      std::chrono::duration<double>((full_at == Clock::time_point::max() ? t1 : full_at) - t0)
          .count();
  c.total_s = std::chrono::duration<double>(t1 - t0).count();
  return c;
}

// Asynchronous: up to `o.in_flight` bookings outstanding through BookAsync (as the HTTP route
// now is: a request's thread goes on while its booking waits for the group's commit); two
// submitting threads stand for the io threads.
Result<Contest> RunAsync(scheduling::BookingService& bookings, const BookingBenchOptions& o,
                         const std::vector<std::string>& slot_ids, const std::string& run) {
  constexpr int kSubmitters = 2;
  std::atomic<int> next_person{0}, booked{0}, errors{0}, outstanding{0};
  std::atomic<int64_t> requests{0};
  std::mutex mu;
  std::condition_variable cv;  // a booking finished (a place in the window is free)
  Contest c;
  Clock::time_point full_at = Clock::time_point::max();
  const auto t0 = Clock::now();
  struct Attempt {
    std::string person;
    int tries = 0;
    uint64_t seed = 0;
  };
  // One attempt of a person; on a refusal of a full slot, the next try (bounded by `attempts`)
  // is queued for the submitting threads, as a client would retry (never on the committer's
  // thread, which the callbacks run on).
  std::deque<std::shared_ptr<Attempt>> retries;  // guarded by mu
  std::function<void(std::shared_ptr<Attempt>)> attempt = [&](std::shared_ptr<Attempt> a) {
    std::mt19937_64 rng(a->seed + static_cast<uint64_t>(a->tries));
    std::uniform_int_distribution<size_t> pick(0, slot_ids.size() - 1);
    const auto s = Clock::now();
    bookings.BookAsync({slot_ids[pick(rng)], a->person, "", ""}, {},
                       [&, a, s](Result<scheduling::Booking> r) {
                         const double ms = Ms(Clock::now() - s);
                         ++requests;
                         bool again = false;
                         {
                           std::lock_guard lock(mu);
                           c.request_ms.push_back(ms);
                           if (r.ok()) {
                             c.booking_ms.push_back(ms);
                             if (++booked == static_cast<int>(slot_ids.size()))
                               full_at = Clock::now();
                           } else if (r.status().code() != Code::kConflict) {
                             ++errors;
                           } else {
                             again = ++a->tries < o.attempts;
                           }
                           if (again)
                             retries.push_back(a);
                           else
                             --outstanding;
                         }
                         cv.notify_all();
                       });
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kSubmitters; ++t) {
    threads.emplace_back([&, t] {
      for (int p = next_person++;;) {
        std::shared_ptr<Attempt> retry;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] {
            return !retries.empty() || (p < o.people && outstanding.load() < o.in_flight) ||
                   (p >= o.people && outstanding.load() == 0);
          });
          if (!retries.empty()) {
            retry = retries.front();
            retries.pop_front();
          } else if (p >= o.people) {
            break;  // every booking of everyone has finished
          } else {
            ++outstanding;
          }
        }
        if (retry) {
          attempt(retry);
          continue;
        }
        auto a = std::make_shared<Attempt>();
        a->person = "bench-" + run + "-person-" + std::to_string(p);
        a->seed = 0x5eed + static_cast<uint64_t>(t) * 7919 + static_cast<uint64_t>(p) * 104729;
        attempt(a);
        p = next_person++;
      }
      cv.notify_all();
    });
  }
  for (auto& th : threads) th.join();
  const auto t1 = Clock::now();
  if (errors.load() > 0)
    return Status::Internal(std::to_string(errors.load()) + " bookings failed with an error");
  c.booked = booked.load();
  c.requests = requests.load();
  c.fill_s =
      std::chrono::duration<double>((full_at == Clock::time_point::max() ? t1 : full_at) - t0)
          .count();
  c.total_s = std::chrono::duration<double>(t1 - t0).count();
  return c;
}

// The count check of one contest, from the database; its lines, names prefixed by `pre`.
Status Report(app::Application& app, const std::string& run, const std::string& pre,
              const Contest& c, int people, std::vector<BenchLine>& out) {
  OW_ASSIGN_OR_RETURN(store::Rows rows,
                      app.db().Query("SELECT COUNT(*), COALESCE(MAX(booked), 0), "
                                     "COALESCE(SUM(capacity), 0) FROM sched_slots "
                                     "WHERE owner >= ? AND owner < ?",
                                     {"bench:" + run + "/", "bench:" + run + "0"}));
  OW_ASSIGN_OR_RETURN(store::Rows rows_booked,
                      app.db().Query("SELECT COUNT(*) FROM sched_bookings WHERE owner >= ? AND "
                                     "owner < ? AND status = 'booked'",
                                     {"bench:" + run + "/", "bench:" + run + "0"}));
  const double capacity = static_cast<double>(rows[0].Int(2));
  const double in_db = static_cast<double>(rows_booked[0].Int(0));
  out.push_back({pre + "capacity", capacity, "places"});
  out.push_back({pre + "booked", in_db, "bookings"});
  out.push_back({pre + "max_booked_per_slot", static_cast<double>(rows[0].Int(1)), "bookings"});
  out.push_back({pre + "bookings_per_s", c.booked / c.fill_s, "bookings/s"});
  out.push_back({pre + "booking_p99_ms", benchsupport::Quantile(c.booking_ms, 0.99), "ms"});
  out.push_back({pre + "booking_p50_ms", benchsupport::Quantile(c.booking_ms, 0.50), "ms"});
  out.push_back({pre + "requests", static_cast<double>(c.requests), "requests"});
  out.push_back({pre + "requests_per_s", c.requests / c.total_s, "requests/s"});
  out.push_back({pre + "request_p99_ms", benchsupport::Quantile(c.request_ms, 0.99), "ms"});
  out.push_back({pre + "people", static_cast<double>(people), "people"});
  if (in_db > capacity || in_db != c.booked)
    return Status::Internal("count check failed: " + std::to_string(in_db) + " bookings for " +
                            std::to_string(capacity) + " places");
  return Status::Ok();
}

// The baseline of this run: GET /healthz on the node, from four connections, for a second.
Result<double> HealthzPerSecond(const benchsupport::BenchNode& node) {
  constexpr int kConnections = 4;
  std::atomic<int64_t> done{0}, bad{0};
  const auto until = Clock::now() + std::chrono::seconds(1);
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back([&] {
      http::Client client("127.0.0.1", node.port());
      while (Clock::now() < until) {
        auto r = client.Send("GET", "/healthz");
        if (!r.ok() || r->status != 200) ++bad;
        ++done;
      }
    });
  }
  for (auto& th : threads) th.join();
  if (bad.load() > 0) return Status::Internal("healthz failed during the baseline");
  return done.load() / std::chrono::duration<double>(Clock::now() - t0).count();
}

store::GroupCommit::Stats Minus(store::GroupCommit::Stats a, const store::GroupCommit::Stats& b) {
  a.groups -= b.groups;
  a.units -= b.units;
  return a;
}

}  // namespace

Result<std::vector<BenchLine>> RunBookingBench(const BookingBenchOptions& o) {
  if (o.people < 1 || o.slots < 1 || o.schedules < 1 || o.threads < 1 || o.attempts < 1 ||
      o.in_flight < 0)
    return Status::Invalid(
        "people, slots, schedules, threads and attempts must be positive, in-flight not negative");
  OW_ASSIGN_OR_RETURN(auto node, benchsupport::BenchNode::Start("booking", [&](app::AppConfig& c) {
                        if (!o.db_url.empty()) c.db_url = o.db_url;
                      }));
  app::Application& app = node->app();
  scheduling::BookingService& bookings = app.bookings();
  std::vector<BenchLine> out;
  OW_ASSIGN_OR_RETURN(double healthz, HealthzPerSecond(*node));
  out.push_back({"healthz_per_s", healthz, "req/s"});

  // Synchronous callers (the names the contract reads).
  const std::string run = std::to_string(app.clock().NowMillis());
  OW_ASSIGN_OR_RETURN(auto slot_ids, MakeSlots(app, o, run));
  const store::GroupCommit::Stats before = bookings.CommitStats();
  OW_ASSIGN_OR_RETURN(Contest sync, RunSync(bookings, o, slot_ids, run));
  OW_RETURN_IF_ERROR(Report(app, run, "", sync, o.people, out));
  // Transactions that reached the writer (refusals of visibly full slots never do) per commit.
  const store::GroupCommit::Stats commits = Minus(bookings.CommitStats(), before);
  if (commits.groups > 0)
    out.push_back({"bookings_per_commit",
                   static_cast<double>(commits.units) / static_cast<double>(commits.groups),
                   "units/commit"});

  // Asynchronous callers (BookAsync, as the HTTP booking route), on slots of their own.
  if (o.in_flight > 0) {
    const std::string run2 = run + "a";
    OW_ASSIGN_OR_RETURN(auto slot_ids2, MakeSlots(app, o, run2));
    const store::GroupCommit::Stats before2 = bookings.CommitStats();
    OW_ASSIGN_OR_RETURN(Contest async, RunAsync(bookings, o, slot_ids2, run2));
    OW_RETURN_IF_ERROR(Report(app, run2, "async_", async, o.people, out));
    const store::GroupCommit::Stats commits2 = Minus(bookings.CommitStats(), before2);
    if (commits2.groups > 0)
      out.push_back({"async_bookings_per_commit",
                     static_cast<double>(commits2.units) / static_cast<double>(commits2.groups),
                     "units/commit"});
    out.push_back({"async_in_flight", static_cast<double>(o.in_flight), "requests"});
  }
  out.push_back({"bookings_per_s_vs_healthz_per_s", sync.booked / sync.fill_s / healthz, "x"});
  return out;
}

}  // namespace ow::bookingbench
