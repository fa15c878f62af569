// Server: the HTTP/1.1 server (Boost.Beast/Asio, keep-alive, thread pool sized to the cores)
// that feeds requests to a Dispatcher. Enforces header/body limits (431/413), idle and read
// timeouts, and drains gracefully on Stop(): stops accepting, finishes in-flight requests,
// closes idle connections. With a pre-stop time, Stop() first only answers `/readyz` with 503
// (everything else is served as before) so that a load balancer takes the node out of rotation
// before it closes its listener; a second Stop() (or signal) skips the rest of that wait.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/dispatcher.h"

namespace ow::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port
  int threads = 0;       // 0 = hardware concurrency
  size_t body_limit = 1 << 20;
  size_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds drain_timeout{15};
  // How long Stop() keeps serving with `/readyz` answering 503 before it drains (0 = drain at
  // once). Longer than the balancer's checks need to mark the node down (HAProxy: fall x inter).
  std::chrono::milliseconds pre_stop{0};
};

class Server {
 public:
  Server(Dispatcher& dispatcher, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. After this, port() is the bound port.
  Status Start();
  uint16_t port() const;
  // Serves on the thread pool until Stop() has drained; blocks the caller (which also serves).
  void Run();
  // Starts a graceful stop (the pre-stop phase, if any, then the drain); thread-safe. A call
  // during the pre-stop phase, or with `now`, drains at once.
  void Stop(bool now = false);
  // Calls Stop() on SIGINT/SIGTERM while Run() is active (a second signal: Stop(true)).
  void StopOnSignals();

  struct Impl;  // public only so that server.cpp's session class can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::http
