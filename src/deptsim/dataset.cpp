// The simulator's seeded data set (see dataset.h).
#include "deptsim/dataset.h"
#include "deptsim/rail_routes.h"

#include <array>
#include <cstring>

#include "crypto/crypto.h"
#include "exchange/envelope.h"
#include "identity/validate.h"

namespace ow::deptsim {

namespace {

constexpr std::array<const char*, 8> kRegions = {"330102", "330105", "330106", "330108",
                                                 "330203", "330302", "330402", "330602"};
constexpr std::array<const char*, 10> kWords = {"云栖", "西湖", "钱塘", "之江", "湖畔",
                                                "望江", "滨江", "临平", "良渚", "富春"};
constexpr std::array<const char*, 5> kTrades = {"科技", "贸易", "餐饮", "物流", "建设"};
constexpr std::array<const char*, 8> kSurnames = {"张", "王", "李", "赵", "陈", "刘", "杨", "黄"};
constexpr std::array<const char*, 6> kGiven = {"伟", "芳", "小明", "建国", "丽华", "志强"};
constexpr std::array<const char*, 4> kClinics = {"浙大一院发热门诊", "省人民医院发热门诊",
                                                 "杭州市一医院发热门诊", "宁波市一院发热门诊"};
constexpr std::array<const char*, 4> kPharmacies = {"老百姓大药房(文三路店)", "九州大药房(武林店)",
                                                    "海王星辰(滨江店)", "华东大药房(城站店)"};
constexpr std::array<const char*, 4> kDrugs = {"布洛芬缓释胶囊", "对乙酰氨基酚片", "连花清瘟胶囊",
                                               "复方氨酚烷胺片"};
// GB 11714 organisation code check character over 8 digits.
char OrgCodeCheck(const std::string& eight) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (eight[i] - '0') * kWeights[i];
  int c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return static_cast<char>('0' + c);
}

std::string Digits(uint64_t v, int n) {
  std::string out(n, '0');
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out;
}

}  // namespace

uint64_t Dataset::Draw(std::string_view label) const {
  std::string material = seed_;
  material += '\0';
  material += label;
  std::string h = crypto::Hash(material);
  uint64_t v = 0;
  std::memcpy(&v, h.data(), sizeof v);
  return v;
}

Dataset::Dataset(std::string_view seed, int size) : seed_(seed) {
  if (size < 1) size = 1;
  for (int i = 0; enterprises_.size() < static_cast<size_t>(size); ++i) {
    std::string k = "enterprise/" + std::to_string(i);
    uint64_t a = Draw(k + "/code"), b = Draw(k + "/facts");
    std::string org8 = Digits(a, 8);
    std::string first17 =
        std::string("91") + kRegions[(a >> 32) % kRegions.size()] + org8 + OrgCodeCheck(org8);
    char check = identity::CreditCodeCheckChar(first17);
    if (check == '\0') continue;
    Enterprise e;
    e.uscc = first17 + check;
    if (by_uscc_.count(e.uscc)) continue;
    e.name = std::string("浙江") + kWords[b % kWords.size()] + kTrades[(b >> 8) % kTrades.size()] +
             "有限公司";
    e.legal_representative_masked = identity::MaskName(std::string(kSurnames[(b >> 16) % 8]) +
                                                       kGiven[(b >> 24) % kGiven.size()]);
    e.status = (b >> 32) % 10 == 0 ? "deregistered" : "active";
    e.established =
        CivilFromDays(DaysFromCivil({2000, 1, 1}) + static_cast<int64_t>((b >> 36) % 9000));
    bool arrears = (b >> 48) % 7 == 0;
    e.standing = arrears ? "arrears" : "good";
    e.arrears_yuan = arrears ? static_cast<int64_t>(1000 + (a >> 40) % 200000) : 0;
    e.insured_employees = static_cast<int>(1 + (b >> 52) % 500);
    by_uscc_[e.uscc] = enterprises_.size();
    enterprises_.push_back(std::move(e));
  }
  for (int i = 0; persons_.size() < static_cast<size_t>(size); ++i) {
    uint64_t a = Draw("person/" + std::to_string(i));
    Date birth = CivilFromDays(DaysFromCivil({1950, 1, 1}) + static_cast<int64_t>(a % 21900));
    char date[9];
    std::snprintf(date, sizeof date, "%04d%02d%02d", birth.year, birth.month, birth.day);
    std::string first17 =
        std::string(kRegions[(a >> 20) % kRegions.size()]) + date + Digits(a >> 28, 3);
    std::string id = first17 + identity::ResidentIdCheckChar(first17);
    if (by_id_.count(id)) continue;
    by_id_[id] = persons_.size();
    persons_.push_back({id});
  }
}

const Enterprise* Dataset::FindEnterprise(std::string_view uscc) const {
  auto it = by_uscc_.find(uscc);
  return it == by_uscc_.end() ? nullptr : &enterprises_[it->second];
}

bool Dataset::Known(std::string_view id_number) const { return by_id_.count(id_number) > 0; }

boost::json::array Dataset::FeverClinicVisits(std::string_view id_number, int64_t now_ms) const {
  boost::json::array out;
  if (!Known(id_number)) return out;
  std::string k = "visits/" + std::string(id_number);
  int n = static_cast<int>(Draw(k) % 4);  // 0-3 visits in the last 14 days
  int64_t at = now_ms;
  for (int i = 0; i < n; ++i) {
    uint64_t v = Draw(k + "/" + std::to_string(i));
    at -= static_cast<int64_t>(1 + v % (3 * 24 * 60)) * kMillisPerMinute;
    out.push_back({{"at", exchange::CallTimestamp(at)},
                   {"clinic", kClinics[(v >> 20) % kClinics.size()]},
                   {"temperature_c", 37.3 + static_cast<double>((v >> 30) % 25) / 10.0}});
  }
  return out;
}

boost::json::array Dataset::FeverDrugPurchases(std::string_view id_number, int64_t now_ms) const {
  boost::json::array out;
  if (!Known(id_number)) return out;
  std::string k = "purchases/" + std::string(id_number);
  int n = static_cast<int>(Draw(k) % 3);
  int64_t at = now_ms;
  for (int i = 0; i < n; ++i) {
    uint64_t v = Draw(k + "/" + std::to_string(i));
    at -= static_cast<int64_t>(1 + v % (4 * 24 * 60)) * kMillisPerMinute;
    out.push_back({{"at", exchange::CallTimestamp(at)},
                   {"pharmacy", kPharmacies[(v >> 20) % kPharmacies.size()]},
                   {"drug", kDrugs[(v >> 30) % kDrugs.size()]},
                   {"quantity", 1 + static_cast<int>((v >> 40) % 2)}});
  }
  return out;
}

boost::json::array Dataset::RailTrips(std::string_view id_number, int64_t now_ms) const {
  boost::json::array out;
  if (!Known(id_number)) return out;
  std::string k = "trips/" + std::string(id_number);
  int n = static_cast<int>(Draw(k) % 4);
  int64_t at = now_ms;
  for (int i = 0; i < n; ++i) {
    uint64_t v = Draw(k + "/" + std::to_string(i));
    at -= static_cast<int64_t>(60 + v % (5 * 24 * 60)) * kMillisPerMinute;
    const RailRoute& r = kRailRoutes[(v >> 20) % kRailRoutes.size()];
    out.push_back({{"train", r.train},
                   {"from_station", r.from},
                   {"to_station", r.to},
                   {"from_region", r.from_region},
                   {"departure", exchange::CallTimestamp(at)}});
  }
  return out;
}

}  // namespace ow::deptsim
