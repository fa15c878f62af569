#include "codes/cbor_encoder.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "codes/cbor_float.h"

namespace ow::codes {
namespace {

void AppendBigEndian(Bytes& out, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void EncodeFloat(double d, Bytes& out) {
  if (auto half = DoubleToHalfExact(d)) {
    out.push_back(0xf9);
    AppendBigEndian(out, *half, 2);
    return;
  }
  const float f = static_cast<float>(d);
  if (static_cast<double>(f) == d) {
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    out.push_back(0xfa);
    AppendBigEndian(out, bits, 4);
    return;
  }
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  out.push_back(0xfb);
  AppendBigEndian(out, bits, 8);
}

void EncodeMap(const CborValue& v, Bytes& out) {
  const size_t n = v.size();
  AppendCborHead(out, kCborMap, n);
  if (n <= 1) {
    for (size_t i = 0; i < n; ++i) {
      EncodeCbor(v.key(i), out);
      EncodeCbor(v.value(i), out);
    }
    return;
  }
  std::vector<Bytes> keys(n);
  for (size_t i = 0; i < n; ++i) EncodeCbor(v.key(i), keys[i]);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  for (size_t i : order) {
    out.insert(out.end(), keys[i].begin(), keys[i].end());
    EncodeCbor(v.value(i), out);
  }
}

}  // namespace

void AppendCborHead(Bytes& out, uint8_t major, uint64_t argument) {
  const uint8_t m = static_cast<uint8_t>(major << 5);
  if (argument < 24) {
    out.push_back(static_cast<uint8_t>(m | argument));
  } else if (argument <= 0xff) {
    out.push_back(m | 24);
    AppendBigEndian(out, argument, 1);
  } else if (argument <= 0xffff) {
    out.push_back(m | 25);
    AppendBigEndian(out, argument, 2);
  } else if (argument <= 0xffffffffULL) {
    out.push_back(m | 26);
    AppendBigEndian(out, argument, 4);
  } else {
    out.push_back(m | 27);
    AppendBigEndian(out, argument, 8);
  }
}

void AppendCborInt(Bytes& out, int64_t v) {
  if (v >= 0) {
    AppendCborHead(out, kCborUnsigned, static_cast<uint64_t>(v));
  } else {
    AppendCborHead(out, kCborNegative, ~static_cast<uint64_t>(v));
  }
}

void AppendCborBytes(Bytes& out, ByteView b) {
  AppendCborHead(out, kCborBytes, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

void AppendCborText(Bytes& out, std::string_view s) {
  AppendCborHead(out, kCborText, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void EncodeCbor(const CborValue& v, Bytes& out) {
  using T = CborValue::Type;
  switch (v.type()) {
    case T::kUnsigned:
      AppendCborHead(out, kCborUnsigned, v.raw());
      break;
    case T::kNegative:
      AppendCborHead(out, kCborNegative, v.raw());
      break;
    case T::kBytes:
      AppendCborBytes(out, v.bytes());
      break;
    case T::kText:
      AppendCborText(out, v.str());
      break;
    case T::kArray:
      AppendCborHead(out, kCborArray, v.size());
      for (size_t i = 0; i < v.size(); ++i) EncodeCbor(v.at(i), out);
      break;
    case T::kMap:
      EncodeMap(v, out);
      break;
    case T::kTag:
      AppendCborHead(out, kCborTag, v.tag());
      EncodeCbor(v.content(), out);
      break;
    case T::kBool:
      out.push_back(v.AsBool() ? 0xf5 : 0xf4);
      break;
    case T::kNull:
      out.push_back(0xf6);
      break;
    case T::kUndefined:
      out.push_back(0xf7);
      break;
    case T::kFloat:
      EncodeFloat(v.AsDouble(), out);
      break;
  }
}

Bytes EncodeCbor(const CborValue& v) {
  Bytes out;
  EncodeCbor(v, out);
  return out;
}

}  // namespace ow::codes
