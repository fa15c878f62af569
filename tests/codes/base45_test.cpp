#include "codes/base45.h"

#include <gtest/gtest.h>

#include <random>

namespace ow::codes {
namespace {

std::string Decoded(std::string_view text) {
  auto r = Base45Decode(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? ToString(*r) : std::string();
}

TEST(Base45Test, Rfc9285Vectors) {
  EXPECT_EQ(Base45Encode(AsBytes("AB")), "BB8");
  EXPECT_EQ(Base45Encode(AsBytes("Hello!!")), "%69 VD92EX0");
  EXPECT_EQ(Base45Encode(AsBytes("base-45")), "UJCLQE7W581");
  EXPECT_EQ(Base45Encode(AsBytes("ietf!")), "QED8WEX0");
  EXPECT_EQ(Decoded("QED8WEX0"), "ietf!");
  EXPECT_EQ(Decoded("BB8"), "AB");
  EXPECT_EQ(Decoded("%69 VD92EX0"), "Hello!!");
  EXPECT_EQ(Base45Encode({}), "");
  EXPECT_EQ(Decoded(""), "");
}

TEST(Base45Test, RejectsInvalidCharacters) {
  EXPECT_FALSE(Base45Decode("bb8").ok());  // lower case is not in the alphabet
  EXPECT_FALSE(Base45Decode("BB#").ok());
  EXPECT_FALSE(Base45Decode(std::string_view("B\0"
                                             "8",
                                             3))
                   .ok());
  EXPECT_FALSE(Base45Decode("B\xc3\xa9").ok());
}

TEST(Base45Test, RejectsBadLengths) {
  EXPECT_FALSE(Base45Decode("B").ok());
  EXPECT_FALSE(Base45Decode("BB8B").ok());
  EXPECT_EQ(Base45Decode("BB8B").status().code(), Code::kBadRequest);
}

TEST(Base45Test, RejectsOverflow) {
  EXPECT_FALSE(Base45Decode("GGW").ok());  // 65536
  EXPECT_TRUE(Base45Decode("FGW").ok());   // 65535
  EXPECT_FALSE(Base45Decode("ZZ").ok());   // final pair 1610 > 255
  EXPECT_FALSE(Base45Decode(":::").ok());
}

TEST(Base45Test, RandomRoundTrips) {
  std::mt19937 rng(42);
  for (int n = 0; n < 200; ++n) {
    Bytes data(n);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    auto back = Base45Decode(Base45Encode(data));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, data);
  }
}

}  // namespace
}  // namespace ow::codes
