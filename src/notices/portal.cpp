#include "notices/portal.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/time.h"
#include "crypto/crypto.h"
#include "notices/feeds.h"

namespace ow::notices {

namespace json = boost::json;

namespace {

constexpr int64_t kMaxCacheAgeMs = 60'000;
constexpr size_t kMaxCacheEntries = 10'000;
constexpr int kMaxNotices = 50;

std::string ETagOf(const std::string& body) {
  return "\"" + crypto::ToHex(crypto::Hash(body)).substr(0, 32) + "\"";
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object NoticeSummary(const Notice& n) {
  const NoticeContent& c = n.current.content;
  json::object o{{"notice_id", n.id},
                 {"region", n.region},
                 {"version", n.version},
                 {"severity", c.severity},
                 {"title_zh", c.title_zh},
                 {"title_en", c.title_en},
                 {"body_zh", c.body_zh},
                 {"body_en", c.body_en},
                 {"hotlines", Strings(c.hotlines)},
                 {"valid_from", FormatRfc3339(c.valid_from_ms)},
                 {"valid_to", FormatRfc3339(c.valid_to_ms)},
                 {"published_at", FormatRfc3339(n.published_at_ms)},
                 {"updated_at", FormatRfc3339(n.updated_at_ms)}};
  if (c.severity == "urgent") o["cap"] = "/api/v1/notices/" + n.id + "/cap.xml";
  return o;
}

// The earliest valid_to of the notices shown: the page changes then.
int64_t EarliestEnd(const std::vector<Notice>& notices, int64_t bound) {
  for (const auto& n : notices) bound = std::min(bound, n.current.content.valid_to_ms);
  return bound;
}

}  // namespace

PortalService::PortalService(NoticeService& notices, PortalSources sources, const Clock& clock)
    : notices_(notices), sources_(std::move(sources)), clock_(clock) {}

void PortalService::UseChangeFeed(store::ChangeFeed& feed) {
  feed_ = &feed;
  // Any change may concern many regions (a province notice is on every district's page).
  feed.Subscribe(kNoticeTopic, [this](const std::string&) { Invalidate(); });
  feed.Subscribe("risk_area", [this](const std::string&) { Invalidate(); });
}

void PortalService::Invalidate() {
  std::lock_guard lock(mu_);
  ++generation_;
  cache_.clear();
}

int64_t PortalService::renders() const {
  std::lock_guard lock(mu_);
  return renders_;
}

std::vector<std::pair<std::string, std::string>> PortalService::StandingHotlines() {
  return {{"12345", "政务服务便民热线 / Government service hotline"},
          {"12320", "卫生健康热线 / Public health hotline"}};
}

Result<std::shared_ptr<const Rendered>> PortalService::Cached(const std::string& key,
                                                              const std::string& region,
                                                              const Render& render) {
  if (!NoticeService::ValidRegion(region)) return Status::NotFound("no such region");
  const int64_t now = clock_.NowMillis();
  uint64_t generation;
  {
    std::lock_guard lock(mu_);
    if (feed_ && feed_->Fresh()) {
      auto it = cache_.find(key);
      if (it != cache_.end() && it->second.generation == generation_ &&
          now < it->second.expires_at_ms)
        return it->second.value;
    }
    generation = generation_;
  }
  OW_ASSIGN_OR_RETURN(std::vector<Notice> current, notices_.Current(region, kMaxNotices));
  int64_t expires = EarliestEnd(current, now + kMaxCacheAgeMs);
  OW_ASSIGN_OR_RETURN(std::string body, render(current, expires));
  auto value = std::make_shared<Rendered>(Rendered{body, ETagOf(body)});
  std::lock_guard lock(mu_);
  ++renders_;
  // A value read before an invalidation is never stored after it.
  if (feed_ && generation == generation_) {
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
    cache_[key] = Entry{value, generation, expires};
  }
  return std::shared_ptr<const Rendered>(value);
}

Result<std::shared_ptr<const Rendered>> PortalService::Atom(const std::string& region,
                                                            const std::string& self) {
  return Cached("atom:" + region, region,
                [&](const std::vector<Notice>& current, int64_t&) -> Result<std::string> {
                  return NoticeAtom(region, current, self);
                });
}

Result<std::shared_ptr<const Rendered>> PortalService::JsonFeed(const std::string& region,
                                                                const std::string& self) {
  return Cached("json:" + region, region,
                [&](const std::vector<Notice>& current, int64_t&) -> Result<std::string> {
                  return NoticeJsonFeed(region, current, self);
                });
}

Result<std::shared_ptr<const Rendered>> PortalService::Portal(const std::string& region) {
  return Cached(
      "portal:" + region, region,
      [&](const std::vector<Notice>& current, int64_t& expires) -> Result<std::string> {
        json::array areas;
        if (sources_.risk_areas) {
          OW_ASSIGN_OR_RETURN(std::vector<PortalRiskArea> list, sources_.risk_areas(region));
          for (const auto& a : list) {
            // A risk area that ends changes the page too.
            if (a.to_ms > clock_.NowMillis()) expires = std::min(expires, a.to_ms);
            json::object o{{"risk_area_id", a.id},
                           {"name", a.name},
                           {"level", a.level},
                           {"places", Strings(a.places)},
                           {"from", FormatRfc3339(a.from_ms)},
                           {"to", FormatRfc3339(a.to_ms)}};
            o["region"] = a.region.empty() ? json::value(nullptr) : json::value(a.region);
            areas.push_back(std::move(o));
          }
        }
        json::array clinics;
        if (sources_.fever_clinics) {
          OW_ASSIGN_OR_RETURN(std::vector<FeverClinic> list, sources_.fever_clinics(region));
          for (const auto& c : list)
            clinics.push_back(json::object{{"hospital_id", c.hospital_id},
                                           {"hospital_name", c.hospital_name},
                                           {"address", c.address},
                                           {"region", c.region},
                                           {"department_id", c.department_id},
                                           {"name_zh", c.name_zh},
                                           {"name_en", c.name_en}});
        }
        json::object rules{{"version", ""}, {"colours", json::array{}}};
        if (sources_.rules) {
          PlainRules r = sources_.rules();
          json::array colours;
          for (const auto& c : r.colours) {
            json::array reasons;
            for (const auto& x : c.reasons)
              reasons.push_back(json::object{{"code", x.code}, {"zh", x.zh}, {"en", x.en}});
            colours.push_back(json::object{{"colour", c.colour},
                                           {"quarantine_days", c.quarantine_days},
                                           {"checkins_required", c.checkins_required},
                                           {"summary_zh", c.summary_zh},
                                           {"summary_en", c.summary_en},
                                           {"reasons", std::move(reasons)}});
          }
          rules = {{"version", r.version}, {"colours", std::move(colours)}};
        }
        json::array notices;
        std::set<std::string> seen;
        json::array hotlines;
        for (const auto& n : current) {
          notices.push_back(NoticeSummary(n));
          for (const auto& h : n.current.content.hotlines)
            if (seen.insert(h).second)
              hotlines.push_back(json::object{{"number", h},
                                              {"label_zh", "通告咨询热线（" + n.region + "）"},
                                              {"label_en", "Notice hotline (" + n.region + ")"}});
        }
        for (const auto& [number, label] : StandingHotlines()) {
          if (!seen.insert(number).second) continue;
          const size_t slash = label.find(" / ");
          hotlines.push_back(json::object{{"number", number},
                                          {"label_zh", label.substr(0, slash)},
                                          {"label_en", label.substr(slash + 3)}});
        }
        json::object page{
            {"region", region},
            {"risk_areas", std::move(areas)},
            {"rules", std::move(rules)},
            {"notices", std::move(notices)},
            {"hotlines", std::move(hotlines)},
            {"fever_clinics", std::move(clinics)},
            {"feeds", json::object{{"atom", "/api/v1/regions/" + region + "/notices.atom"},
                                   {"json", "/api/v1/regions/" + region + "/notices.json"}}}};
        return json::serialize(page);
      });
}

}  // namespace ow::notices
