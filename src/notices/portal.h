// The public epidemic-information page of a region (one per region, no login): its risk
// areas, the health-code rules in plain words, the current notices, hotlines and designated
// fever clinics. What comes from other modules (risk areas from tracing, rules from the colour
// engine, fever clinics from the hospital module) is passed in as callbacks by src/app; this
// module reads no other module's tables.
//
// The page and the region's feeds are rendered once and cached per region with an ETag: the
// cache is dropped when a notice or a risk area changes anywhere (change-feed topics `notice`
// and `risk_area`, heard by every node within one poll), when a shown notice's valid period
// begins or ends, and after at most a minute (rules reloads, new clinics).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "notices/notices.h"
#include "store/change_feed.h"

namespace ow::notices {

struct PortalRiskArea {
  std::string id;
  std::string name;
  std::string level;                // high | medium
  std::string region;               // "" for an area given by places
  std::vector<std::string> places;  // place names
  int64_t from_ms = 0, to_ms = 0;
};

struct FeverClinic {
  std::string hospital_id;
  std::string hospital_name;
  std::string address;
  std::string region;
  std::string department_id;
  std::string name_zh, name_en;
};

// One colour's rule in plain words, with the reasons that give it.
struct PlainColourRule {
  std::string colour;  // red | yellow | green
  int quarantine_days = 0;
  int checkins_required = 0;
  std::string summary_zh, summary_en;
  struct Reason {
    std::string code, zh, en;
  };
  std::vector<Reason> reasons;
};

struct PlainRules {
  std::string version;
  std::vector<PlainColourRule> colours;
};

struct PortalSources {
  // Active risk areas that concern the region (inside it, or containing it).
  std::function<Result<std::vector<PortalRiskArea>>(const std::string& region)> risk_areas;
  // Fever clinics (发热门诊) of hospitals in the region.
  std::function<Result<std::vector<FeverClinic>>(const std::string& region)> fever_clinics;
  std::function<PlainRules()> rules;
};

// A rendered page or feed with its validator.
struct Rendered {
  std::string body;
  std::string etag;  // a strong ETag, quoted
};

class PortalService {
 public:
  PortalService(NoticeService& notices, PortalSources sources, const Clock& clock);

  // Listens to `notice` and `risk_area`; without a fresh feed nothing is served from memory.
  void UseChangeFeed(store::ChangeFeed& feed);

  // The portal JSON of a region; NotFound for a malformed region code.
  Result<std::shared_ptr<const Rendered>> Portal(const std::string& region);
  Result<std::shared_ptr<const Rendered>> Atom(const std::string& region, const std::string& self);
  Result<std::shared_ptr<const Rendered>> JsonFeed(const std::string& region,
                                                   const std::string& self);

  // Always-listed hotlines (12345 government service, 12320 health).
  static std::vector<std::pair<std::string, std::string>> StandingHotlines();

  int64_t renders() const;  // how many pages and feeds were rendered (cache misses)

 private:
  struct Entry {
    std::shared_ptr<const Rendered> value;
    uint64_t generation = 0;
    int64_t expires_at_ms = 0;
  };
  using Render = std::function<Result<std::string>(const std::vector<Notice>&, int64_t& expires)>;
  Result<std::shared_ptr<const Rendered>> Cached(const std::string& key, const std::string& region,
                                                 const Render& render);
  void Invalidate();

  NoticeService& notices_;
  PortalSources sources_;
  const Clock& clock_;
  store::ChangeFeed* feed_ = nullptr;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  int64_t renders_ = 0;
  std::map<std::string, Entry> cache_;
};

}  // namespace ow::notices
