// Client: a small synchronous HTTP/1.1 client with a keep-alive connection, for tests,
// benchmarks and multi-node checks. Not thread-safe: use one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/api.h"

namespace ow::http {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::vector<std::pair<std::string, std::string>> all_headers;  // incl. repeated Set-Cookie
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class Client {
 public:
  Client(std::string host, uint16_t port);
  // With a timeout: connecting, writing the request and reading the response each fail with
  // kUnavailable once they take longer (0 = wait as long as the peer takes).
  Client(std::string host, uint16_t port, std::chrono::milliseconds timeout);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Result<ClientResponse> Send(std::string_view method, std::string_view target,
                              std::string_view body = {},
                              const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Bounds each of connect, write and read of later requests (0 = no limit, the default). A
  // step that runs out of time fails with Unavailable whose message contains "timed out", and
  // the connection is closed.
  void SetTimeout(std::chrono::milliseconds timeout);
  // Sends raw bytes and reads one response (for malformed-request tests).
  Result<ClientResponse> SendRaw(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ow::http
