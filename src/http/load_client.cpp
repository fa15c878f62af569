// LoadClient: the open-loop load generator (see load_client.h). One Asio event loop on the
// calling thread; every connection is a small state machine: wait for the intended time of
// its next arrival (or send at once if it is already past), write the pre-serialised request,
// read the answer, record its latency from the intended time, repeat.
#include "http/load_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace ow::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using Nanos = std::chrono::nanoseconds;

float Ms(SteadyClock::duration d) {
  return static_cast<float>(std::chrono::duration<double, std::milli>(d).count());
}

// A request as bytes on the wire (HTTP/1.1, keep-alive).
std::string Serialise(const LoadRoute& r, const std::string& host) {
  std::string s = r.method + " " + r.target + " HTTP/1.1\r\nHost: " + host + "\r\n";
  bool has_type = false;
  for (const auto& [k, v] : r.headers) {
    s += k + ": " + v + "\r\n";
    if (beast::iequals(k, "Content-Type")) has_type = true;
  }
  if (!r.body.empty() && !has_type) s += "Content-Type: application/json\r\n";
  if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH")
    s += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  s += "\r\n" + r.body;
  return s;
}

// splitmix64: a deterministic choice of route per arrival.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Run;

class Conn {
 public:
  Conn(Run& run, asio::io_context& ioc, int index, bool flood)
      : run_(run), sock_(ioc), timer_(ioc), index_(index), flood_(flood) {}

  void Connect(std::function<void(bool)> done);
  void Start();
  // Measured arrivals this connection never got an answer for (called after the loop stops).
  int64_t Unanswered() const;

 private:
  void Next();
  void Send();
  void OnAnswer(beast::error_code ec);
  void Fail();
  void Reconnect();
  SteadyClock::time_point Intended(int64_t k) const;

  Run& run_;
  tcp::socket sock_;
  asio::steady_timer timer_;
  beast::flat_buffer buf_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  int index_;
  bool flood_;
  int64_t k_ = 0;  // next arrival (open loop) or request (flood) number
  size_t route_ = 0;
  SteadyClock::time_point intended_{};
  bool in_flight_ = false;
  bool done_ = false;
};

class Run {
 public:
  explicit Run(const LoadOptions& o) : o_(o) {}

  Result<LoadResult> Go() {
    if (o_.routes.empty() || o_.rate <= 0 || o_.connections <= 0)
      return Status::Invalid("load: routes, a positive rate and connections are needed");
    if (o_.flood_connections > 0 && o_.flood_routes.empty())
      return Status::Invalid("load: flood connections need flood routes");
    beast::error_code ec;
    endpoint_ = tcp::endpoint(asio::ip::make_address(o_.host, ec), o_.port);
    if (ec) return Status::Invalid("load: bad host " + o_.host);
    for (const auto& r : o_.routes) {
      wire_.push_back(Serialise(r, o_.host));
      total_weight_ += r.weight;
    }
    for (const auto& r : o_.flood_routes) wire_.push_back(Serialise(r, o_.host));
    result_.routes.resize(o_.routes.size() + o_.flood_routes.size());
    for (size_t i = 0; i < o_.routes.size(); ++i) result_.routes[i].name = o_.routes[i].name;
    for (size_t i = 0; i < o_.flood_routes.size(); ++i) {
      auto& r = result_.routes[o_.routes.size() + i];
      r.name = o_.flood_routes[i].name;
      r.flood = true;
    }
    period_ = Nanos(static_cast<int64_t>(1e9 * o_.connections / o_.rate));
    for (int i = 0; i < o_.connections; ++i)
      conns_.push_back(std::make_unique<Conn>(*this, ioc_, i, false));
    for (int i = 0; i < o_.flood_connections; ++i)
      conns_.push_back(std::make_unique<Conn>(*this, ioc_, i, true));

    // Connect everything first (at most max_connecting at once), then start the clock.
    size_t next = 0, connected = 0;
    bool failed = false;
    std::function<void()> connect_one = [&] {
      if (next >= conns_.size()) return;
      conns_[next++]->Connect([&](bool ok) {
        if (!ok) failed = true;
        if (++connected == conns_.size() && !failed) StartAll();
        if (!failed) connect_one();
      });
    };
    for (int i = 0; i < std::max(1, o_.max_connecting); ++i) connect_one();
    ioc_.run();
    if (failed) return Status::Unavailable("load: could not connect to the server");
    // Measured open-loop arrivals without an answer (in flight at the end, or never sent),
    // spread over the routes by weight: the total is what matters.
    for (auto& c : conns_) unfinished_total_ += c->Unanswered();
    if (unfinished_total_ > 0) {
      int64_t left = unfinished_total_;
      for (size_t i = 0; i < o_.routes.size(); ++i) {
        int64_t n =
            i + 1 == o_.routes.size()
                ? left
                : static_cast<int64_t>(unfinished_total_ * o_.routes[i].weight / total_weight_);
        result_.routes[i].unfinished = n;
        left -= n;
      }
    }
    result_.measured_seconds = o_.seconds;
    conns_.clear();
    return std::move(result_);
  }

  const LoadOptions& options() const { return o_; }
  const tcp::endpoint& endpoint() const { return endpoint_; }
  const std::string& Wire(size_t route) const { return wire_[route]; }
  size_t FloodRoute(size_t j) const { return o_.routes.size() + j % o_.flood_routes.size(); }
  size_t OpenRoute(int conn, int64_t k) const {
    double x =
        static_cast<double>(Mix(o_.seed * 0x100000001b3ULL ^ (static_cast<uint64_t>(k) << 20) ^
                                static_cast<uint64_t>(conn)) >>
                            11) *
        (1.0 / 9007199254740992.0) * total_weight_;
    for (size_t i = 0; i < o_.routes.size(); ++i) {
      if (x < o_.routes[i].weight) return i;
      x -= o_.routes[i].weight;
    }
    return o_.routes.size() - 1;
  }
  SteadyClock::time_point t0() const { return t0_; }
  SteadyClock::time_point measure_from() const { return measure_from_; }
  SteadyClock::time_point end() const { return end_; }
  Nanos period() const { return period_; }
  Nanos Phase(int conn) const { return Nanos(static_cast<int64_t>(1e9 * conn / o_.rate)); }
  bool stopped() const { return stopped_; }

  void Record(size_t route, int status, SteadyClock::time_point from, bool error) {
    auto& r = result_.routes[route];
    if (error) {
      ++r.errors;
      return;
    }
    int cls = status / 100 == 2   ? kLoad2xx
              : status == 503     ? kLoad503
              : status / 100 == 4 ? kLoad4xx
                                  : kLoadOther;
    r.latency_ms[static_cast<size_t>(cls)].push_back(Ms(SteadyClock::now() - from));
  }
  void Lag(SteadyClock::duration d) { result_.send_lag_ms.push_back(Ms(d)); }
  void Reconnected() { ++result_.reconnects; }
  void Finished() {
    if (--active_ == 0) stop_timer_->cancel();
  }

 private:
  void StartAll() {
    t0_ = SteadyClock::now() + std::chrono::milliseconds(20);
    measure_from_ = t0_ + Nanos(static_cast<int64_t>(1e9 * o_.warmup_seconds));
    end_ = measure_from_ + Nanos(static_cast<int64_t>(1e9 * o_.seconds));
    active_ = conns_.size();
    stop_timer_.emplace(ioc_);
    stop_timer_->expires_at(end_ + Nanos(static_cast<int64_t>(1e9 * o_.drain_seconds)));
    stop_timer_->async_wait([this](beast::error_code) {
      stopped_ = true;
      ioc_.stop();
    });
    for (auto& c : conns_) c->Start();
  }

  const LoadOptions& o_;
  asio::io_context ioc_{1};
  tcp::endpoint endpoint_;
  std::vector<std::string> wire_;
  double total_weight_ = 0;
  Nanos period_{};
  std::vector<std::unique_ptr<Conn>> conns_;
  SteadyClock::time_point t0_{}, measure_from_{}, end_{};
  std::optional<asio::steady_timer> stop_timer_;
  size_t active_ = 0;
  bool stopped_ = false;
  int64_t unfinished_total_ = 0;
  LoadResult result_;
};

void Conn::Connect(std::function<void(bool)> done) {
  sock_.async_connect(run_.endpoint(), [this, done = std::move(done)](beast::error_code ec) {
    if (!ec) sock_.set_option(tcp::no_delay(true), ec);
    done(!ec);
  });
}

SteadyClock::time_point Conn::Intended(int64_t k) const {
  return run_.t0() + run_.Phase(index_) + run_.period() * k;
}

void Conn::Start() {
  k_ = flood_ ? index_ : 0;
  Next();
}

void Conn::Next() {
  auto now = SteadyClock::now();
  if (flood_) {
    if (now >= run_.end()) {
      done_ = true;
      run_.Finished();
      return;
    }
    route_ = run_.FloodRoute(static_cast<size_t>(k_++));
    intended_ = now;
    Send();
    return;
  }
  intended_ = Intended(k_);
  if (intended_ >= run_.end()) {
    done_ = true;
    run_.Finished();
    return;
  }
  route_ = run_.OpenRoute(index_, k_);
  ++k_;
  if (intended_ <= now) {
    Send();  // late: the connection was busy (that wait counts as latency)
    return;
  }
  timer_.expires_at(intended_);
  timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    auto late = SteadyClock::now() - intended_;
    if (intended_ >= run_.measure_from()) run_.Lag(late);
    Send();
  });
}

void Conn::Send() {
  in_flight_ = true;
  const std::string& wire = run_.Wire(route_);
  asio::async_write(sock_, asio::buffer(wire), [this](beast::error_code ec, size_t) {
    if (ec) return OnAnswer(ec);
    parser_.emplace();
    parser_->body_limit(16 * 1024 * 1024);
    bhttp::async_read(sock_, buf_, *parser_,
                      [this](beast::error_code ec2, size_t) { OnAnswer(ec2); });
  });
}

void Conn::OnAnswer(beast::error_code ec) {
  in_flight_ = false;
  bool measured = intended_ >= run_.measure_from() && intended_ < run_.end();
  if (ec) {
    if (measured) run_.Record(route_, 0, intended_, true);
    return Fail();
  }
  auto& res = parser_->get();
  if (measured) run_.Record(route_, static_cast<int>(res.result_int()), intended_, false);
  if (!res.keep_alive()) return Fail();
  Next();
}

void Conn::Fail() {
  beast::error_code ignored;
  sock_.close(ignored);
  buf_.clear();
  Reconnect();
}

void Conn::Reconnect() {
  if (SteadyClock::now() >= run_.end()) {
    done_ = true;
    run_.Finished();
    return;
  }
  run_.Reconnected();
  sock_ = tcp::socket(sock_.get_executor());
  sock_.async_connect(run_.endpoint(), [this](beast::error_code ec) {
    if (!ec) {
      sock_.set_option(tcp::no_delay(true), ec);
      return Next();
    }
    beast::error_code ignored;
    sock_.close(ignored);
    timer_.expires_after(std::chrono::milliseconds(100));
    timer_.async_wait([this](beast::error_code e) {
      if (!e) Reconnect();
    });
  });
}

int64_t Conn::Unanswered() const {
  if (done_ || flood_) return 0;  // a flood is a closed loop: nothing it did not send counts
  int64_t n = 0;
  bool current_measured = intended_ >= run_.measure_from() && intended_ < run_.end();
  if (in_flight_ && current_measured) ++n;
  for (int64_t k = k_;; ++k) {  // arrivals after the current one, never sent
    auto t = Intended(k);
    if (t >= run_.end()) break;
    if (t >= run_.measure_from()) ++n;
  }
  return n;
}

}  // namespace

Result<LoadResult> RunLoad(const LoadOptions& options) {
  Run run(options);
  return run.Go();
}

}  // namespace ow::http
