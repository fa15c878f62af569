#include "http/client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>

namespace ow::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Client::Impl {
  std::string host;
  uint16_t port;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout{0};

  // Runs one asynchronous step on the stream to completion, under the timeout when one is set
  // (tcp_stream closes the socket and completes with error::timeout when it expires).
  template <class Start>
  beast::error_code Step(Start start) {
    if (timeout.count() > 0)
      stream->expires_after(timeout);
    else
      stream->expires_never();
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
  static std::string Why(const beast::error_code& ec) {
    return ec == beast::error::timeout ? "timed out" : ec.message();
  }

  Status Connect() {
    if (stream && stream->socket().is_open()) return Status::Ok();
    stream.emplace(ioc);
    beast::error_code ec;
    tcp::endpoint ep(asio::ip::make_address(host, ec), port);
    if (ec) return Status::Invalid("bad host " + host);
    ec = Step([&](auto handler) { stream->async_connect(ep, handler); });
    if (ec) {
      stream.reset();
      return Status::Unavailable("connect failed: " + Why(ec));
    }
    buffer.clear();
    return Status::Ok();
  }

  Result<ClientResponse> ReadResponse() {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code ec =
        Step([&](auto handler) { bhttp::async_read(*stream, buffer, parser, handler); });
    if (ec) {
      stream.reset();
      return Status::Unavailable("read failed: " + Why(ec));
    }
    auto& res = parser.get();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      out.headers[std::string(f.name_string())] = std::string(f.value());
      out.all_headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) stream.reset();
    return out;
  }
};

Client::Client(std::string host, uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

Client::Client(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : Client(std::move(host), port) {
  SetTimeout(timeout);
}

Client::~Client() = default;

void Client::SetTimeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

Result<ClientResponse> Client::Send(
    std::string_view method, std::string_view target, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    OW_RETURN_IF_ERROR(impl_->Connect());
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, impl_->host);
    req.keep_alive(true);
    bool has_type = false;
    for (const auto& [k, v] : headers) {
      req.set(k, v);
      if (beast::iequals(k, "Content-Type")) has_type = true;
    }
    if (!body.empty() && !has_type) req.set(bhttp::field::content_type, "application/json");
    req.body() = std::string(body);
    req.prepare_payload();
    beast::error_code ec =
        impl_->Step([&](auto handler) { bhttp::async_write(*impl_->stream, req, handler); });
    if (ec == beast::error::timeout) {
      impl_->stream.reset();
      return Status::Unavailable("write failed: timed out");
    }
    if (ec) {
      impl_->stream.reset();
      continue;  // stale keep-alive connection: retry once on a new one
    }
    auto r = impl_->ReadResponse();
    // A stale keep-alive connection fails at once: retry it; a timeout is final.
    if (!r.ok() && attempt == 0 && r.status().message().find("timed out") == std::string::npos)
      continue;
    return r;
  }
  return Status::Unavailable("request failed");
}

Result<ClientResponse> Client::SendRaw(std::string_view bytes) {
  impl_->stream.reset();
  OW_RETURN_IF_ERROR(impl_->Connect());
  beast::error_code ec = impl_->Step([&](auto handler) {
    asio::async_write(*impl_->stream, asio::buffer(bytes.data(), bytes.size()), handler);
  });
  if (ec) return Status::Unavailable("write failed: " + ec.message());
  return impl_->ReadResponse();
}

}  // namespace ow::http
