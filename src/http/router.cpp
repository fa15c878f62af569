#include "http/router.h"

#include <algorithm>

namespace ow::http {

namespace {
// Non-empty segments of a path, as views into it.
template <typename T>
std::vector<T> Split(std::string_view path) {
  std::vector<T> out;
  out.reserve(8);
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

template <typename T>
std::string Join(const std::vector<T>& segments) {
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

bool IsRest(const std::string& p) { return p.starts_with("{*"); }
bool IsParam(const std::string& p) { return p.size() > 2 && p.front() == '{' && p.back() == '}'; }
}  // namespace

bool Router::Matches(const Entry& e, const std::vector<std::string_view>& path) {
  const size_t fixed = e.rest ? e.segments.size() - 1 : e.segments.size();
  if (e.rest ? path.size() < fixed : path.size() != fixed) return false;
  for (size_t i = 0; i < fixed; ++i) {
    const std::string& p = e.segments[i];
    if (!IsParam(p) && p != path[i]) return false;
  }
  return true;
}

Router::Match Router::MatchOf(const Entry& e, const std::vector<std::string_view>& path) {
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < e.segments.size(); ++i) {
    const std::string& p = e.segments[i];
    if (IsRest(p)) {
      std::string rest;
      for (size_t k = i; k < path.size(); ++k) {
        if (k > i) rest += '/';
        rest += path[k];
      }
      params[p.substr(2, p.size() - 3)] = std::move(rest);
      break;
    }
    if (IsParam(p)) params[p.substr(1, p.size() - 2)] = std::string(path[i]);
  }
  return Match{&e.info, e.handler ? &e.handler : nullptr,
               e.async_handler ? &e.async_handler : nullptr, std::move(params)};
}

void Router::Add(Method m, std::string pattern, Access access, Handler h, AsyncHandler ah) {
  auto e = std::make_unique<Entry>();
  e->segments = Split<std::string>(pattern);
  e->rest = !e->segments.empty() && IsRest(e->segments.back());
  for (const auto& s : e->segments)
    if (s.empty() || s.front() != '{') ++e->literals;
  e->info = RouteInfo{m, std::move(pattern), std::move(access)};
  e->handler = std::move(h);
  e->async_handler = std::move(ah);
  if (static_cast<size_t>(e->literals) == e->segments.size())
    literal_[Join(e->segments)].push_back(e.get());
  entries_.push_back(std::move(e));
}

void Router::Add(Method m, std::string pattern, Access access, Handler h) {
  Add(m, std::move(pattern), std::move(access), std::move(h), nullptr);
}

void Router::AddAsync(Method m, std::string pattern, Access access, AsyncHandler h) {
  Add(m, std::move(pattern), std::move(access), nullptr, std::move(h));
}

std::optional<Router::Match> Router::Find(Method m, std::string_view path, bool* method_mismatch,
                                          std::vector<Method>* allowed) const {
  const auto segs = Split<std::string_view>(path);
  const Method want = m == Method::kHead ? Method::kGet : m;
  if (auto it = literal_.find(Join(segs)); it != literal_.end()) {
    for (const Entry* e : it->second) {
      if (e->info.method == want) {
        *method_mismatch = false;
        return MatchOf(*e, segs);  // no parameters to capture
      }
    }
  }
  *method_mismatch = false;
  const Entry* best = nullptr;
  for (const auto& e : entries_) {
    if (!Matches(*e, segs)) continue;
    if (e->info.method != want) {
      *method_mismatch = true;
      if (allowed) allowed->push_back(e->info.method);
      continue;
    }
    // Prefer the most specific pattern (most literal segments); the first one among equals.
    if (best == nullptr || e->literals > best->literals) best = e.get();
  }
  if (best == nullptr) return std::nullopt;
  *method_mismatch = false;
  return MatchOf(*best, segs);
}

void Router::Hide(Method m, std::string_view pattern) {
  for (auto& e : entries_)
    if (e->info.method == m && e->info.pattern == pattern) e->info.hidden = true;
}

void Router::SetBodyLimit(Method m, std::string_view pattern, size_t limit) {
  for (auto& e : entries_)
    if (e->info.method == m && e->info.pattern == pattern) {
      e->info.body_limit = limit;
      max_body_limit_ = std::max(max_body_limit_, limit);
    }
}

size_t Router::BodyLimit(Method m, std::string_view path) const {
  bool mismatch = false;
  auto match = Find(m, path, &mismatch, nullptr);
  return match && match->info ? match->info->body_limit : 0;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& e : entries_) out.push_back(e->info);
  return out;
}

}  // namespace ow::http
