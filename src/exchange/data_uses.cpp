#include "exchange/data_uses.h"

#include <algorithm>
#include <map>

namespace ow::exchange {

namespace {

constexpr std::string_view kOidcReasonPrefix = "oidc:";
constexpr char kSsoPurpose[] = "single sign-on (单点登录)";

bool InFilter(const DataUseFilter& f, std::string_view channel, int64_t at_ms) {
  return (f.channel.empty() || f.channel == channel) && at_ms >= f.from_ms && at_ms < f.to_ms;
}

// "health_official 330106, admin": a staff member's roles and scopes today.
std::string UnitOf(const std::vector<RoleGrant>& grants) {
  std::string unit;
  for (const auto& g : grants) {
    if (g.role == Role::kCitizen) continue;
    if (!unit.empty()) unit += ", ";
    unit += RoleName(g.role);
    if (!g.scope.empty()) unit += " " + g.scope;
  }
  return unit;
}

}  // namespace

DataUseRecord::DataUseRecord(audit::AuditLog& audit, identity::IdentityService& identity,
                             oidc::ClientRegistry& clients, std::string index_key,
                             MessageHistory* history)
    : audit_(audit),
      identity_(identity),
      clients_(clients),
      index_key_(std::move(index_key)),
      history_(history) {}

Status DataUseRecord::AddAuditUses(const std::string& person_id, const DataUseFilter& filter,
                                   std::vector<DataUse>& out) {
  if (!filter.channel.empty() && filter.channel != "official" && filter.channel != "sso")
    return Status::Ok();
  OW_ASSIGN_OR_RETURN(auto entries, audit_.List(kAuditEntriesRead, "", person_id));
  std::map<std::string, std::pair<std::string, std::string>> people;  // actor -> (name, unit)
  std::map<std::string, std::string> platforms;                       // client id -> name
  for (const auto& e : entries) {
    const audit::Event& ev = e.event;
    // Reads of the person's data by someone else; the person's own actions are not uses.
    if (ev.action != "pii.read" || ev.actor == person_id) continue;
    const bool sso = ev.reason.starts_with(kOidcReasonPrefix) &&
                     ev.reason.substr(kOidcReasonPrefix.size()) == ev.actor;
    const char* channel = sso ? "sso" : "official";
    if (!InFilter(filter, channel, e.at_ms)) continue;
    DataUse u;
    u.id = std::string(channel) + ":" + std::to_string(e.seq);
    u.at_ms = e.at_ms;
    u.channel = channel;
    u.fields = ev.fields;
    constexpr std::string_view kSystemClient = "oidc-client:";  // hospital/fhir_routes.cpp
    if (!sso && ev.actor.starts_with(kSystemClient)) {
      // A system client (OAuth client_credentials) acting for its unit, e.g. a hospital's
      // system booking through /fhir/r4: named by its registered name.
      const std::string id = ev.actor.substr(kSystemClient.size());
      auto it = platforms.find(id);
      if (it == platforms.end()) {
        auto client = clients_.Get(id);
        if (!client.ok() && client.status().code() != Code::kNotFound) return client.status();
        it = platforms.emplace(id, client.ok() ? client->name : id).first;
      }
      u.who = it->second;
      u.unit = id;
      u.purpose = ev.reason;
    } else if (sso) {
      auto it = platforms.find(ev.actor);
      if (it == platforms.end()) {
        auto client = clients_.Get(ev.actor);
        if (!client.ok() && client.status().code() != Code::kNotFound) return client.status();
        it = platforms.emplace(ev.actor, client.ok() ? client->name : ev.actor).first;
      }
      u.who = it->second;
      u.unit = ev.actor;
      u.purpose = kSsoPurpose;
    } else {
      auto it = people.find(ev.actor);
      if (it == people.end()) {
        std::string name = "—";
        std::string unit;
        auto summary = identity_.GetSummary(ev.actor);
        if (summary.ok()) {
          name = summary->masked_name;
          OW_ASSIGN_OR_RETURN(auto grants, identity_.Grants(ev.actor));
          unit = UnitOf(grants);
        } else if (summary.status().code() != Code::kNotFound) {
          return summary.status();
        }
        it = people.emplace(ev.actor, std::make_pair(name, unit)).first;
      }
      u.who = it->second.first;
      u.unit = it->second.second;
      u.purpose = ev.reason;
    }
    out.push_back(std::move(u));
  }
  return Status::Ok();
}

Result<DataUses> DataUseRecord::ForPerson(const std::string& person_id,
                                          const std::string& id_number,
                                          const DataUseFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxDataUses)
    return Status::Invalid("limit must be 1.." + std::to_string(kMaxDataUses));
  DataUses result;
  OW_RETURN_IF_ERROR(AddAuditUses(person_id, filter, result.uses));
  MessageHistory* history = history_.load();
  if (history != nullptr) {
    result.exchange_read = true;
    if (filter.channel.empty() || filter.channel == "exchange") {
      OW_ASSIGN_OR_RETURN(auto entries,
                          history->ForPerson(PersonIndex(index_key_, id_number), filter.from_ms,
                                             filter.to_ms, filter.limit));
      for (const auto& e : entries) {
        if (!InFilter(filter, "exchange", e.at_ms)) continue;
        result.uses.push_back({"exchange:" + std::to_string(e.seq), e.at_ms, "exchange", e.client,
                               e.service, e.purpose, e.fields});
      }
    }
  }
  // Newest first; ties in a stable order (channel, then id).
  std::sort(result.uses.begin(), result.uses.end(), [](const DataUse& a, const DataUse& b) {
    if (a.at_ms != b.at_ms) return a.at_ms > b.at_ms;
    return a.id > b.id;
  });
  if (result.uses.size() > static_cast<size_t>(filter.limit)) result.uses.resize(filter.limit);
  return result;
}

Result<DataUse> DataUseRecord::Find(const std::string& person_id, const std::string& id_number,
                                    const std::string& use_id) {
  const size_t colon = use_id.find(':');
  if (colon == std::string::npos) return Status::NotFound("no such data use");
  DataUseFilter filter;
  filter.channel = use_id.substr(0, colon);
  if (filter.channel != "official" && filter.channel != "sso" && filter.channel != "exchange")
    return Status::NotFound("no such data use");
  filter.limit = kMaxDataUses;
  OW_ASSIGN_OR_RETURN(DataUses uses, ForPerson(person_id, id_number, filter));
  for (auto& u : uses.uses)
    if (u.id == use_id) return std::move(u);
  return Status::NotFound("no such data use");
}

}  // namespace ow::exchange
