#include "http/api.h"

#include <strings.h>
#include <boost/json.hpp>
#include <cctype>

namespace ow::http {

const char* MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

Method ParseMethod(std::string_view s) {
  if (s == "GET") return Method::kGet;
  if (s == "HEAD") return Method::kHead;
  if (s == "POST") return Method::kPost;
  if (s == "PUT") return Method::kPut;
  if (s == "PATCH") return Method::kPatch;
  if (s == "DELETE") return Method::kDelete;
  if (s == "OPTIONS") return Method::kOptions;
  return Method::kOther;
}

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  // Header names are ASCII tokens: fold A-Z only (no locale lookup per character).
  auto lower = [](char c) {
    return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  };
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char ca = lower(a[i]);
    unsigned char cb = lower(b[i]);
    if (ca != cb) return ca < cb;
  }
  return a.size() < b.size();
}

namespace {
int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
std::string FormDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexVal(s[i + 1]) >= 0 && HexVal(s[i + 2]) >= 0) {
      out += static_cast<char>(HexVal(s[i + 1]) * 16 + HexVal(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}
}  // namespace

std::optional<std::string> Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  std::string_view q = query_string;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    size_t eq = pair.find('=');
    std::string key = FormDecode(pair.substr(0, eq));
    if (key == name) return eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  auto h = Header("Cookie");
  if (!h) return std::nullopt;
  std::string_view c = *h;
  while (!c.empty()) {
    size_t semi = c.find(';');
    std::string_view part = c.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    c.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

Response& Response::Set(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) {
      v = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string> Response::Get(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return std::nullopt;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.Set("Content-Type", "application/json");
  return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.Set("Content-Type", std::move(content_type));
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::Redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.Set("Location", std::move(location));
  return r;
}

int HttpStatusFor(Code c) {
  switch (c) {
    case Code::kOk:
      return 200;
    case Code::kBadRequest:
      return 400;
    case Code::kInvalid:
      return 422;
    case Code::kUnauthenticated:
      return 401;
    case Code::kForbidden:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kConflict:
      return 409;
    case Code::kTooLarge:
      return 413;
    case Code::kUnsupportedMediaType:
      return 415;
    case Code::kTooManyRequests:
      return 429;
    case Code::kUnavailable:
    case Code::kAborted:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

namespace {
const char* TitleFor(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}
}  // namespace

Response Problem(int status, std::string_view code, std::string_view detail,
                 std::string_view instance) {
  boost::json::object o;
  o["type"] = "https://onewindow.gov.cn/problems/" + std::string(code);
  o["title"] = TitleFor(status);
  o["status"] = status;
  o["detail"] = detail;
  if (!instance.empty()) o["instance"] = instance;
  Response r;
  r.status = status;
  r.body = boost::json::serialize(o);
  r.Set("Content-Type", "application/problem+json");
  return r;
}

Response Problem(const Status& s, std::string_view instance) {
  int status = HttpStatusFor(s.code());
  std::string_view detail = s.message();
  std::string internal_detail = "internal error";
  if (status == 500) detail = internal_detail;  // never leak internals to clients
  Response r = Problem(status, CodeName(s.code()), detail, instance);
  if (!s.fields().empty()) {
    boost::json::object o = boost::json::parse(r.body).as_object();
    boost::json::array errors;
    for (const auto& f : s.fields()) {
      boost::json::object e{{"path", f.path}, {"message", f.message}};
      if (!f.code.empty()) e["code"] = f.code;
      errors.push_back(std::move(e));
    }
    o["errors"] = std::move(errors);
    r.body = boost::json::serialize(o);
  }
  if (s.retry_after_seconds() > 0) {
    r.Set("Retry-After", std::to_string(s.retry_after_seconds()));
  } else if (status == 429) {
    r.Set("Retry-After", "60");
  }
  // A dependency is down (or a transaction kept losing races): try again shortly.
  if (status == 503 && !r.Get("Retry-After")) r.Set("Retry-After", "5");
  if (status == 401) r.Set("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace ow::http
