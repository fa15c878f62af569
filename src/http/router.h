// Router: maps (method, path) to handlers. Patterns are literal segments and {param}
// segments ("/api/v1/cases/{id}/contacts"); a trailing "/{*rest}" captures the remainder.
// Routes also carry their access rule, which the server enforces before calling a handler.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/api.h"

namespace ow::http {

class Router {
 public:
  void Add(Method m, std::string pattern, Access access, Handler h);
  void AddAsync(Method m, std::string pattern, Access access, AsyncHandler h);

  struct Match {
    const RouteInfo* info = nullptr;
    const Handler* handler = nullptr;
    const AsyncHandler* async_handler = nullptr;
    std::map<std::string, std::string> params;
  };
  // Finds the route; when the path matches but not the method, `*method_mismatch` is set and
  // `allowed` lists the methods that would match.
  std::optional<Match> Find(Method m, std::string_view path, bool* method_mismatch,
                            std::vector<Method>* allowed) const;

  std::vector<RouteInfo> Routes() const;
  // Marks a registered route as not part of the API description (RouteInfo::hidden), e.g. a
  // catch-all that only answers errors in a protocol's own shape.
  void Hide(Method m, std::string_view pattern);
  // Lets a registered route take request bodies up to `limit` bytes instead of the server's
  // limit (file uploads).
  void SetBodyLimit(Method m, std::string_view pattern, size_t limit);
  // The body limit of the route that `path` (decoded) and `m` select; 0 when it has none of its
  // own or no route matches.
  size_t BodyLimit(Method m, std::string_view path) const;
  // The largest body limit of any route (0 when none has its own).
  size_t MaxBodyLimit() const { return max_body_limit_; }

 private:
  struct Entry {
    RouteInfo info;
    std::vector<std::string> segments;
    int literals = 0;   // literal segments: the most specific matching pattern wins
    bool rest = false;  // ends in {*name}
    Handler handler;
    AsyncHandler async_handler;
  };
  static bool Matches(const Entry& e, const std::vector<std::string_view>& path);
  // The match for route `e` on `path`, with its parameters captured.
  static Match MatchOf(const Entry& e, const std::vector<std::string_view>& path);
  void Add(Method m, std::string pattern, Access access, Handler h, AsyncHandler ah);

  std::vector<std::unique_ptr<Entry>> entries_;
  size_t max_body_limit_ = 0;
  // Routes without parameters by their path ("api/v1/scans"): a path that equals one is
  // answered without walking every route (no other pattern can be more specific).
  std::unordered_map<std::string, std::vector<const Entry*>> literal_;
};

}  // namespace ow::http
