#include "codes/cbor_decoder.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <tuple>

#include "codes/cbor_float.h"
#include "codes/utf8.h"

namespace ow::codes {
namespace {

// Pre-allocation is capped so a short hostile header cannot make us reserve megabytes; longer
// containers grow as their items actually arrive.
constexpr uint64_t kMaxReserve = 64;

// A recursive-descent reader over a byte span; every read is bounds-checked.
class Reader {
 public:
  Reader(ByteView data, const CborDecodeOptions& options) : data_(data), options_(options) {}

  Status Read(CborValue& out, int depth);
  size_t remaining() const { return data_.size() - pos_; }

 private:
  Status ReadArgument(uint8_t ai, uint64_t& arg);
  Status ReadMap(uint64_t n, CborValue& out, int depth);
  static Status Error(const char* what) { return Status::BadRequest(std::string("cbor: ") + what); }

  ByteView data_;
  size_t pos_ = 0;
  const CborDecodeOptions& options_;
};

Status Reader::ReadArgument(uint8_t ai, uint64_t& arg) {
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

Status Reader::Read(CborValue& out, int depth) {
  if (depth > options_.max_depth) return Error("nesting too deep");
  if (remaining() < 1) return Error("truncated item");
  const uint8_t initial = data_[pos_++];
  const uint8_t major = initial >> 5;
  const uint8_t ai = initial & 0x1f;

  if (major == 7) {
    if (ai >= 20 && ai <= 23) {
      if (ai == 20 || ai == 21) {
        out = CborValue::Bool(ai == 21);
      } else {
        out = ai == 22 ? CborValue::Null() : CborValue::Undefined();
      }
      return Status::Ok();
    }
    if (ai < 25 || ai > 27) return Error("unsupported simple value");
    uint64_t bits = 0;
    OW_RETURN_IF_ERROR(ReadArgument(ai, bits));
    if (ai == 25) {
      out = CborValue::Float(HalfToDouble(static_cast<uint16_t>(bits)));
    } else if (ai == 26) {
      float f;
      const uint32_t b32 = static_cast<uint32_t>(bits);
      std::memcpy(&f, &b32, sizeof f);
      out = CborValue::Float(f);
    } else {
      double d;
      std::memcpy(&d, &bits, sizeof d);
      out = CborValue::Float(d);
    }
    return Status::Ok();
  }

  uint64_t arg = 0;
  OW_RETURN_IF_ERROR(ReadArgument(ai, arg));
  switch (major) {
    case 0:
      out = CborValue::Unsigned(arg);
      return Status::Ok();
    case 1:
      out = CborValue::NegativeRaw(arg);
      return Status::Ok();
    case 2:
    case 3: {
      if (arg > remaining()) return Error("string longer than input");
      std::string_view s(reinterpret_cast<const char*>(data_.data()) + pos_, arg);
      pos_ += arg;
      if (major == 2) {
        out = CborValue::BytesOf(s);
      } else {
        if (!IsValidUtf8(s)) return Error("invalid UTF-8 in text string");
        out = CborValue::Text(s);
      }
      return Status::Ok();
    }
    case 4: {
      if (arg > remaining()) return Error("array longer than input");
      out = CborValue::Array();
      out.Reserve(std::min<uint64_t>(arg, kMaxReserve));
      for (uint64_t i = 0; i < arg; ++i) {
        CborValue item;
        OW_RETURN_IF_ERROR(Read(item, depth + 1));
        out.Append(std::move(item));
      }
      return Status::Ok();
    }
    case 5:
      return ReadMap(arg, out, depth);
    case 6: {
      CborValue content;
      OW_RETURN_IF_ERROR(Read(content, depth + 1));
      out = CborValue::Tag(arg, std::move(content));
      return Status::Ok();
    }
  }
  return Error("unreachable");
}

Status Reader::ReadMap(uint64_t n, CborValue& out, int depth) {
  if (n > remaining() / 2) return Error("map longer than input");
  out = CborValue::Map();
  out.Reserve(std::min<uint64_t>(n, kMaxReserve));
  for (uint64_t i = 0; i < n; ++i) {
    CborValue key;
    OW_RETURN_IF_ERROR(Read(key, depth + 1));
    if (!key.is_int() && !key.is_text()) return Error("map key must be an integer or text");
    CborValue value;
    OW_RETURN_IF_ERROR(Read(value, depth + 1));
    out.Insert(std::move(key), std::move(value));
  }
  if (n < 2) return Status::Ok();
  auto same = [](const CborValue& a, const CborValue& b) {
    return a.type() == b.type() && a.raw() == b.raw() && a.str() == b.str();
  };
  if (n <= 16) {  // small maps (every map of a code): pairwise, without allocating
    for (size_t i = 1; i < n; ++i)
      for (size_t j = 0; j < i; ++j)
        if (same(out.key(i), out.key(j))) return Error("duplicate map key");
    return Status::Ok();
  }
  // Duplicate keys: sort (type, argument, text) tuples and compare neighbours.
  using KeyRef = std::tuple<CborValue::Type, uint64_t, std::string_view>;
  std::vector<KeyRef> keys;
  keys.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const CborValue& k = out.key(i);
    keys.emplace_back(k.type(), k.raw(), k.str());
  }
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) return Error("duplicate map key");
  return Status::Ok();
}

}  // namespace

Result<CborValue> DecodeCbor(ByteView data, const CborDecodeOptions& options) {
  Reader reader(data, options);
  CborValue value;
  OW_RETURN_IF_ERROR(reader.Read(value, 0));
  if (reader.remaining() != 0) return Status::BadRequest("cbor: trailing bytes after item");
  return value;
}

}  // namespace ow::codes
