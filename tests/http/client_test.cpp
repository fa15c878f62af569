// http::Client's timeout: a peer that accepts the connection but never answers makes Send
// fail with Unavailable "timed out" after the timeout instead of blocking; without a timeout
// the client still talks to a normal server.
#include "http/client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace ow::http {
namespace {

// A listening socket that never accepts: the kernel completes the handshake (backlog), so the
// client connects and then waits for an answer that never comes.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

TEST(ClientTimeoutTest, SilentPeerTimesOut) {
  SilentListener peer;
  Client client("127.0.0.1", peer.port());
  client.SetTimeout(std::chrono::milliseconds(150));
  auto started = std::chrono::steady_clock::now();
  auto r = client.Send("GET", "/x");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("timed out"), std::string::npos) << r.status().message();
  // One timeout, not two: a timed-out request is not re-sent as if the connection were stale.
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(ClientTimeoutTest, ClosedPortFailsToConnect) {
  uint16_t port;
  {
    SilentListener gone;
    port = gone.port();
  }
  Client client("127.0.0.1", port);
  client.SetTimeout(std::chrono::milliseconds(500));
  auto r = client.Send("GET", "/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("connect failed"), std::string::npos);
}

}  // namespace
}  // namespace ow::http
