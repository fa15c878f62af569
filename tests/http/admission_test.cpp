// Admission control in the dispatcher: a route class with its limit of requests in flight
// refuses the next with 503 and Retry-After, probes are never limited, and a slot is given
// back when the response is sent (asynchronous handlers too); a queue delay above the maximum
// refuses every limited class.
#include "http/admission.h"

#include <gtest/gtest.h>

#include "http/dispatcher.h"

namespace ow::http {
namespace {

class AdmissionTest : public ::testing::Test {
 protected:
  AdmissionTest() {
    router_.Add(Method::kGet, "/healthz", Public(),
                [](Request&) { return Response::Text(200, "ok"); });
    // A read that stays in flight until the test answers it.
    router_.AddAsync(Method::kGet, "/slow", Public(),
                     [this](Request&, Respond respond) { held_.push_back(std::move(respond)); });
    router_.AddAsync(Method::kPost, "/api/v1/scans", Public(),
                     [this](Request&, Respond respond) { held_.push_back(std::move(respond)); });
    DispatcherOptions opts;
    opts.admission.reads = 1;
    opts.admission.scans = 2;
    opts.admission.scan_routes = {"/api/v1/scans"};
    opts.admission.retry_after = std::chrono::seconds(2);
    opts.admission.max_queue_delay_ms = 50;
    dispatcher_ = std::make_unique<Dispatcher>(router_, metrics_, nullptr, opts);
  }

  // Dispatches a request; its response lands in `out` (when it is answered).
  void Send(Method m, std::string path, std::optional<Response>* out) {
    auto req = std::make_shared<Request>();
    req->method = m;
    req->target = path;
    req->path = path;
    requests_.push_back(req);
    dispatcher_->Dispatch(*req, [out](Response r) { *out = std::move(r); });
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<Respond> held_;
  std::vector<std::shared_ptr<Request>> requests_;
};

TEST_F(AdmissionTest, BeyondTheLimitIs503WithRetryAfterWhileProbesAnswer) {
  std::optional<Response> first, second, health;
  Send(Method::kGet, "/slow", &first);
  ASSERT_FALSE(first);  // held in flight
  Send(Method::kGet, "/slow", &second);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 503);
  EXPECT_EQ(second->Get("Retry-After"), "2");
  EXPECT_EQ(second->Get("Content-Type"), "application/problem+json");
  EXPECT_NE(second->body.find("overloaded"), std::string::npos);

  Send(Method::kGet, "/healthz", &health);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(dispatcher_->admission().in_flight(RouteClass::kRead), 1);

  // Answering the held request gives its slot back: the next read is admitted.
  held_.at(0)(Response::Text(200, "done"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(dispatcher_->admission().in_flight(RouteClass::kRead), 0);
  std::optional<Response> third;
  Send(Method::kGet, "/slow", &third);
  EXPECT_FALSE(third);  // admitted, in flight
  EXPECT_EQ(held_.size(), 2u);
}

TEST_F(AdmissionTest, ClassesAreCountedApart) {
  std::optional<Response> read, scan1, scan2, scan3;
  Send(Method::kGet, "/slow", &read);
  Send(Method::kPost, "/api/v1/scans", &scan1);
  Send(Method::kPost, "/api/v1/scans", &scan2);
  EXPECT_FALSE(read);
  EXPECT_FALSE(scan1);
  EXPECT_FALSE(scan2);  // the scan class has room for 2, whatever the reads hold
  Send(Method::kPost, "/api/v1/scans", &scan3);
  ASSERT_TRUE(scan3);
  EXPECT_EQ(scan3->status, 503);
  EXPECT_TRUE(scan3->Get("Retry-After"));
  for (auto& r : held_) r(Response::NoContent());
  EXPECT_EQ(dispatcher_->admission().in_flight(RouteClass::kScan), 0);
}

// The in-flight counters cannot see requests waiting for an I/O thread; the server's queue
// delay can. While it is above the maximum, every limited class is refused at once (even with
// free slots) and probes still answer; once it falls, requests are admitted again.
TEST_F(AdmissionTest, QueueDelayAboveTheMaximumRefusesLimitedClassesButNotProbes) {
  auto observe_window = [&](std::chrono::milliseconds smallest, std::chrono::milliseconds rest) {
    dispatcher_->ObserveQueueDelay(rest);
    dispatcher_->ObserveQueueDelay(smallest);
    for (int i = 2; i < Admission::kQueueDelayWindow; ++i) dispatcher_->ObserveQueueDelay(rest);
  };
  // A burst within a window (one probe late, the others not) is no standing queue.
  observe_window(std::chrono::milliseconds(1), std::chrono::milliseconds(500));
  EXPECT_FALSE(dispatcher_->admission().Congested());
  // Every probe of a window late: refused.
  observe_window(std::chrono::milliseconds(80), std::chrono::milliseconds(120));
  EXPECT_TRUE(dispatcher_->admission().Congested());
  EXPECT_EQ(dispatcher_->admission().standing_queue_delay(), std::chrono::milliseconds(80));
  std::optional<Response> read, scan, health;
  Send(Method::kGet, "/slow", &read);
  Send(Method::kPost, "/api/v1/scans", &scan);
  Send(Method::kGet, "/healthz", &health);
  ASSERT_TRUE(read);
  ASSERT_TRUE(scan);
  EXPECT_EQ(read->status, 503);
  EXPECT_EQ(scan->status, 503);
  EXPECT_EQ(read->Get("Retry-After"), "2");
  EXPECT_NE(scan->body.find("overloaded"), std::string::npos);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(held_.empty());  // no handler ran for the refused requests
  EXPECT_EQ(dispatcher_->admission().refused(), 2);

  observe_window(std::chrono::milliseconds(3), std::chrono::milliseconds(3));
  EXPECT_FALSE(dispatcher_->admission().Congested());
  std::optional<Response> later;
  Send(Method::kGet, "/slow", &later);
  EXPECT_FALSE(later);  // admitted, in flight
  EXPECT_EQ(held_.size(), 1u);
  for (auto& r : held_) r(Response::NoContent());
}

}  // namespace
}  // namespace ow::http
