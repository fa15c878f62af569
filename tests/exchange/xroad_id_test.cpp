// X-Road identifiers and REST targets: the forms PR-REST 1.0 gives, percent-encoding per part,
// and the malformed ids a client may send (each refused with the part named).
#include "exchange/xroad_id.h"

#include <gtest/gtest.h>

namespace ow::exchange {
namespace {

TEST(XRoadIdTest, ClientHeaderParsesIntoItsFourParts) {
  auto id = ParseSubsystemId("CN-ZJ/GOV/330000-TAX/etax");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->instance, "CN-ZJ");
  EXPECT_EQ(id->member_class, "GOV");
  EXPECT_EQ(id->member_code, "330000-TAX");
  EXPECT_EQ(id->subsystem, "etax");
  EXPECT_EQ(id->ToString(), "CN-ZJ/GOV/330000-TAX/etax");
}

TEST(XRoadIdTest, PartsArePercentEncodedOneByOne) {
  // A part may hold UTF-8 (encoded on the wire); decoding happens exactly once.
  auto id = ParseSubsystemId("CN-ZJ/GOV/330000-HEALTH/%E5%8F%91%E7%83%AD");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->subsystem, "发热");
  EXPECT_EQ(id->ToString(), "CN-ZJ/GOV/330000-HEALTH/%E5%8F%91%E7%83%AD");
  // "%2541" decodes to "%41", which holds a reserved "%": refused, not decoded twice.
  EXPECT_FALSE(ParseSubsystemId("CN-ZJ/GOV/330000-TAX/%2541").ok());
}

TEST(XRoadIdTest, MalformedIdsAreRefusedNamingThePart) {
  for (const char* bad :
       {"", "CN-ZJ/GOV/330000-TAX", "CN-ZJ/GOV/330000-TAX/etax/extra", "CN-ZJ//330000-TAX/etax",
        "CN-ZJ/GOV/330000-TAX/et%2Fax", "CN-ZJ/GOV/330000-TAX/et%0Aax",
        "CN-ZJ/GOV/330000-TAX/et%ZZ", "CN-ZJ/GOV/330000-TAX/e%", "CN-ZJ/GOV/330000:TAX/etax",
        "CN-ZJ/GOV/330000-TAX/%C0%AF", "CN-ZJ/GOV/330000-TAX/et%20ax"}) {
    auto id = ParseSubsystemId(bad);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.status().code(), Code::kInvalid) << bad;
  }
  auto long_part = ParseSubsystemId("CN-ZJ/GOV/330000-TAX/" + std::string(65, 'x'));
  ASSERT_FALSE(long_part.ok());
  EXPECT_NE(long_part.status().message().find("subsystem"), std::string::npos)
      << long_part.status().message();
  EXPECT_TRUE(ParseSubsystemId("CN-ZJ/GOV/330000-TAX/" + std::string(64, 'x')).ok());
}

TEST(XRoadIdTest, RestTargetSplitsServicePathAndQuery) {
  auto t = ParseRestTarget(
      "/r1/CN-ZJ/GOV/330000-AMR/business-registry/enterprise/v1/enterprises/"
      "91330100X?fields=status");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->service.provider.member_code, "330000-AMR");
  EXPECT_EQ(t->service.provider.subsystem, "business-registry");
  EXPECT_EQ(t->service.service_code, "enterprise");
  EXPECT_EQ(t->path, "/v1/enterprises/91330100X");
  EXPECT_EQ(t->query, "fields=status");
  EXPECT_EQ(t->service.ToString(), "CN-ZJ/GOV/330000-AMR/business-registry/enterprise");

  auto bare = ParseRestTarget("/r1/CN-ZJ/GOV/330000-OW/healthcode/events");
  ASSERT_TRUE(bare.ok()) << bare.status().ToString();
  EXPECT_EQ(bare->service.service_code, "events");
  EXPECT_EQ(bare->path, "");
  EXPECT_EQ(bare->query, "");
}

TEST(XRoadIdTest, RestTargetNeedsProtocolR1AndAWholeServiceId) {
  EXPECT_FALSE(ParseRestTarget("/r2/CN-ZJ/GOV/330000-OW/healthcode/events").ok());
  EXPECT_FALSE(ParseRestTarget("/CN-ZJ/GOV/330000-OW/healthcode/events").ok());
  EXPECT_FALSE(ParseRestTarget("/r1/CN-ZJ/GOV/330000-OW/healthcode").ok());
  EXPECT_FALSE(ParseRestTarget("/r1/CN-ZJ/GOV/330000-OW/healthcode/").ok());
}

}  // namespace
}  // namespace ow::exchange
