// The concurrency test: 1,000 concurrent booking requests at 10 slots of one place each,
// through two `serve` processes on one PostgreSQL. Exactly 10 bookings are made, every other
// request is a 409 naming its rule, and none is a 5xx. A node in this process prepares the
// hospital, the slots and the people (sessions live in the database, so both nodes accept
// them).
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "core/time.h"
#include "http/client.h"
#include "support/pg_test_db.h"
#include "support/process.h"
#include "support/test_server.h"

namespace ow::hospital {
namespace {

using namespace ow::testing;
namespace json = boost::json;

constexpr int kSlots = 10;
constexpr int kPeople = 100;
constexpr int kThreads = 200;  // each sends 5 requests: every person asks for every slot once

TEST(TwoNodesBookingTest, ThousandConcurrentRequestsAtTenSlotsMakeExactlyTenBookings) {
  PgTestDatabase pg;
  OW_REQUIRE_PG_OR_SKIP(pg);
  TestServer setup(pg.url(), /*test_clock=*/false);
  app::Application& app = setup.app();
  auto place = app.places().Create({"协和医院", "hospital", "330104", "", "", {}}, "test");
  ASSERT_TRUE(place.ok());
  auto dep =
      app.hospitals().AddDepartment(place->id, "内科", "Internal", DepartmentKind::kOrdinary);
  ASSERT_TRUE(dep.ok());
  scheduling::ScheduleSpec spec;
  spec.owner = DepartmentOwner(*dep);
  spec.realm = kRealm;
  spec.name = "内科";
  auto schedule = app.schedules().Create(spec);
  ASSERT_TRUE(schedule.ok()) << schedule.status().ToString();
  // Ten consecutive slots tomorrow, one place each.
  const int64_t start = ShanghaiMidnightMillis(CivilFromDays(
                            DaysFromCivil(ShanghaiDate(app.clock().NowMillis())) + 1)) +
                        9 * kMillisPerHour;
  std::vector<std::string> slots;
  for (int i = 0; i < kSlots; ++i) {
    auto s = app.schedules().AddSlot(schedule->id, start + i * 10 * kMillisPerMinute,
                                     start + (i + 1) * 10 * kMillisPerMinute, 1);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    slots.push_back(s->id);
  }
  std::vector<std::string> tokens;
  for (int i = 0; i < kPeople; ++i) {
    const std::string id = MakeResidentId("330104", "19900101", 100 + i);
    ASSERT_TRUE(app.identity().Register({"患者", id, "correct horse 1", {}, {}}).ok());
    auto t = app.identity().Login(id, "correct horse 1", "10.0." + std::to_string(i) + ".1");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    tokens.push_back(t->token);
  }

  const std::string key = setup.dir() + "/master.key";
  const int port_a = FreePort(), port_b = FreePort();
  ChildProcess a({"serve", "--db", pg.url(), "--key-file", key, "--port", std::to_string(port_a),
                  "--log-level", "warn"});
  ChildProcess b({"serve", "--db", pg.url(), "--key-file", key, "--port", std::to_string(port_b),
                  "--log-level", "warn"});
  ASSERT_TRUE(WaitHealthy(port_a, 30000)) << a.Output();
  ASSERT_TRUE(WaitHealthy(port_b, 30000)) << b.Output();

  std::mutex mu;
  std::map<int, int> statuses;
  std::map<std::string, int> codes;
  std::atomic<int> transport_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      http::Client client("127.0.0.1", static_cast<uint16_t>(t % 2 ? port_b : port_a));
      const std::string& token = tokens[t % kPeople];
      const int first = (t / kPeople) * (kSlots / 2);
      for (int k = first; k < first + kSlots / 2; ++k) {
        json::object body{{"slot_id", slots[k]}};
        auto r = client.Send(
            "POST", "/api/v1/appointments", json::serialize(body),
            {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
        if (!r.ok()) {
          ++transport_errors;
          continue;
        }
        std::string code;
        boost::system::error_code ec;
        json::value v = json::parse(r->body, ec);
        if (!ec && v.is_object() && v.as_object().contains("errors"))
          code = std::string(v.at("errors").as_array()[0].at("code").as_string());
        std::lock_guard lock(mu);
        ++statuses[r->status];
        ++codes[code];
      }
    });
  }
  for (auto& th : threads) th.join();

  EXPECT_EQ(transport_errors.load(), 0);
  EXPECT_EQ(statuses[201], kSlots);
  EXPECT_EQ(statuses[409], kPeople * kSlots - kSlots);
  for (const auto& [status, n] : statuses) EXPECT_LT(status, 500) << n << " answers " << status;
  // Every refusal names its rule: the slot is full, or the person has booked this department
  // today already.
  EXPECT_EQ(codes["slot_full"] + codes["limit_reached"], kPeople * kSlots - kSlots);
  auto booked = app.db().Query(
      "SELECT COUNT(*) FROM sched_bookings WHERE schedule_id = ? AND status = 'booked'",
      {schedule->id});
  ASSERT_TRUE(booked.ok());
  EXPECT_EQ((*booked)[0].Int(0), kSlots);
  for (const std::string& s : slots) EXPECT_EQ(app.schedules().GetSlot(s)->booked, 1);
  a.Signal(SIGTERM);
  b.Signal(SIGTERM);
  EXPECT_EQ(a.Wait(30000), 0) << a.Output();
  EXPECT_EQ(b.Wait(30000), 0) << b.Output();
}

}  // namespace
}  // namespace ow::hospital
