#include "http/server.h"

#include <spdlog/spdlog.h>
#include <algorithm>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <mutex>
#include <set>
#include <thread>

#include "core/thread_name.h"

namespace ow::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
class Session;
}

struct Server::Impl {
  Dispatcher& dispatcher;
  ServerOptions opts;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  std::atomic<bool> stopping{false};  // pre-stop phase: /readyz answers 503
  std::atomic<bool> draining{false};
  std::atomic<int> active{0};  // sessions currently handling a request
  std::mutex mu;
  std::set<std::shared_ptr<Session>> sessions;
  std::unique_ptr<asio::steady_timer> drain_timer;
  std::mutex stop_mu;  // orders Stop() calls that run on different I/O threads
  std::unique_ptr<asio::steady_timer> pre_stop_timer;
  asio::steady_timer delay_probe{ioc};

  Impl(Dispatcher& d, ServerOptions o) : dispatcher(d), opts(std::move(o)) {}
  void Accept();
  // Measures, every kQueueDelayProbeInterval, how late a timer's handler runs: the time ready
  // work waits for an I/O thread, which the dispatcher's admission control acts on.
  void ProbeQueueDelay();
  void CheckDrained();
  // Stops accepting, closes idle connections and stops the loop once in-flight requests are
  // answered (or drain_timeout has passed). Called with stop_mu held.
  void BeginDrain();
};

namespace {

constexpr std::chrono::milliseconds kQueueDelayProbeInterval{10};

// One client connection.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {}

  void Start() { Read(); }

  // Closes the connection if it is waiting for a request (used while draining).
  void CloseIfIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
    });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.opts.header_limit));
    // The largest any route takes: a larger Content-Length is refused with the header; the
    // route's own limit is set once the header names the route (OnHeader).
    parser_->body_limit(std::max(server_.opts.body_limit, server_.dispatcher.MaxBodyLimit()));
    stream_.expires_after(server_.opts.idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // The header is in: a body larger than the server's limit is read only for a route that
  // takes larger bodies (uploads); then the body.
  void OnHeader(beast::error_code ec, size_t bytes) {
    if (ec) return OnRead(ec, bytes);
    size_t limit = server_.opts.body_limit;
    const auto length = parser_->content_length();
    if (!parser_->is_done() && (!length || *length > limit)) {
      const auto& msg = parser_->get();
      auto url = boost::urls::parse_origin_form(msg.target());
      if (url)
        limit =
            std::max(limit, server_.dispatcher.BodyLimit(
                                ParseMethod(std::string_view(msg.method_string())), url->path()));
    }
    if (length && *length > limit) return OnRead(bhttp::error::body_limit, bytes);
    parser_->body_limit(limit);  // counts down the chunks of a chunked body
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      return SendError(413, "too_large", "request body exceeds the limit");
    }
    if (ec == bhttp::error::header_limit) {
      return SendError(431, "headers_too_large", "request headers exceed the limit");
    }
    if (ec) return SendError(400, "bad_request", "malformed HTTP request");

    busy_ = true;
    ++server_.active;
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive() && !server_.draining;
    version_ = msg.version();

    req_ = std::make_unique<Request>();
    req_->method = ParseMethod(std::string_view(msg.method_string()));
    req_->target = std::string(msg.target());
    for (const auto& f : msg) req_->headers[std::string(f.name_string())] = std::string(f.value());
    req_->body = std::move(msg.body());
    beast::error_code ep_ec;
    auto ep = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) req_->remote_ip = ep.address().to_string();

    auto url = boost::urls::parse_origin_form(req_->target);
    if (!url) {
      --server_.active;
      busy_ = false;
      return SendError(400, "bad_request", "malformed request target");
    }
    req_->path = std::string(url->path());  // decoded
    req_->query_string = std::string(url->encoded_query());
    if (server_.stopping && req_->path == "/readyz") {
      // The pre-stop phase: tell the balancer to send new requests elsewhere, keep serving.
      --server_.active;
      busy_ = false;
      return SendError(503, "stopping", "this node is stopping; use another node");
    }

    stream_.expires_never();
    auto self = shared_from_this();
    server_.dispatcher.Dispatch(*req_, [self](Response resp) {
      auto holder = std::make_shared<Response>(std::move(resp));
      asio::dispatch(self->stream_.get_executor(),
                     [self, holder] { self->Write(std::move(*holder)); });
    });
  }

  void SendError(int status, std::string_view code, std::string_view detail) {
    keep_alive_ = false;
    busy_ = true;
    ++server_.active;
    Response r = Problem(status, code, detail);
    r.Set("X-Request-Id", NewRequestId());
    server_.dispatcher.AddSecurityHeaders(r);
    Write(std::move(r));
  }

  void Write(Response r) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->result(static_cast<unsigned>(r.status));
    res->version(version_);
    res->set(bhttp::field::server, "OneWindow");
    for (auto& [k, v] : r.headers) res->insert(k, v);
    bool head = req_ && req_->method == Method::kHead;
    if (server_.draining) keep_alive_ = false;
    res->keep_alive(keep_alive_);
    if (head) {
      res->content_length(r.body.size());
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    stream_.expires_after(server_.opts.read_timeout);
    bhttp::async_write(
        stream_, *res,
        [self = shared_from_this(), res](beast::error_code ec, size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    busy_ = false;
    --server_.active;
    req_.reset();
    if (ec || !keep_alive_) {
      Close();
      server_.CheckDrained();
      return;
    }
    server_.CheckDrained();
    if (server_.draining) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    std::lock_guard lock(server_.mu);
    server_.sessions.erase(shared_from_this());
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  Server::Impl& server_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::unique_ptr<Request> req_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool busy_ = false;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (draining || !acceptor.is_open()) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      auto s = std::make_shared<Session>(std::move(socket), *this);
      {
        std::lock_guard lock(mu);
        sessions.insert(s);
      }
      s->Start();
    }
    Accept();
  });
}

void Server::Impl::CheckDrained() {
  if (draining && active.load() == 0) {
    asio::post(ioc, [this] {
      std::lock_guard lock(mu);
      for (auto& s : sessions) s->CloseIfIdle();
      if (active.load() == 0) ioc.stop();
    });
  }
}

void Server::Impl::ProbeQueueDelay() {
  if (draining.load()) return;
  const auto due = std::chrono::steady_clock::now() + kQueueDelayProbeInterval;
  delay_probe.expires_at(due);
  delay_probe.async_wait([this, due](beast::error_code ec) {
    if (ec) return;
    auto late = std::chrono::steady_clock::now() - due;
    if (late < std::chrono::steady_clock::duration::zero()) late = {};
    dispatcher.ObserveQueueDelay(std::chrono::duration_cast<std::chrono::microseconds>(late));
    ProbeQueueDelay();
  });
}

Server::Server(Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

Server::~Server() = default;

Status Server::Start() {
  beast::error_code ec;
  auto addr = asio::ip::make_address(impl_->opts.address, ec);
  if (ec) return Status::Invalid("bad listen address: " + impl_->opts.address);
  tcp::endpoint ep{addr, impl_->opts.port};
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + impl_->opts.address + ":" +
                               std::to_string(impl_->opts.port) + ": " + ec.message());
  }
  impl_->Accept();
  impl_->ProbeQueueDelay();
  return Status::Ok();
}

uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run() {
  int n = impl_->opts.threads > 0
              ? impl_->opts.threads
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i)
    pool.emplace_back([this, i] {
      SetCurrentThreadName("ow-io-" + std::to_string(i));
      impl_->ioc.run();
    });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
  // With no arguments spdlog does not format, so the JSON is passed as an argument.
  spdlog::info("{}", R"({"event":"server_stopped"})");
}

void Server::Stop(bool now) {
  asio::post(impl_->ioc, [this, now, impl = impl_.get()] {
    std::lock_guard stop_lock(impl->stop_mu);
    if (impl->draining) return;
    if (!now && impl->opts.pre_stop.count() > 0 && !impl->stopping.exchange(true)) {
      spdlog::info("{{\"event\":\"stopping\",\"pre_stop_ms\":{}}}", impl->opts.pre_stop.count());
      impl->pre_stop_timer = std::make_unique<asio::steady_timer>(impl->ioc, impl->opts.pre_stop);
      impl->pre_stop_timer->async_wait([this](beast::error_code e) {
        if (!e) Stop(true);
      });
      // A second SIGINT/SIGTERM ends the wait (the signal set fires once per async_wait).
      impl->signals.async_wait([this](beast::error_code ec, int) {
        if (!ec) Stop(true);
      });
      return;
    }
    impl->BeginDrain();
  });
}

void Server::Impl::BeginDrain() {
  draining = true;
  spdlog::info("{{\"event\":\"draining\",\"active\":{}}}", active.load());
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  delay_probe.cancel();
  if (pre_stop_timer) pre_stop_timer->cancel();
  {
    std::lock_guard lock(mu);
    for (auto& s : sessions) s->CloseIfIdle();
  }
  drain_timer = std::make_unique<asio::steady_timer>(ioc, opts.drain_timeout);
  drain_timer->async_wait([this](beast::error_code e) {
    if (!e) ioc.stop();  // in-flight requests took too long
  });
  CheckDrained();
}

void Server::StopOnSignals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) Stop();
  });
}

}  // namespace ow::http
