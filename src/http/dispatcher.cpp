#include "http/dispatcher.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/text.h"
#include "http/conditional.h"

namespace ow::http {

namespace {
double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool SafeRequestId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

const char* ContentTypeFor(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".webmanifest") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".mp3") return "audio/mpeg";
  if (ext == ".wav") return "audio/wav";
  return "application/octet-stream";
}

bool IsUnsafe(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

// Compares two secrets in time that depends only on their lengths.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return diff == 0;
}

}  // namespace

// Everything the web app loads comes from this origin: scripts (the QR decoder compiles
// WebAssembly, hence 'wasm-unsafe-eval', which allows no JavaScript eval), styles (no inline
// style attributes), fonts, the health-code picture (a blob: URL of a fetched SVG), API calls
// and the offline service worker. Nothing may frame any page (clickjacking of the OIDC consent
// screen), no plug-ins, no <base>, and forms post only here (the consent screen posts with
// fetch and then navigates to the platform's redirect URI, which form-action does not govern).
const char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

std::string NewRequestId() {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x%06llx", static_cast<unsigned>(rng()),
                static_cast<unsigned long long>(counter++ & 0xffffff));
  return buf;
}

Dispatcher::Dispatcher(const Router& router, Metrics& metrics, Authenticator auth,
                       DispatcherOptions opts)
    : router_(router),
      metrics_(metrics),
      auth_(std::move(auth)),
      opts_(std::move(opts)),
      admission_(opts_.admission) {}

void Dispatcher::AddSecurityHeaders(Response& resp) const {
  resp.Set("X-Content-Type-Options", "nosniff");
  // On every response, API and OIDC included: a JSON or problem document opened as a page
  // gets the same restrictions as the app.
  resp.Set("Content-Security-Policy", kContentSecurityPolicy);
  resp.Set("X-Frame-Options", "DENY");  // frame-ancestors for browsers without CSP 2
  // no-referrer: URLs may carry OIDC codes, state and place ids in their query; nothing of them
  // is sent to other sites, and the app itself never relies on Referer.
  resp.Set("Referrer-Policy", "no-referrer");
  if (opts_.strict_transport) resp.Set("Strict-Transport-Security", "max-age=31536000");
}

void Dispatcher::Finish(const Request& req, Response& resp, double started) const {
  resp.Set("X-Request-Id", req.request_id);
  if (!resp.Get("Cache-Control")) resp.Set("Cache-Control", "no-store");
  AddValidators(req, resp);  // ETag and 304 for public, cacheable answers
  AddSecurityHeaders(resp);
  double elapsed = NowSeconds() - started;
  std::string route = req.route.empty() ? "unmatched" : req.route;
  metrics_.ObserveRequest(route, MethodName(req.method), resp.status, elapsed);
  // Structured access log: one JSON object per line; no bodies, no query strings (they may
  // hold personal data), no credentials. (Checked first: the arguments cost even when not
  // logged.)
  if (!spdlog::should_log(spdlog::level::info)) return;
  spdlog::info(
      "{{\"event\":\"access\",\"request_id\":\"{}\",\"method\":\"{}\",\"route\":\"{}\","
      "\"status\":{},\"duration_ms\":{:.3f},\"remote\":\"{}\",\"person\":\"{}\"}}",
      req.request_id, MethodName(req.method), JsonLogText(route), resp.status, elapsed * 1000,
      JsonLogText(req.remote_ip), req.principal ? req.principal->person_id : "");
}

void Dispatcher::Dispatch(Request& req, Respond respond) {
  double started = NowSeconds();
  auto incoming = req.Header("X-Request-Id");
  req.request_id = incoming && SafeRequestId(*incoming) ? *incoming : NewRequestId();

  Respond finish = [this, &req, started, respond](Response resp) {
    Finish(req, resp, started);
    respond(std::move(resp));
  };

  bool mismatch = false;
  std::vector<Method> allowed;
  auto match = router_.Find(req.method, req.path, &mismatch, &allowed);
  if (!match) {
    if (mismatch) {
      Response r =
          Problem(405, "method_not_allowed", "method not allowed on this resource", req.path);
      std::string allow;
      for (Method m : allowed) allow += std::string(allow.empty() ? "" : ", ") + MethodName(m);
      r.Set("Allow", allow);
      return finish(std::move(r));
    }
    if ((req.method == Method::kGet || req.method == Method::kHead) && !opts_.static_dir.empty() &&
        !req.path.starts_with("/api/")) {
      req.route = "static";
      return finish(Static(req));
    }
    return finish(Problem(404, "not_found", "no such resource", req.path));
  }
  req.route = match->info->pattern;
  req.params = std::move(match->params);

  // Admission: refused before any work (authentication included) while ready work waits too
  // long for an I/O thread, or when the route's class already has its limit of requests in
  // flight; the slot is given back with the response.
  if (RouteClass route_class = admission_.ClassOf(req.method, req.route);
      route_class != RouteClass::kUnlimited) {
    if (admission_.Congested()) {
      admission_.CountRefusal();
      return finish(
          Overloaded("the server is busy; retry later", req.path, admission_.retry_after()));
    }
    std::shared_ptr<Admission::Slot> slot = admission_.TryAdmit(route_class);
    if (!slot) {
      admission_.CountRefusal();
      return finish(Overloaded(
          std::string("too many ") + RouteClassName(route_class) + " in progress; retry later",
          req.path, admission_.retry_after()));
    }
    finish = [slot, inner = std::move(finish)](Response resp) {
      slot->Release();
      inner(std::move(resp));
    };
  }

  // Authentication: credentials, if presented, must be valid even on public routes.
  auto who = auth_ ? auth_(req) : Result<std::optional<Principal>>(std::optional<Principal>());
  if (!who.ok()) {
    if (!match->info->access.public_route) return finish(Problem(who.status(), req.path));
  } else {
    req.principal = std::move(who.value());
  }
  const Access& access = match->info->access;
  if (!access.public_route) {
    if (!req.principal)
      return finish(Problem(Status::Unauthenticated("authentication required"), req.path));
    if (!access.roles.empty()) {
      bool ok = false;
      for (Role r : access.roles) ok = ok || req.principal->Has(r);
      if (!ok)
        return finish(Problem(Status::Forbidden("your roles do not allow this action"), req.path));
    }
  }
  // CSRF: cookie-authenticated writes must send the CSRF token of their session in a header.
  // Comparing with the session's stored token (not with a cookie, which another site or a
  // sibling subdomain could plant) means only a page that was given this session's token can
  // write.
  if (req.principal && req.principal->via_cookie && IsUnsafe(req.method)) {
    auto header = req.Header(opts_.csrf_header);
    if (!header || req.principal->csrf.empty() || !SameSecret(*header, req.principal->csrf))
      return finish(Problem(403, "csrf", "missing or wrong CSRF token", req.path));
  }

  try {
    if (match->handler) {
      finish((*match->handler)(req));
    } else {
      (*match->async_handler)(req, finish);
    }
  } catch (const std::exception& e) {
    spdlog::error("{{\"event\":\"handler_exception\",\"request_id\":\"{}\",\"what\":\"{}\"}}",
                  req.request_id, JsonLogText(e.what()));
    finish(Problem(Status::Internal(e.what()), req.path));
  }
}

Response Dispatcher::Static(const Request& req) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(opts_.static_dir, ec);
  std::string rel = req.path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  fs::path file = fs::weakly_canonical(root / rel, ec);
  auto [root_end, nothing] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  bool inside = !ec && root_end == root.end();
  bool is_file = inside && fs::is_regular_file(file, ec);
  bool spa_fallback = false;
  if (!is_file) {
    // Single-page app: unknown paths without an extension get index.html.
    if (fs::path(rel).has_extension())
      return Problem(404, "not_found", "no such resource", req.path);
    file = root / "index.html";
    spa_fallback = true;
    if (!fs::is_regular_file(file, ec))
      return Problem(404, "not_found", "no such resource", req.path);
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  Response r = Response::Text(200, ss.str(), ContentTypeFor(file));
  // Vite puts content-hashed files under /assets: cache them for a year; everything else
  // (index.html, manifest) must be revalidated so a deploy shows up at once.
  if (!spa_fallback && rel.starts_with("assets/")) {
    r.Set("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r.Set("Cache-Control", "no-cache");
  }
  if (req.method == Method::kHead) r.body.clear();
  return r;
}

}  // namespace ow::http
