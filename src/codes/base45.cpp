#include "codes/base45.h"

#include <array>

namespace ow::codes {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 45; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

}  // namespace

std::string Base45Encode(ByteView data) {
  std::string out;
  out.reserve(data.size() / 2 * 3 + 2);
  size_t i = 0;
  for (; i + 1 < data.size(); i += 2) {
    unsigned n = data[i] * 256u + data[i + 1];
    out.push_back(kAlphabet[n % 45]);
    n /= 45;
    out.push_back(kAlphabet[n % 45]);
    out.push_back(kAlphabet[n / 45]);
  }
  if (i < data.size()) {
    const unsigned n = data[i];
    out.push_back(kAlphabet[n % 45]);
    out.push_back(kAlphabet[n / 45]);
  }
  return out;
}

Status Base45DecodeInto(std::string_view text, Bytes& out) {
  out.clear();
  if (text.size() % 3 == 1) return Status::BadRequest("base45: invalid length");
  out.resize(text.size() / 3 * 2 + (text.size() % 3 == 2 ? 1 : 0));
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  uint8_t* o = out.data();
  auto fail = [&out](const char* why) {
    out.clear();
    return Status::BadRequest(why);
  };
  size_t i = 0;
  for (; i + 3 <= text.size(); i += 3) {
    const int c = kDecode[p[i]], d = kDecode[p[i + 1]], e = kDecode[p[i + 2]];
    if ((c | d | e) < 0) return fail("base45: invalid character");
    const unsigned n = c + d * 45u + e * 2025u;
    if (n > 0xffff) return fail("base45: chunk overflow");
    *o++ = static_cast<uint8_t>(n >> 8);
    *o++ = static_cast<uint8_t>(n);
  }
  if (i < text.size()) {  // final pair
    const int c = kDecode[p[i]], d = kDecode[p[i + 1]];
    if ((c | d) < 0) return fail("base45: invalid character");
    const unsigned n = c + d * 45u;
    if (n > 0xff) return fail("base45: chunk overflow");
    *o = static_cast<uint8_t>(n);
  }
  return Status::Ok();
}

Result<Bytes> Base45Decode(std::string_view text) {
  Bytes out;
  OW_RETURN_IF_ERROR(Base45DecodeInto(text, out));
  return out;
}

}  // namespace ow::codes
