// Sharing-class names and the exchange's person pseudonym.
#include "exchange/boundaries.h"

#include <gtest/gtest.h>

#include "crypto/crypto.h"

namespace ow::exchange {
namespace {

TEST(SharingClassTest, NamesRoundTripAndUnknownIsInvalid) {
  for (SharingClass c :
       {SharingClass::kUnconditional, SharingClass::kConditional, SharingClass::kNotShared}) {
    auto parsed = ParseSharingClass(SharingClassName(c));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, c);
  }
  EXPECT_FALSE(ParseSharingClass("Unconditional").ok());
  EXPECT_FALSE(ParseSharingClass("").ok());
}

TEST(PersonIndexTest, KeyedStableAndNotTheIdentityIndex) {
  crypto::Init();
  const std::string key_a(32, 'a'), key_b(32, 'b');
  const std::string id = "330106199001011234";
  std::string a1 = PersonIndex(key_a, id);
  EXPECT_EQ(a1.size(), 64u);
  EXPECT_EQ(a1, PersonIndex(key_a, id));
  EXPECT_NE(a1, PersonIndex(key_b, id));
  EXPECT_NE(a1, PersonIndex(key_a, "330106199001011242"));
  // Domain-separated from a plain keyed hash of the ID (identity's blind index shape).
  EXPECT_NE(a1, crypto::ToHex(crypto::KeyedHash(key_a, id)));
  EXPECT_EQ(a1.find(id), std::string::npos);
}

}  // namespace
}  // namespace ow::exchange
