#include "codes/cbor_view.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "codes/cbor_float.h"
#include "core/utf8.h"

namespace ow::codes {
namespace {

// The head of an item: major type, additional info, argument and the head's length.
struct Head {
  uint8_t major;
  uint8_t ai;
  uint64_t arg;
  size_t len;
};

// Reads the head at p, which Parse has checked.
Head ReadHead(const uint8_t* p) {
  Head h{static_cast<uint8_t>(p[0] >> 5), static_cast<uint8_t>(p[0] & 0x1f), 0, 1};
  if (h.ai < 24) {
    h.arg = h.ai;
    return h;
  }
  const size_t n = size_t{1} << (h.ai - 24);
  for (size_t i = 0; i < n; ++i) h.arg = (h.arg << 8) | p[1 + i];
  h.len = 1 + n;
  return h;
}

// The first byte after the checked item at p.
const uint8_t* Skip(const uint8_t* p) {
  const Head h = ReadHead(p);
  p += h.len;
  switch (h.major) {
    case 2:
    case 3:
      return p + h.arg;
    case 4:
      for (uint64_t i = 0; i < h.arg; ++i) p = Skip(p);
      return p;
    case 5:
      for (uint64_t i = 0; i < 2 * h.arg; ++i) p = Skip(p);
      return p;
    case 6:
      return Skip(p);
    default:
      return p;
  }
}

// A map key as compared for duplicates: two keys are the same when their major type,
// argument and text are (whatever the width of their heads).
using KeyRef = std::tuple<uint8_t, uint64_t, std::string_view>;

// The strict checks of cbor_decoder.h over a byte span; every read is bounds-checked.
class Checker {
 public:
  Checker(ByteView data, const CborDecodeOptions& options) : data_(data), options_(options) {}

  Status Check(int depth);
  size_t remaining() const { return data_.size() - pos_; }

 private:
  Status ReadArgument(uint8_t ai, uint64_t& arg);
  Status CheckMap(uint64_t n, int depth);
  static Status Error(const char* what) { return Status::BadRequest(std::string("cbor: ") + what); }

  ByteView data_;
  size_t pos_ = 0;
  const CborDecodeOptions& options_;
};

Status Checker::ReadArgument(uint8_t ai, uint64_t& arg) {
  if (ai < 24) {
    arg = ai;
    return Status::Ok();
  }
  if (ai > 27) {
    return Error(ai == 31 ? "indefinite length not supported" : "reserved additional info");
  }
  const size_t n = size_t{1} << (ai - 24);
  if (remaining() < n) return Error("truncated argument");
  arg = 0;
  for (size_t i = 0; i < n; ++i) arg = (arg << 8) | data_[pos_ + i];
  pos_ += n;
  return Status::Ok();
}

Status Checker::Check(int depth) {
  if (depth > options_.max_depth) return Error("nesting too deep");
  if (remaining() < 1) return Error("truncated item");
  const uint8_t initial = data_[pos_++];
  const uint8_t major = initial >> 5;
  const uint8_t ai = initial & 0x1f;
  if (major == 7) {
    if (ai >= 20 && ai <= 23) return Status::Ok();
    if (ai < 25 || ai > 27) return Error("unsupported simple value");
    uint64_t bits = 0;
    return ReadArgument(ai, bits);
  }
  uint64_t arg = 0;
  OW_RETURN_IF_ERROR(ReadArgument(ai, arg));
  switch (major) {
    case 2:
    case 3: {
      if (arg > remaining()) return Error("string longer than input");
      std::string_view s(reinterpret_cast<const char*>(data_.data()) + pos_, arg);
      pos_ += arg;
      if (major == 3 && !IsValidUtf8(s)) return Error("invalid UTF-8 in text string");
      return Status::Ok();
    }
    case 4:
      if (arg > remaining()) return Error("array longer than input");
      for (uint64_t i = 0; i < arg; ++i) OW_RETURN_IF_ERROR(Check(depth + 1));
      return Status::Ok();
    case 5:
      return CheckMap(arg, depth);
    case 6:
      return Check(depth + 1);
    default:  // 0, 1: integers
      return Status::Ok();
  }
}

Status Checker::CheckMap(uint64_t n, int depth) {
  if (n > remaining() / 2) return Error("map longer than input");
  // Keys of small maps (every map of a code) are compared pairwise, without allocating.
  constexpr size_t kSmall = 16;
  std::array<KeyRef, kSmall> small;
  std::vector<KeyRef> large;
  for (uint64_t i = 0; i < n; ++i) {
    const size_t key_at = pos_;
    OW_RETURN_IF_ERROR(Check(depth + 1));
    const Head h = ReadHead(data_.data() + key_at);
    if (h.major != 0 && h.major != 1 && h.major != 3)
      return Error("map key must be an integer or text");
    KeyRef key{
        h.major, h.major == 3 ? 0 : h.arg,
        h.major == 3
            ? std::string_view(reinterpret_cast<const char*>(data_.data()) + key_at + h.len, h.arg)
            : std::string_view()};
    OW_RETURN_IF_ERROR(Check(depth + 1));
    if (n <= kSmall) {
      small[i] = key;
    } else {
      large.push_back(key);
    }
  }
  if (n <= kSmall) {
    for (size_t i = 1; i < n; ++i)
      for (size_t j = 0; j < i; ++j)
        if (small[i] == small[j]) return Error("duplicate map key");
    return Status::Ok();
  }
  std::sort(large.begin(), large.end());
  if (std::adjacent_find(large.begin(), large.end()) != large.end())
    return Error("duplicate map key");
  return Status::Ok();
}

constexpr uint8_t kEmptyMap[] = {0xa0};

}  // namespace

CborView::CborView() : item_(kEmptyMap) {}

Result<CborView> CborView::Parse(ByteView data, const CborDecodeOptions& options) {
  Checker checker(data, options);
  OW_RETURN_IF_ERROR(checker.Check(0));
  if (checker.remaining() != 0) return Status::BadRequest("cbor: trailing bytes after item");
  return CborView(data);
}

CborValue::Type CborView::type() const {
  switch (major()) {
    case 0:
      return CborValue::Type::kUnsigned;
    case 1:
      return CborValue::Type::kNegative;
    case 2:
      return CborValue::Type::kBytes;
    case 3:
      return CborValue::Type::kText;
    case 4:
      return CborValue::Type::kArray;
    case 5:
      return CborValue::Type::kMap;
    case 6:
      return CborValue::Type::kTag;
  }
  switch (item_[0] & 0x1f) {
    case 20:
    case 21:
      return CborValue::Type::kBool;
    case 22:
      return CborValue::Type::kNull;
    case 23:
      return CborValue::Type::kUndefined;
    default:
      return CborValue::Type::kFloat;
  }
}

std::optional<int64_t> CborView::AsInt64() const {
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (!is_int()) return std::nullopt;
  const uint64_t v = raw();
  if (v > kMax) return std::nullopt;
  return major() == 0 ? static_cast<int64_t>(v) : -1 - static_cast<int64_t>(v);
}

uint64_t CborView::raw() const { return ReadHead(item_.data()).arg; }

double CborView::AsDouble() const {
  const Head h = ReadHead(item_.data());
  if (h.ai == 25) return HalfToDouble(static_cast<uint16_t>(h.arg));
  if (h.ai == 26) {
    float f;
    const uint32_t b32 = static_cast<uint32_t>(h.arg);
    std::memcpy(&f, &b32, sizeof f);
    return f;
  }
  double d;
  std::memcpy(&d, &h.arg, sizeof d);
  return d;
}

std::string_view CborView::str() const {
  const Head h = ReadHead(item_.data());
  if (h.major != 2 && h.major != 3) return {};
  return {reinterpret_cast<const char*>(item_.data()) + h.len, static_cast<size_t>(h.arg)};
}

const uint8_t* CborView::First() const { return item_.data() + ReadHead(item_.data()).len; }

CborView CborView::At(const uint8_t* p) const {
  return CborView(ByteView(p, static_cast<size_t>(Skip(p) - p)));
}

CborView CborView::at(size_t i) const {
  const uint8_t* p = First();
  for (size_t k = 0; k < i; ++k) p = Skip(p);
  return At(p);
}

CborView CborView::key(size_t i) const { return at(2 * i); }
CborView CborView::value(size_t i) const { return at(2 * i + 1); }

std::optional<CborView> CborView::FindKey(uint8_t major, uint64_t arg,
                                          std::string_view text) const {
  if (!is_map()) return std::nullopt;
  const uint8_t* p = First();
  for (size_t i = 0, n = size(); i < n; ++i) {
    const Head h = ReadHead(p);
    const uint8_t* v = Skip(p);
    if (h.major == major && h.arg == arg &&
        (major != 3 || std::memcmp(p + h.len, text.data(), text.size()) == 0))
      return At(v);
    p = Skip(v);
  }
  return std::nullopt;
}

std::optional<CborView> CborView::Find(int64_t key) const {
  // The head an integer key has: major 0 with the value, or major 1 with -1 - value.
  return key >= 0 ? FindKey(0, static_cast<uint64_t>(key), {})
                  : FindKey(1, ~static_cast<uint64_t>(key), {});
}

std::optional<CborView> CborView::Find(std::string_view key) const {
  return FindKey(3, key.size(), key);
}

CborView CborView::content() const { return At(First()); }

CborValue ToCborValue(const CborView& view) {
  switch (view.type()) {
    case CborValue::Type::kUnsigned:
      return CborValue::Unsigned(view.raw());
    case CborValue::Type::kNegative:
      return CborValue::NegativeRaw(view.raw());
    case CborValue::Type::kBytes:
      return CborValue::BytesOf(view.str());
    case CborValue::Type::kText:
      return CborValue::Text(view.str());
    case CborValue::Type::kArray:
    case CborValue::Type::kMap: {
      const bool map = view.is_map();
      CborValue out = map ? CborValue::Map() : CborValue::Array();
      out.Reserve(view.size());
      const uint8_t* p = view.First();
      for (size_t i = 0; i < view.size(); ++i) {
        CborValue item = ToCborValue(view.At(p));
        p = Skip(p);
        if (!map) {
          out.Append(std::move(item));
          continue;
        }
        CborValue value = ToCborValue(view.At(p));
        p = Skip(p);
        out.Insert(std::move(item), std::move(value));
      }
      return out;
    }
    case CborValue::Type::kTag:
      return CborValue::Tag(view.tag(), ToCborValue(view.content()));
    case CborValue::Type::kBool:
      return CborValue::Bool(view.raw() == 21);
    case CborValue::Type::kNull:
      return CborValue::Null();
    case CborValue::Type::kUndefined:
      return CborValue::Undefined();
    case CborValue::Type::kFloat:
      return CborValue::Float(view.AsDouble());
  }
  return CborValue::Null();
}

}  // namespace ow::codes
