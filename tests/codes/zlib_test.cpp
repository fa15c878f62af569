#include "codes/zlib_codec.h"

#include <gtest/gtest.h>

namespace ow::codes {
namespace {

TEST(ZlibTest, RoundTrip) {
  const std::string text(5000, 'x');
  const Bytes packed = ZlibCompress(AsBytes(text));
  EXPECT_LT(packed.size(), 100u);
  auto back = ZlibDecompress(packed);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(ToString(*back), text);
  auto empty = ZlibDecompress(ZlibCompress({}));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ZlibTest, RejectsCorruptTruncatedAndTrailing) {
  Bytes packed = ZlibCompress(AsBytes("hello hello hello"));
  EXPECT_FALSE(ZlibDecompress(AsBytes("not zlib at all")).ok());
  Bytes truncated(packed.begin(), packed.end() - 3);
  EXPECT_FALSE(ZlibDecompress(truncated).ok());
  Bytes trailing = packed;
  trailing.push_back(0);
  EXPECT_FALSE(ZlibDecompress(trailing).ok());
  Bytes flipped = packed;
  flipped[flipped.size() / 2] ^= 0x55;
  EXPECT_FALSE(ZlibDecompress(flipped).ok());
  EXPECT_FALSE(ZlibDecompress({}).ok());
}

TEST(ZlibTest, CapsInflatedSize) {
  const Bytes bomb = ZlibCompress(Bytes(1 << 20, 0));  // 1 MiB of zeros, ~1 KiB packed
  auto r = ZlibDecompress(bomb);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kTooLarge);
  // Exactly at the cap is fine; one byte over is not.
  EXPECT_TRUE(ZlibDecompress(ZlibCompress(Bytes(kMaxInflatedSize, 7))).ok());
  EXPECT_FALSE(ZlibDecompress(ZlibCompress(Bytes(kMaxInflatedSize + 1, 7))).ok());
  EXPECT_TRUE(ZlibDecompress(ZlibCompress(Bytes(100, 1)), 100).ok());
  EXPECT_FALSE(ZlibDecompress(ZlibCompress(Bytes(101, 1)), 100).ok());
}

// The inflate state is reused per thread: a stream abandoned half way (corrupt, truncated,
// over the cap) must not leak into the next one.
TEST(ZlibTest, EachStreamStartsCleanAfterAFailedOne) {
  const std::string text = "一人一码，扫码出入 " + std::string(300, 'a');
  const Bytes packed = ZlibCompress(AsBytes(text));
  const Bytes truncated(packed.begin(), packed.begin() + packed.size() / 2);
  const Bytes bomb = ZlibCompress(Bytes(1 << 20, 0));
  for (const Bytes& bad : {truncated, bomb, Bytes{0x78, 0x9c, 0xff}}) {
    EXPECT_FALSE(ZlibDecompress(bad).ok());
    auto good = ZlibDecompress(packed);
    ASSERT_TRUE(good.ok()) << good.status().ToString();
    EXPECT_EQ(ToString(*good), text);
  }
}

}  // namespace
}  // namespace ow::codes
