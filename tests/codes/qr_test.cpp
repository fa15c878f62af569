#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "codes/issue_code.h"
#include "codes/qr_decode.h"
#include "codes/qr_mask_penalty.h"
#include "codes/qr_render.h"
#include "codes/verifier.h"

namespace ow::codes {
namespace {

constexpr int64_t kNow = 1760000000;

CodeClaims Claims(Colour colour) {
  return {.issuer = "310000",
          .issued_at = kNow - 60,
          .expires_at = kNow + 86400,
          .subject = "p-8c1e4f7a2b",
          .colour = colour,
          .masked_name = "\xe6\x9d\x8e*\xe5\x8d\x8e",
          .masked_id = "3101**********123X",
          .rules_version = "2025.10"};
}

TEST(QrTest, EncodesMatrix) {
  auto qr = EncodeQr("OW1:HELLO");
  ASSERT_TRUE(qr.ok());
  EXPECT_EQ(qr->size, 21);      // version 1
  EXPECT_TRUE(qr->dark(0, 0));  // finder pattern corner
  EXPECT_FALSE(EncodeQr(std::string(8000, 'x')).ok());
}

TEST(QrTest, SvgHasFrameColourAndEscapedLabel) {
  auto svg = RenderPayloadSvg("OW1:HELLO", {.colour = Colour::kRed, .label = "Red <code> & co"});
  ASSERT_TRUE(svg.ok());
  EXPECT_TRUE(svg->starts_with("<svg"));
  EXPECT_NE(svg->find("#c62828"), std::string::npos);
  EXPECT_NE(svg->find("Red &lt;code&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(svg->find("<code>"), std::string::npos);
  EXPECT_TRUE(svg->ends_with("</svg>"));
  auto green = RenderPayloadSvg("OW1:HELLO", {.colour = Colour::kGreen});
  EXPECT_NE(green->find("#1a7f37"), std::string::npos);
  EXPECT_EQ(green->find("<text"), std::string::npos);
  auto yellow = RenderPayloadSvg("OW1:HELLO", {.colour = Colour::kYellow});
  EXPECT_NE(yellow->find("#d4a017"), std::string::npos);
}

TEST(QrTest, PngRoundTrip) {
  const std::string payload = "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N";
  for (int scale : {1, 2, 4, 8}) {
    auto png = RenderPayloadPng(payload, {.colour = Colour::kGreen, .scale = scale});
    ASSERT_TRUE(png.ok()) << png.status().ToString();
    ASSERT_GT(png->size(), 8u);
    EXPECT_EQ((*png)[1], 'P');
    auto image = DecodePng(*png);
    ASSERT_TRUE(image.ok());
    auto qr = EncodeQr(payload);
    EXPECT_EQ(image->width, (qr->size + 8 + 4) * scale);
    if (scale >= 2) {
      auto decoded = DecodeQr(*image);
      ASSERT_TRUE(decoded.ok()) << "scale " << scale << ": " << decoded.status().ToString();
      EXPECT_EQ(*decoded, payload);
    }
  }
  EXPECT_FALSE(RenderPayloadPng(payload, {.scale = 0}).ok());
  EXPECT_FALSE(RenderPayloadPng(payload, {.scale = 33}).ok());
}

TEST(QrTest, PngWithoutFrame) {
  const std::string payload = "OWAPPT1:0123456789abcdef";
  auto png = RenderPayloadPng(payload, {.scale = 6, .frame_modules = 0});
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  auto image = DecodePng(*png);
  ASSERT_TRUE(image.ok());
  auto qr = EncodeQr(payload);
  EXPECT_EQ(image->width, (qr->size + 8) * 6);
  EXPECT_EQ(image->height, image->width);
  auto decoded = DecodeQr(*image);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, payload);
}

TEST(QrTest, IssuePngDecodeVerify) {
  const IssuerKey key = IssuerKey::Generate("sh-qr");
  TrustList trust;
  ASSERT_TRUE(
      trust.AddKey({"310000", key.kid(), Bytes(key.public_key().begin(), key.public_key().end())})
          .ok());
  for (Colour colour : {Colour::kGreen, Colour::kYellow, Colour::kRed}) {
    const std::string code = IssueCode(Claims(colour), key);
    auto png = RenderPayloadPng(code, {.colour = colour, .scale = 3});
    ASSERT_TRUE(png.ok());
    auto decoded = DecodeQrPng(*png);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, code);
    const VerifyResult r = VerifyCode(*decoded, trust, kNow);
    EXPECT_TRUE(r.valid) << r.reason;
    EXPECT_EQ(r.claims->colour, colour);
  }
}

TEST(QrTest, DecodeRejectsGarbageAndBlankImages) {
  EXPECT_EQ(DecodePng(AsBytes("definitely not a png")).status().code(), Code::kBadRequest);
  EXPECT_FALSE(DecodePng({}).ok());
  GrayImage blank{.width = 50, .height = 50, .pixels = std::vector<uint8_t>(2500, 255)};
  EXPECT_EQ(DecodeQr(blank).status().code(), Code::kNotFound);
  EXPECT_FALSE(DecodeQr(GrayImage{}).ok());
  // A truncated PNG.
  auto png = RenderPayloadPng("OW1:TRUNCATED", {});
  ASSERT_TRUE(png.ok());
  Bytes cut(png->begin(), png->begin() + png->size() / 2);
  EXPECT_FALSE(DecodeQrPng(cut).ok());
}

TEST(QrTest, PngRenderIsFast) {
  const IssuerKey key = IssuerKey::Generate("sh-qr");
  const std::string code = IssueCode(Claims(Colour::kGreen), key);
  const int kRounds = 50;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) ASSERT_TRUE(RenderPayloadPng(code, {}).ok());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
      kRounds;
  RecordProperty("qr_png_ms", std::to_string(ms));
  std::printf("payload %zu chars, PNG render %.3f ms\n", code.size(), ms);
  EXPECT_LT(ms, 20.0);  // generous: sanitizer and debug builds run this too
}

}  // namespace
}  // namespace ow::codes

namespace ow::codes {
namespace {

// Different payloads select different masks; every one must decode.
TEST(QrTest, AllMaskChoicesDecode) {
  std::set<std::string> sizes;
  for (int i = 0; i < 24; ++i) {
    std::string payload = "OW1:";
    for (int k = 0; k < 40 + 13 * i; ++k) {
      payload.push_back(
          "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[(k * 7 + i * 11 + k / 5) % 45]);
    }
    if (i % 5 == 4) payload += "lower-case forces byte mode";
    auto png = RenderPayloadPng(payload, {.scale = 2});
    ASSERT_TRUE(png.ok());
    auto decoded = DecodeQrPng(*png);
    ASSERT_TRUE(decoded.ok()) << "payload " << i;
    EXPECT_EQ(*decoded, payload);
  }
  EXPECT_FALSE(EncodeQr("").ok());
  auto digits = EncodeQr("0123456789");
  ASSERT_TRUE(digits.ok());
}

TEST(QrTest, MaskPenaltyRules) {
  // A uniform 21x21 light grid: N1 = 2*21*(3+16), N2 = 20*20*3, N4 = 10*10.
  std::vector<uint8_t> light(21 * 21, 0);
  EXPECT_EQ(QrPenalty(light, 21), 2 * 21 * 19 + 400 * 3 + 100);
  EXPECT_TRUE(QrMaskFlips(0, 0, 0));
  EXPECT_FALSE(QrMaskFlips(1, 1, 0));
  EXPECT_TRUE(QrMaskFlips(2, 5, 3));
}

}  // namespace
}  // namespace ow::codes
