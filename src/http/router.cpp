#include "http/router.h"

namespace ow::http {

namespace {
std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::map<std::string, std::string>* params) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.starts_with("{*")) {
      std::string rest;
      for (size_t k = i; k < path.size(); ++k) rest += (k > i ? "/" : "") + path[k];
      (*params)[p.substr(2, p.size() - 3)] = rest;
      return true;
    }
    if (i >= path.size()) return false;
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      (*params)[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  return pattern.size() == path.size();
}
}  // namespace

void Router::Add(Method m, std::string pattern, Access access, Handler h) {
  auto e = std::make_unique<Entry>();
  e->segments = Split(pattern);
  e->info = RouteInfo{m, std::move(pattern), std::move(access)};
  e->handler = std::move(h);
  entries_.push_back(std::move(e));
}

void Router::AddAsync(Method m, std::string pattern, Access access, AsyncHandler h) {
  auto e = std::make_unique<Entry>();
  e->segments = Split(pattern);
  e->info = RouteInfo{m, std::move(pattern), std::move(access)};
  e->async_handler = std::move(h);
  entries_.push_back(std::move(e));
}

std::optional<Router::Match> Router::Find(Method m, std::string_view path, bool* method_mismatch,
                                          std::vector<Method>* allowed) const {
  auto segs = Split(path);
  *method_mismatch = false;
  std::optional<Match> best;
  int best_literals = -1;
  for (const auto& e : entries_) {
    std::map<std::string, std::string> params;
    if (!MatchSegments(e->segments, segs, &params)) continue;
    Method want = m == Method::kHead ? Method::kGet : m;
    if (e->info.method != want) {
      *method_mismatch = true;
      if (allowed) allowed->push_back(e->info.method);
      continue;
    }
    // Prefer the most specific pattern (most literal segments).
    int literals = 0;
    for (const auto& s : e->segments)
      if (s.empty() || s.front() != '{') ++literals;
    if (literals > best_literals) {
      best_literals = literals;
      best = Match{&e->info, e->handler ? &e->handler : nullptr,
                   e->async_handler ? &e->async_handler : nullptr, std::move(params)};
    }
  }
  if (best) *method_mismatch = false;
  return best;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& e : entries_) out.push_back(e->info);
  return out;
}

}  // namespace ow::http
