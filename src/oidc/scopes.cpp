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

const std::vector<const char*>& SystemScopeCatalogue() {
  static const std::vector<const char*> kScopes = {
      "system/*.read",        "system/Appointment.read",       "system/Appointment.write",
      "system/Slot.read",     "system/Schedule.read",          "system/Practitioner.read",
      "system/Location.read", "system/HealthcareService.read",
  };
  return kScopes;
}

bool IsSystemScope(std::string_view name) {
  for (const char* s : SystemScopeCatalogue())
    if (name == s) return true;
  constexpr std::string_view kPlace = "place:";
  if (!name.starts_with(kPlace)) return false;
  std::string_view id = name.substr(kPlace.size());
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string PlaceOfScopes(const std::vector<std::string>& scopes) {
  for (const auto& s : scopes)
    if (s.starts_with("place:")) return s.substr(6);
  return "";
}

namespace {

template <class Known>
Result<std::vector<std::string>> SplitScopes(std::string_view text, Known known) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t sp = text.find(' ', pos);
    std::string_view item = text.substr(pos, sp == std::string_view::npos ? sp : sp - pos);
    if (item.empty()) return Status::Invalid("scope has an empty item");
    if (!known(item)) return Status::Invalid("unknown scope '" + std::string(item) + "'");
    if (HasScope(out, item)) return Status::Invalid("scope '" + std::string(item) + "' repeated");
    out.emplace_back(item);
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> ParseScopes(std::string_view text) {
  return SplitScopes(text, [](std::string_view s) { return FindScope(s) != nullptr; });
}

Result<std::vector<std::string>> ParseSystemScopes(std::string_view text) {
  return SplitScopes(text, IsSystemScope);
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
