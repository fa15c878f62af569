// Dispatcher: everything between a parsed request and its response that does not depend on
// the socket library: request ids, routing, authentication, role checks, CSRF checks for
// cookie-authenticated writes, admission control (in-flight limits per route class), static files,
// problem+json errors, security headers (CSP, framing, referrer, HSTS), metrics and access logs.
// The Beast server (server.h) hands it requests; tests can call it directly.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "http/admission.h"
#include "http/api.h"
#include "http/metrics.h"
#include "http/router.h"

namespace ow::http {

// Resolves credentials (Bearer token or session cookie) to a principal. Returns
// Unauthenticated for bad/expired credentials, and an empty principal optional when none
// were presented.
using Authenticator = std::function<Result<std::optional<Principal>>(const Request&)>;

struct DispatcherOptions {
  std::string static_dir;  // built front end; empty = none
  // Cookie-authenticated writes must send the session's CSRF token (Principal::csrf) here.
  std::string csrf_header = "X-CSRF-Token";
  AdmissionOptions admission;     // in-flight limits per route class (503 + Retry-After beyond)
  bool strict_transport = false;  // send Strict-Transport-Security (served over HTTPS)
};

// The Content-Security-Policy of every response (the web app, its API and the OIDC pages).
extern const char kContentSecurityPolicy[];

class Dispatcher {
 public:
  Dispatcher(const Router& router, Metrics& metrics, Authenticator auth, DispatcherOptions opts);

  // Handles one request; `respond` is called exactly once, possibly on another thread.
  void Dispatch(Request& req, Respond respond);
  // Sets the security headers every response carries (CSP, framing, referrer, HSTS); Dispatch
  // does it for its responses, the server for those it answers itself (malformed requests).
  void AddSecurityHeaders(Response& resp) const;
  // The body limit of the route a request's method and decoded path select (0 = the server's).
  size_t BodyLimit(Method m, std::string_view path) const { return router_.BodyLimit(m, path); }
  size_t MaxBodyLimit() const { return router_.MaxBodyLimit(); }

  const Admission& admission() const { return admission_; }
  // The server's measurement of how long ready work waits for an I/O thread (admission).
  void ObserveQueueDelay(std::chrono::microseconds delay) { admission_.ObserveQueueDelay(delay); }

 private:
  Response Static(const Request& req) const;
  void Finish(const Request& req, Response& resp, double started) const;

  const Router& router_;
  Metrics& metrics_;
  Authenticator auth_;
  DispatcherOptions opts_;
  Admission admission_;
};

// A short random request id.
std::string NewRequestId();

}  // namespace ow::http
