// Test stand-ins for the exchange parts other helpers write, as small real implementations
// (not mocks): TestCatalogue is a Directory over a few fixed members and ServiceDefs, and
// InMemoryMessageHistory is a MessageHistory over a vector of LogEntry. The consent and
// data-use tests use them until the Registry and the MessageLog are wired in the application.
#pragma once

#include <algorithm>
#include <mutex>
#include <vector>

#include "exchange/boundaries.h"

namespace ow::testing {

inline constexpr char kTaxClient[] = "CN-ZJ/GOV/330000-TAX/etax";
inline constexpr char kRailClient[] = "CN-ZJ/GOV/330000-RAIL/tickets";
inline constexpr char kFeverService[] = "CN-ZJ/GOV/330000-HEALTH/fever/clinic-visits";
inline constexpr char kLicenceService[] = "CN-ZJ/GOV/330000-MARKET/registry/business-licence";
inline constexpr char kSecretService[] = "CN-ZJ/GOV/330000-PSB/census/household";

class TestCatalogue : public exchange::Directory {
 public:
  TestCatalogue() {
    members_ = {*exchange::ParseSubsystemId(kTaxClient), *exchange::ParseSubsystemId(kRailClient)};
    exchange::ServiceDef fever;
    fever.id = *exchange::ParseServiceId(kFeverService);
    fever.name_zh = "发热门诊就诊记录";
    fever.name_en = "Fever clinic visits";
    fever.fields = {"visit_date", "clinic"};
    fever.sharing = exchange::SharingClass::kConditional;
    fever.purposes = {"travel_check", "sick_leave"};
    fever.about_person = true;
    exchange::ServiceDef licence;
    licence.id = *exchange::ParseServiceId(kLicenceService);
    licence.name_zh = "营业执照";
    licence.name_en = "Business licence";
    licence.sharing = exchange::SharingClass::kUnconditional;
    licence.purposes = {"tax_filing"};
    exchange::ServiceDef secret;
    secret.id = *exchange::ParseServiceId(kSecretService);
    secret.name_zh = "户籍";
    secret.name_en = "Household register";
    secret.sharing = exchange::SharingClass::kNotShared;
    services_ = {fever, licence, secret};
  }

  Result<exchange::MemberKey> KeyOf(const exchange::SubsystemId&, std::string_view,
                                    int64_t) override {
    return Status::NotFound("the test catalogue has no keys");
  }
  Result<bool> IsMember(const exchange::SubsystemId& member) override {
    return std::find(members_.begin(), members_.end(), member) != members_.end();
  }
  Result<exchange::ServiceDef> Service(const exchange::ServiceId& service) override {
    for (const auto& s : services_)
      if (s.id == service) return s;
    return Status::NotFound("no such service");
  }
  Result<exchange::AccessRight> RightOf(const exchange::SubsystemId&, const exchange::ServiceId&,
                                        std::string_view) override {
    return Status::NotFound("the test catalogue has no access rights");
  }

 private:
  std::vector<exchange::SubsystemId> members_;
  std::vector<exchange::ServiceDef> services_;
};

class InMemoryMessageHistory : public exchange::MessageHistory {
 public:
  void Add(exchange::LogEntry e) {
    std::lock_guard lock(mu_);
    e.seq = static_cast<int64_t>(entries_.size()) + 1;
    entries_.push_back(std::move(e));
  }
  Result<std::vector<exchange::LogEntry>> ForPerson(std::string_view person_index, int64_t from_ms,
                                                    int64_t to_ms, int limit) override {
    if (limit < 1 || limit > 1000) return Status::Invalid("limit must be 1..1000");
    std::lock_guard lock(mu_);
    std::vector<exchange::LogEntry> out;
    for (auto it = entries_.rbegin(); it != entries_.rend() && static_cast<int>(out.size()) < limit;
         ++it)
      if (it->person_index == person_index && it->outcome == "ok" && it->at_ms >= from_ms &&
          it->at_ms < to_ms)
        out.push_back(*it);
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.at_ms > b.at_ms; });
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<exchange::LogEntry> entries_;
};

}  // namespace ow::testing
