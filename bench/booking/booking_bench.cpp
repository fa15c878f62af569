// `onewindow bench booking` (see booking_bench.h).
#include "booking/booking_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "core/time.h"
#include "scheduling/bookings.h"
#include "scheduling/schedules.h"
#include "support/bench_node.h"

namespace ow::bookingbench {

namespace {
using Clock = std::chrono::steady_clock;
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
}  // namespace

Result<std::vector<BenchLine>> RunBookingBench(const BookingBenchOptions& o) {
  if (o.people < 1 || o.slots < 1 || o.schedules < 1 || o.threads < 1 || o.attempts < 1)
    return Status::Invalid("people, slots, schedules, threads and attempts must be positive");
  OW_ASSIGN_OR_RETURN(auto node, benchsupport::BenchNode::Start("booking", [&](app::AppConfig& c) {
                        if (!o.db_url.empty()) c.db_url = o.db_url;
                      }));
  app::Application& app = node->app();
  scheduling::ScheduleService& schedules = app.schedules();
  scheduling::BookingService& bookings = app.bookings();

  // The slots: tomorrow from 08:00, ten minutes each, spread over `schedules` owners.
  const int64_t base = ShanghaiMidnightMillis(CivilFromDays(
                           DaysFromCivil(ShanghaiDate(app.clock().NowMillis())) + 1)) +
                       8 * kMillisPerHour;
  const std::string run = std::to_string(app.clock().NowMillis());
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

  std::atomic<int> next_person{0}, booked{0}, errors{0};
  std::atomic<int64_t> requests{0};
  std::mutex mu;
  std::vector<double> booking_ms, request_ms;
  Clock::time_point full_at = Clock::time_point::max();
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(0x5eed + t);
      std::uniform_int_distribution<size_t> pick(0, slot_ids.size() - 1);
      std::vector<double> mine_booking, mine_request;
      for (int p = next_person++; p < o.people; p = next_person++) {
        const std::string person = "bench-person-" + std::to_string(p);
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
      booking_ms.insert(booking_ms.end(), mine_booking.begin(), mine_booking.end());
      request_ms.insert(request_ms.end(), mine_request.begin(), mine_request.end());
    });
  }
  for (auto& th : threads) th.join();
  const auto t1 = Clock::now();
  if (errors.load() > 0)
    return Status::Internal(std::to_string(errors.load()) + " bookings failed with an error");

  // The count check, from the database.
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
  const double fill_s =
      std::chrono::duration<double>((full_at == Clock::time_point::max() ? t1 : full_at) - t0)
          .count();
  const double total_s = std::chrono::duration<double>(t1 - t0).count();
  std::vector<BenchLine> out{
      {"capacity", capacity, "places"},
      {"booked", in_db, "bookings"},
      {"max_booked_per_slot", static_cast<double>(rows[0].Int(1)), "bookings"},
      {"bookings_per_s", booked.load() / fill_s, "bookings/s"},
      {"booking_p99_ms", benchsupport::Quantile(booking_ms, 0.99), "ms"},
      {"booking_p50_ms", benchsupport::Quantile(booking_ms, 0.50), "ms"},
      {"requests", static_cast<double>(requests.load()), "requests"},
      {"requests_per_s", requests.load() / total_s, "requests/s"},
      {"request_p99_ms", benchsupport::Quantile(request_ms, 0.99), "ms"},
      {"people", static_cast<double>(o.people), "people"},
  };
  // Transactions that reached the writer (refusals of visibly full slots never do) per commit.
  const store::GroupCommit::Stats commits = bookings.CommitStats();
  if (commits.groups > 0)
    out.push_back({"bookings_per_commit",
                   static_cast<double>(commits.units) / static_cast<double>(commits.groups),
                   "units/commit"});
  if (in_db > capacity || in_db != booked.load())
    return Status::Internal("count check failed: " + std::to_string(in_db) + " bookings for " +
                            std::to_string(capacity) + " places");
  return out;
}

}  // namespace ow::bookingbench
