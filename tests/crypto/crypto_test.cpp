#include "crypto/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ow::crypto {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { Init(); }
};

TEST_F(CryptoTest, RandomValues) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(17).size(), 17u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
  std::string token = RandomToken();
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(RandomToken(16).size(), 22u);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewId();
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST_F(CryptoTest, HexRoundTrip) {
  EXPECT_EQ(ToHex(""), "");
  EXPECT_EQ(ToHex(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  for (size_t n : {0, 1, 2, 31, 100}) {
    std::string bytes = RandomBytes(n);
    auto back = FromHex(ToHex(bytes));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, bytes);
  }
  auto upper = FromHex("0001ABFF");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, std::string("\x00\x01\xab\xff", 4));
  EXPECT_FALSE(FromHex("abc").ok());   // odd length
  EXPECT_FALSE(FromHex("zz").ok());    // not hex
  EXPECT_FALSE(FromHex("00 1").ok());  // space
  EXPECT_FALSE(FromHex("0g").ok());
  EXPECT_EQ(FromHex("abc").status().code(), Code::kBadRequest);
}

TEST_F(CryptoTest, Base64RoundTrip) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  for (size_t n = 0; n < 40; ++n) {
    std::string bytes = RandomBytes(n);
    auto back = Base64Decode(Base64Encode(bytes));
    ASSERT_TRUE(back.ok()) << n;
    EXPECT_EQ(*back, bytes);
  }
  EXPECT_FALSE(Base64Decode("Zg").ok());  // padding required
  EXPECT_FALSE(Base64Decode("Zg=").ok());
  EXPECT_FALSE(Base64Decode("Zh==").ok());   // non-zero trailing bits
  EXPECT_FALSE(Base64Decode("Zm9v!").ok());  // bad character
  EXPECT_FALSE(Base64Decode("-_8=").ok());   // url alphabet
  EXPECT_FALSE(Base64Decode("Zm9vZg==Zg==").ok());
  EXPECT_FALSE(Base64Decode("Zm 9v").ok());
}

TEST_F(CryptoTest, Base64UrlRoundTrip) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  for (size_t n = 0; n < 40; ++n) {
    std::string bytes = RandomBytes(n);
    std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text.find('='), std::string::npos);
    auto back = Base64UrlDecode(text);
    ASSERT_TRUE(back.ok()) << n;
    EXPECT_EQ(*back, bytes);
  }
  EXPECT_FALSE(Base64UrlDecode("Zg==").ok());  // no padding allowed
  EXPECT_FALSE(Base64UrlDecode("+/8").ok());   // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Z").ok());     // impossible length
  EXPECT_FALSE(Base64UrlDecode("Zh").ok());    // non-zero trailing bits
  EXPECT_FALSE(Base64UrlDecode("ab.c").ok());
}

TEST_F(CryptoTest, PasswordHash) {
  auto hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("", "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
  EXPECT_TRUE(PasswordNeedsRehash("garbage"));
  auto again = HashPassword("correct horse battery staple");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *hash);  // random salt
  auto empty = HashPassword("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(VerifyPassword(*empty, ""));
  EXPECT_FALSE(VerifyPassword(*empty, " "));
}

TEST_F(CryptoTest, SealOpenRoundTrip) {
  std::string key = RandomBytes(32);
  for (std::string plain : {std::string(), std::string("hello"), RandomBytes(1000)}) {
    std::string sealed = Seal(key, plain, "row:42");
    EXPECT_EQ(sealed.size(), 24 + plain.size() + 16);
    auto opened = Open(key, sealed, "row:42");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plain);
  }
  EXPECT_NE(Seal(key, "same"), Seal(key, "same"));  // random nonce
  auto no_aad = Open(key, Seal(key, "x"));
  ASSERT_TRUE(no_aad.ok());
  EXPECT_EQ(*no_aad, "x");
}

TEST_F(CryptoTest, TamperedCiphertextFails) {
  std::string key = RandomBytes(32);
  std::string sealed = Seal(key, "350102199003071234", "person:1");
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto opened = Open(key, bad, "person:1");
    EXPECT_FALSE(opened.ok()) << "byte " << i;
    EXPECT_EQ(opened.status().code(), Code::kInvalid);
  }
  EXPECT_FALSE(Open(key, sealed.substr(0, sealed.size() - 1), "person:1").ok());
  EXPECT_FALSE(Open(key, sealed.substr(0, 10), "person:1").ok());
  EXPECT_FALSE(Open(key, "", "person:1").ok());
}

TEST_F(CryptoTest, WrongAadOrKeyFails) {
  std::string key = RandomBytes(32);
  std::string sealed = Seal(key, "secret", "person:1");
  EXPECT_FALSE(Open(key, sealed, "person:2").ok());
  EXPECT_FALSE(Open(key, sealed).ok());
  EXPECT_FALSE(Open(RandomBytes(32), sealed, "person:1").ok());
  auto short_key = Open("short", sealed, "person:1");
  EXPECT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.status().code(), Code::kInternal);
}

TEST_F(CryptoTest, KeyedHashDiffersPerKey) {
  std::string k1 = RandomBytes(32), k2 = RandomBytes(32);
  std::string h1 = KeyedHash(k1, "350102199003071234");
  EXPECT_EQ(h1.size(), 32u);
  EXPECT_EQ(h1, KeyedHash(k1, "350102199003071234"));
  EXPECT_NE(h1, KeyedHash(k2, "350102199003071234"));
  EXPECT_NE(h1, KeyedHash(k1, "350102199003071235"));
  EXPECT_NE(h1, Hash("350102199003071234"));
}

TEST_F(CryptoTest, UnkeyedHashKnownAnswer) {
  // BLAKE2b-256 of the empty string.
  EXPECT_EQ(ToHex(Hash("")), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(Hash("abc").size(), 32u);
}

TEST_F(CryptoTest, ConstantTimeEqual) {
  EXPECT_TRUE(Equal("", ""));
  EXPECT_TRUE(Equal("abc", "abc"));
  EXPECT_FALSE(Equal("abc", "abd"));
  EXPECT_FALSE(Equal("abc", "ab"));
  EXPECT_FALSE(Equal("", "a"));
}

TEST(CryptoDeathTest, SealWithWrongKeySizeAborts) {
  EXPECT_DEATH(Seal("short", "x"), "key must be 32 bytes");
}

// Known answers: SHA-512 of "abc" (FIPS 180-2) and Ed25519 test 1 of RFC 8032 section 7.1
// (libsodium's secret key is the seed followed by the public key).
TEST_F(CryptoTest, Sha512AndEd25519KnownAnswers) {
  EXPECT_EQ(ToHex(Sha512("abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  std::string seed = *FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  std::string pk = *FromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::string expected = *FromHex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
      "1cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_EQ(Ed25519Sign(seed + pk, ""), expected);
  EXPECT_TRUE(Ed25519Verify(pk, "", expected));
  EXPECT_FALSE(Ed25519Verify(pk, "x", expected));
  EXPECT_FALSE(Ed25519Verify(pk.substr(1), "", expected));
  Ed25519KeyPair kp = NewEd25519KeyPair();
  EXPECT_EQ(kp.public_key.size(), 32u);
  EXPECT_EQ(kp.secret_key.size(), 64u);
  EXPECT_TRUE(Ed25519Verify(kp.public_key, "m", Ed25519Sign(kp.secret_key, "m")));
}

// A key pair from a seed is RFC 8032's: test 1's seed gives test 1's public key, and the
// secret key signs to test 1's signature.
TEST_F(CryptoTest, Ed25519KeyPairFromSeedIsRfc8032) {
  std::string seed = *FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  Ed25519KeyPair kp = Ed25519KeyPairFromSeed(seed);
  EXPECT_EQ(ToHex(kp.public_key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(kp.secret_key, seed + kp.public_key);
  EXPECT_EQ(
      ToHex(Ed25519Sign(kp.secret_key, "")),
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
      "1cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_NE(Ed25519KeyPairFromSeed(std::string(32, '\1')).public_key, kp.public_key);
  EXPECT_DEATH(Ed25519KeyPairFromSeed("short"), "");
}

}  // namespace
}  // namespace ow::crypto
