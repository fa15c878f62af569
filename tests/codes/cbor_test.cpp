#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "codes/cbor_decoder.h"
#include "codes/cbor_encoder.h"
#include "codes/cbor_json.h"
#include "codes/cbor_view.h"

namespace ow::codes {
namespace {

Bytes Hex(std::string_view hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string ToHex(const Bytes& b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (uint8_t c : b) {
    s.push_back(kDigits[c >> 4]);
    s.push_back(kDigits[c & 15]);
  }
  return s;
}

// Encodes v, checks the RFC 8949 Appendix A bytes, and decodes them back to v.
void ExpectVector(const CborValue& v, std::string_view hex) {
  EXPECT_EQ(ToHex(EncodeCbor(v)), hex);
  auto back = DecodeCbor(Hex(hex));
  ASSERT_TRUE(back.ok()) << hex << ": " << back.status().ToString();
  EXPECT_TRUE(*back == v) << hex;
}

TEST(CborTest, IntegerVectors) {
  ExpectVector(CborValue::Int(0), "00");
  ExpectVector(CborValue::Int(23), "17");
  ExpectVector(CborValue::Int(24), "1818");
  ExpectVector(CborValue::Int(100), "1864");
  ExpectVector(CborValue::Int(1000), "1903e8");
  ExpectVector(CborValue::Int(1000000), "1a000f4240");
  ExpectVector(CborValue::Int(1000000000000), "1b000000e8d4a51000");
  ExpectVector(CborValue::Unsigned(18446744073709551615ULL), "1bffffffffffffffff");
  ExpectVector(CborValue::NegativeRaw(18446744073709551615ULL), "3bffffffffffffffff");
  ExpectVector(CborValue::Int(-1), "20");
  ExpectVector(CborValue::Int(-10), "29");
  ExpectVector(CborValue::Int(-100), "3863");
  ExpectVector(CborValue::Int(-1000), "3903e7");
  ExpectVector(CborValue::Int(std::numeric_limits<int64_t>::min()), "3b7fffffffffffffff");
  EXPECT_EQ(CborValue::Int(-70001).AsInt64(), -70001);
  EXPECT_FALSE(CborValue::Unsigned(1ULL << 63).AsInt64());
  EXPECT_FALSE(CborValue::NegativeRaw(1ULL << 63).AsInt64());
}

TEST(CborTest, FloatAndSimpleVectors) {
  ExpectVector(CborValue::Float(0.0), "f90000");
  ExpectVector(CborValue::Float(-0.0), "f98000");
  ExpectVector(CborValue::Float(1.0), "f93c00");
  ExpectVector(CborValue::Float(1.1), "fb3ff199999999999a");
  ExpectVector(CborValue::Float(1.5), "f93e00");
  ExpectVector(CborValue::Float(65504.0), "f97bff");
  ExpectVector(CborValue::Float(100000.0), "fa47c35000");
  ExpectVector(CborValue::Float(3.4028234663852886e+38), "fa7f7fffff");
  ExpectVector(CborValue::Float(1.0e+300), "fb7e37e43c8800759c");
  ExpectVector(CborValue::Float(5.960464477539063e-8), "f90001");
  ExpectVector(CborValue::Float(0.00006103515625), "f90400");
  ExpectVector(CborValue::Float(-4.0), "f9c400");
  ExpectVector(CborValue::Float(INFINITY), "f97c00");
  ExpectVector(CborValue::Float(-INFINITY), "f9fc00");
  EXPECT_EQ(ToHex(EncodeCbor(CborValue::Float(NAN))), "f97e00");
  ExpectVector(CborValue::Bool(false), "f4");
  ExpectVector(CborValue::Bool(true), "f5");
  ExpectVector(CborValue::Null(), "f6");
  ExpectVector(CborValue::Undefined(), "f7");
  // Non-shortest floats decode too.
  auto single = DecodeCbor(Hex("fa3fc00000"));
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->AsDouble(), 1.5);
  auto dbl = DecodeCbor(Hex("fb3ff8000000000000"));
  ASSERT_TRUE(dbl.ok());
  EXPECT_EQ(dbl->AsDouble(), 1.5);
  auto nan = DecodeCbor(Hex("f97e00"));
  ASSERT_TRUE(nan.ok());
  EXPECT_TRUE(std::isnan(nan->AsDouble()));
}

TEST(CborTest, StringArrayMapTagVectors) {
  ExpectVector(CborValue::BytesOf(Bytes{}), "40");
  ExpectVector(CborValue::BytesOf(Bytes{1, 2, 3, 4}), "4401020304");
  ExpectVector(CborValue::Text(""), "60");
  ExpectVector(CborValue::Text("a"), "6161");
  ExpectVector(CborValue::Text("IETF"), "6449455446");
  ExpectVector(CborValue::Text("\xc3\xbc"), "62c3bc");
  ExpectVector(CborValue::Text("\xe6\xb0\xb4"), "63e6b0b4");
  ExpectVector(CborValue::Array(), "80");
  ExpectVector(CborValue::Array({CborValue::Int(1), CborValue::Int(2), CborValue::Int(3)}),
               "83010203");
  ExpectVector(CborValue::Map(), "a0");
  CborValue m = CborValue::Map();
  m.Insert(CborValue::Int(1), CborValue::Int(2));
  m.Insert(CborValue::Int(3), CborValue::Int(4));
  ExpectVector(m, "a201020304");
  CborValue ab = CborValue::Map();
  ab.Insert(CborValue::Text("a"), CborValue::Int(1));
  ab.Insert(CborValue::Text("b"), CborValue::Array({CborValue::Int(2), CborValue::Int(3)}));
  ExpectVector(ab, "a26161016162820203");
  ExpectVector(CborValue::Tag(1, CborValue::Int(1363896240)), "c11a514b67b0");
  ExpectVector(CborValue::Tag(18, CborValue::Array()), "d280");
}

TEST(CborTest, MapKeysAreSortedCanonically) {
  CborValue m = CborValue::Map();
  m.Insert(CborValue::Text("b"), CborValue::Int(0));
  m.Insert(CborValue::Int(-1), CborValue::Int(0));
  m.Insert(CborValue::Text("a"), CborValue::Int(0));
  m.Insert(CborValue::Int(10), CborValue::Int(0));
  // Bytewise order of encoded keys: 0a, 20, 6161, 6162.
  EXPECT_EQ(ToHex(EncodeCbor(m)),
            "a40a0020006161006162"
            "00");
}

TEST(CborTest, AcceptsNonShortestIntegers) {
  auto v = DecodeCbor(Hex("1800"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->AsInt64(), 0);
  auto w = DecodeCbor(Hex("1b0000000000000001"));
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->AsInt64(), 1);
}

TEST(CborTest, RejectsMalformedInput) {
  const char* bad[] = {
      "",                    // empty
      "18",                  // truncated argument
      "1a0000",              // truncated argument
      "62c3",                // string shorter than length
      "5affffffff",          // byte string longer than input
      "7bffffffffffffffff",  // text longer than input
      "9bffffffffffffffff",  // array longer than input
      "bbffffffffffffffff",  // map longer than input
      "8301",                // array truncated
      "a201",                // map truncated
      "9f01ff",              // indefinite array
      "5f4101ff",            // indefinite bytes
      "1c",                  // reserved additional info
      "3d",                  // reserved additional info
      "0000",                // trailing bytes
      "62c328",              // invalid UTF-8
      "63eda080",            // UTF-16 surrogate in UTF-8
      "62c0af",              // overlong UTF-8
      "a2010201 03",         // duplicate key (spaces stripped below)
      "a2616101616102",      // duplicate text key
      "a14000",              // byte-string key
      "a1800000",            // array key
      "f0",                  // unassigned simple value
      "f820",                // two-byte simple value
      "fc",                  // reserved
      "c1",                  // tag without content
      "fa0000",              // truncated float
  };
  for (const char* hex : bad) {
    std::string h(hex);
    std::erase(h, ' ');
    auto r = DecodeCbor(Hex(h));
    EXPECT_FALSE(r.ok()) << "accepted " << h;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kBadRequest);
    }
  }
}

// Small maps are checked pairwise, larger ones by sorting: both find a duplicate anywhere.
TEST(CborTest, DuplicateKeysInSmallAndLargeMaps) {
  for (uint8_t n : {3, 16, 17, 23}) {
    Bytes unique = {static_cast<uint8_t>(0xa0 + n)};
    for (uint8_t k = 0; k < n; ++k) unique.insert(unique.end(), {k, 0x00});
    EXPECT_TRUE(DecodeCbor(unique).ok()) << int(n);
    Bytes dup = unique;
    dup[1 + 2 * (n - 1)] = 0x01;  // the last key repeats key 1
    EXPECT_FALSE(DecodeCbor(dup).ok()) << int(n);
  }
}

TEST(CborTest, DepthLimit) {
  Bytes nested(16, 0x81);
  nested.push_back(0x00);
  EXPECT_TRUE(DecodeCbor(nested).ok());  // depth 16 is the default limit
  Bytes deeper(17, 0x81);
  deeper.push_back(0x00);
  EXPECT_FALSE(DecodeCbor(deeper).ok());
  EXPECT_TRUE(DecodeCbor(deeper, {.max_depth = 20}).ok());
  Bytes tags(100000, 0xc1);  // deep tag chains are bounded too (no stack overflow)
  tags.push_back(0x00);
  EXPECT_FALSE(DecodeCbor(tags).ok());
}

TEST(CborTest, RoundTripsNestedStructures) {
  CborValue inner = CborValue::Map();
  inner.Insert(CborValue::Text("sub"), CborValue::Text("p-123"));
  inner.Insert(CborValue::Text("f"), CborValue::Float(2.5));
  inner.Insert(CborValue::Text("n"), CborValue::Null());
  CborValue v = CborValue::Array({CborValue::Tag(61, CborValue::BytesOf(Bytes{0, 1, 2})),
                                  std::move(inner), CborValue::Int(-70001), CborValue::Bool(true)});
  const Bytes encoded = EncodeCbor(v);
  auto back = DecodeCbor(encoded);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(EncodeCbor(*back), encoded);
  EXPECT_EQ(back->at(1).Find("sub")->str(), "p-123");
  EXPECT_EQ(back->at(2).AsInt64(), -70001);
}

// A CborView reads a checked item where it lies: strings are views into the input, lookups
// walk the bytes, and the tree built from it equals the one DecodeCbor returns.
TEST(CborViewTest, ReadsTheItemInPlace) {
  CborValue hc = CborValue::Map();
  hc.Insert(CborValue::Text("sub"), CborValue::Text("p-123"));
  hc.Insert(CborValue::Text("col"), CborValue::Text("green"));
  CborValue claims = CborValue::Map();
  claims.Insert(CborValue::Int(1), CborValue::Text("310000"));
  claims.Insert(CborValue::Int(4), CborValue::Int(1700000000));
  claims.Insert(CborValue::Int(-70001), std::move(hc));
  claims.Insert(CborValue::Int(7), CborValue::Unsigned(std::numeric_limits<uint64_t>::max()));
  CborValue doc = CborValue::Tag(
      18, CborValue::Array({CborValue::BytesOf(Bytes{0xa1, 1, 0x27}), std::move(claims),
                            CborValue::Float(1.5), CborValue::Bool(false)}));
  const Bytes bytes = EncodeCbor(doc);
  auto view = CborView::Parse(bytes);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->is_tag());
  EXPECT_EQ(view->tag(), 18u);
  const CborView array = view->content();
  ASSERT_TRUE(array.is_array());
  ASSERT_EQ(array.size(), 4u);
  const ByteView prot = array.at(0).bytes();
  EXPECT_EQ(prot.size(), 3u);
  EXPECT_TRUE(prot.data() > bytes.data() && prot.data() < bytes.data() + bytes.size());
  const CborView map = array.at(1);
  ASSERT_TRUE(map.is_map());
  EXPECT_EQ(map.size(), 4u);
  EXPECT_EQ(map.Find(1)->str(), "310000");
  EXPECT_EQ(map.Find(4)->AsInt64(), 1700000000);
  EXPECT_FALSE(map.Find(7)->AsInt64().has_value());  // does not fit in int64_t
  EXPECT_EQ(map.Find(-70001)->Find("col")->str(), "green");
  EXPECT_FALSE(map.Find(2).has_value());
  EXPECT_FALSE(map.Find("sub").has_value());      // only in the nested map
  EXPECT_FALSE(array.at(2).Find(1).has_value());  // not a map
  EXPECT_EQ(array.at(2).type(), CborValue::Type::kFloat);
  EXPECT_EQ(array.at(2).AsDouble(), 1.5);
  EXPECT_EQ(array.at(3).type(), CborValue::Type::kBool);
  EXPECT_EQ(map.key(3).AsInt64(), -70001);  // the encoder wrote the keys canonically
  EXPECT_TRUE(map.value(3).is_map());
  EXPECT_EQ(view->encoded().size(), bytes.size());
  EXPECT_EQ(ToCborValue(*view), *DecodeCbor(bytes));
  EXPECT_TRUE(CborView().is_map());  // a default view is an empty map
  EXPECT_EQ(CborView().size(), 0u);
}

// Keys are compared by value: 1 written in one byte and in two is the same key.
TEST(CborViewTest, KeysOfDifferentHeadWidthsAreDuplicates) {
  EXPECT_FALSE(CborView::Parse(Hex("a2010018010a")).ok());
  EXPECT_FALSE(CborView::Parse(Hex("a26161007801610a")).ok());
  EXPECT_TRUE(CborView::Parse(Hex("a26161007801620a")).ok());
}

TEST(CborTest, ConvertsToJson) {
  CborValue m = CborValue::Map();
  m.Insert(CborValue::Text("s"), CborValue::Text("x"));
  m.Insert(CborValue::Int(-260), CborValue::BytesOf(Bytes{0xff}));
  m.Insert(CborValue::Text("a"), CborValue::Array({CborValue::Int(-2), CborValue::Float(1.5)}));
  EXPECT_EQ(boost::json::serialize(CborToJson(m)), R"({"s":"x","-260":"/w==","a":[-2,1.5E0]})");
}

}  // namespace
}  // namespace ow::codes
