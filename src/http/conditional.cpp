// Conditional GETs (see conditional.h).
#include "http/conditional.h"

#include <strings.h>

#include <algorithm>
#include <cstdio>

namespace ow::http {

std::string BodyETag(std::string_view body) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

bool IfNoneMatchHits(const Request& req, std::string_view etag) {
  const auto inm = req.Header("If-None-Match");
  if (!inm) return false;
  std::string_view list = *inm;
  while (!list.empty()) {
    size_t end = list.find(',');
    std::string_view tag = list.substr(0, end);
    list = end == std::string_view::npos ? std::string_view{} : list.substr(end + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    std::string_view mine = etag;
    if (mine.starts_with("W/")) mine.remove_prefix(2);
    if (tag == "*" || tag == mine) return true;
  }
  return false;
}

bool AnswerNotModified(const Request& req, Response& resp, const std::string& etag) {
  resp.Set("ETag", etag);
  if (!IfNoneMatchHits(req, etag)) return false;
  resp.status = 304;
  resp.body.clear();
  std::erase_if(resp.headers, [](const auto& h) {
    return strcasecmp(h.first.c_str(), "Content-Type") == 0 ||
           strcasecmp(h.first.c_str(), "Content-Length") == 0;
  });
  return true;
}

void AddValidators(const Request& req, Response& resp) {
  if (req.method != Method::kGet || resp.status != 200 || resp.Get("ETag") || resp.Get("Set-Cookie"))
    return;
  const auto cc = resp.Get("Cache-Control");
  if (!cc || cc->find("immutable") != std::string::npos ||
      cc->find("private") != std::string::npos || cc->find("no-store") != std::string::npos)
    return;
  if (cc->find("public") == std::string::npos && cc->find("no-cache") == std::string::npos) return;
  AnswerNotModified(req, resp, BodyETag(resp.body));
}

}  // namespace ow::http
