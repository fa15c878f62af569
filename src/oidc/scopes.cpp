#include "oidc/scopes.h"

#include <algorithm>

namespace ow::oidc {

const std::vector<ScopeInfo>& ScopeCatalogue() {
  static const std::vector<ScopeInfo> kScopes = {
      {"openid", "使用一网通办账号登录（平台专属匿名标识）", {"sub"}},
      {"profile", "姓名（脱敏，如 张*三）", {"name"}},
      {"real_name", "实名认证的真实姓名", {"name", "real_name_verified"}},
      {"masked_id", "脱敏的居民身份证号码", {"masked_id"}},
  };
  return kScopes;
}

const ScopeInfo* FindScope(std::string_view name) {
  for (const auto& s : ScopeCatalogue())
    if (name == s.name) return &s;
  return nullptr;
}

Result<std::vector<std::string>> ParseScopes(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t sp = text.find(' ', pos);
    std::string_view item = text.substr(pos, sp == std::string_view::npos ? sp : sp - pos);
    if (item.empty()) return Status::Invalid("scope has an empty item");
    if (!FindScope(item)) return Status::Invalid("unknown scope '" + std::string(item) + "'");
    if (HasScope(out, item)) return Status::Invalid("scope '" + std::string(item) + "' repeated");
    out.emplace_back(item);
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  return out;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::string JoinClaims(const std::vector<std::string>& claims) {
  std::string out;
  for (const auto& c : claims) out += (out.empty() ? "" : ",") + c;
  return out;
}

bool HasScope(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::vector<std::string> ClaimsFor(const std::vector<std::string>& scopes) {
  std::vector<std::string> out = {"sub"};
  for (const auto& name : scopes) {
    const ScopeInfo* s = FindScope(name);
    if (!s) continue;
    for (const char* c : s->claims)
      if (!HasScope(out, c)) out.emplace_back(c);
  }
  return out;
}

std::vector<std::string> AllClaims() {
  std::vector<std::string> out = {"iss", "aud", "exp", "iat", "auth_time", "nonce"};
  for (const auto& s : ScopeCatalogue())
    for (const char* c : s.claims)
      if (!HasScope(out, c)) out.emplace_back(c);
  return out;
}

}  // namespace ow::oidc
