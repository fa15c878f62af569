// The HTTP types that handlers see. This header is deliberately light (no Beast/Asio): every
// module registers handlers against these types; only src/http/server.cpp speaks Beast.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/principal.h"
#include "core/status.h"

namespace ow::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
const char* MethodName(Method m);
Method ParseMethod(std::string_view s);

struct CaseInsensitiveLess {
  using is_transparent = void;  // lookups by string_view without a copy
  bool operator()(std::string_view a, std::string_view b) const;
};

// An incoming request, fully read.
struct Request {
  Method method = Method::kGet;
  std::string target;  // raw request target, "/api/v1/x?y=1"
  std::string path;    // percent-decoded path without query
  std::string query_string;
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::string route;  // the matched route pattern ("/api/v1/cases/{id}"), for metrics/logs
  std::map<std::string, std::string> params;  // path parameters
  std::optional<Principal> principal;         // set by the auth middleware

  std::optional<std::string> Header(std::string_view name) const;
  std::optional<std::string> Query(std::string_view name) const;  // decoded
  std::optional<std::string> Cookie(std::string_view name) const;
  const std::string& Param(const std::string& name) const { return params.at(name); }
};

// A response to send.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& Set(std::string name, std::string value);
  std::optional<std::string> Get(std::string_view name) const;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();
  static Response Redirect(std::string location, int status = 302);
};

// Builds an RFC 9457 problem+json response from a non-ok Status. `type` is a stable URI
// ("https://onewindow.gov.cn/problems/<code>"), `title` from the code, `detail` the message,
// `errors` [{"path","message"}] for field errors.
Response Problem(const Status& s, std::string_view instance = {});
Response Problem(int status, std::string_view code, std::string_view detail,
                 std::string_view instance = {});
int HttpStatusFor(Code c);

// Sends the response of an asynchronous handler; may be called from any thread, once.
using Respond = std::function<void(Response)>;
using Handler = std::function<Response(Request&)>;
using AsyncHandler = std::function<void(Request&, Respond)>;

// Who may call a route.
struct Access {
  bool public_route = false;  // no authentication needed
  std::vector<Role> roles;    // any of these (empty + !public = any authenticated person)
};

inline Access Public() { return Access{true, {}}; }
inline Access AnyUser() { return Access{false, {}}; }
inline Access Roles(std::vector<Role> r) { return Access{false, std::move(r)}; }

struct RouteInfo {
  Method method;
  std::string pattern;
  Access access;
  bool hidden = false;    // not in OpenAPI (e.g. the test clock when disabled is not registered)
  size_t body_limit = 0;  // bytes a request body may have; 0 = the server's limit
};

}  // namespace ow::http
