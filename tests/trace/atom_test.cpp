// The risk-area Atom feed is well-formed XML (checked with libxml2) whatever the stored names
// hold: control characters, NUL and bytes that are not UTF-8 (data stored before input was
// checked must not make feed readers reject the whole feed).
#include "trace/atom.h"

#include <gtest/gtest.h>

#include "support/well_formed_xml.h"

namespace ow::trace {
namespace {

constexpr int64_t kNow = 1'770'000'000'000;  // 2026-02-02

RiskArea Area(std::string id, std::string name, std::string region) {
  RiskArea a;
  a.id = std::move(id);
  a.spec.name = std::move(name);
  a.spec.region = std::move(region);
  a.spec.level = "high";
  a.spec.from_ms = kNow - 86'400'000;
  a.spec.to_ms = kNow;
  a.status = "active";
  a.published_at_ms = kNow;
  return a;
}

TEST(RiskAreaAtomTest, WellFormedWhateverTheNamesHold) {
  std::vector<RiskArea> areas = {
      Area("a1", std::string("湖滨\x01街道\0<&>\"", 18), "330102"),
      Area("a2\x02", "\x0b\x1f\x7f\xc2\x80", "3301\x1b"),
      Area("a3", "\xff\xfe not UTF-8 \xED\xA0\x80 \xEF\xBF\xBF", ""),
  };
  areas[2].spec.place_ids = {"p1", "p2"};
  areas[1].status = "lifted";
  areas[1].lifted_at_ms = kNow;
  const std::string xml = RiskAreaAtom(areas, "/api/v1/risk-areas.atom?x=\x01&y=<", kNow);
  EXPECT_EQ(testing::XmlWellFormednessError(xml), "") << xml;
  EXPECT_NE(xml.find("湖滨\xEF\xBF\xBD街道"), std::string::npos) << xml;  // U+FFFD in its place
}

TEST(RiskAreaAtomTest, OrdinaryNamesAreUnchanged) {
  const std::string xml = RiskAreaAtom({Area("a1", "上城区湖滨街道", "330102")}, "/feed", kNow);
  EXPECT_EQ(testing::XmlWellFormednessError(xml), "") << xml;
  EXPECT_NE(xml.find("<title>高风险地区：上城区湖滨街道</title>"), std::string::npos) << xml;
}

}  // namespace
}  // namespace ow::trace
