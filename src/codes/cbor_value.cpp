#include "codes/cbor_value.h"

#include <cstring>
#include <limits>

namespace ow::codes {

CborValue CborValue::Int(int64_t v) {
  if (v >= 0) return Unsigned(static_cast<uint64_t>(v));
  // -1 - v without overflow: ~v for two's complement.
  return NegativeRaw(~static_cast<uint64_t>(v));
}

CborValue CborValue::Unsigned(uint64_t v) {
  CborValue c(Type::kUnsigned);
  c.raw_ = v;
  return c;
}

CborValue CborValue::NegativeRaw(uint64_t raw) {
  CborValue c(Type::kNegative);
  c.raw_ = raw;
  return c;
}

CborValue CborValue::BytesOf(ByteView b) {
  CborValue c(Type::kBytes);
  c.str_.assign(reinterpret_cast<const char*>(b.data()), b.size());
  return c;
}

CborValue CborValue::BytesOf(std::string_view b) {
  CborValue c(Type::kBytes);
  c.str_.assign(b);
  return c;
}

CborValue CborValue::Text(std::string_view s) {
  CborValue c(Type::kText);
  c.str_.assign(s);
  return c;
}

CborValue CborValue::Array(std::vector<CborValue> items) {
  CborValue c(Type::kArray);
  c.items_ = std::move(items);
  return c;
}

CborValue CborValue::Tag(uint64_t tag, CborValue content) {
  CborValue c(Type::kTag);
  c.raw_ = tag;
  c.items_.push_back(std::move(content));
  return c;
}

CborValue CborValue::Bool(bool b) {
  CborValue c(Type::kBool);
  c.raw_ = b ? 1 : 0;
  return c;
}

CborValue CborValue::Float(double d) {
  CborValue c(Type::kFloat);
  c.float_ = d;
  return c;
}

std::optional<int64_t> CborValue::AsInt64() const {
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (type_ == Type::kUnsigned) {
    if (raw_ > kMax) return std::nullopt;
    return static_cast<int64_t>(raw_);
  }
  if (type_ == Type::kNegative) {
    if (raw_ > kMax) return std::nullopt;
    return -1 - static_cast<int64_t>(raw_);
  }
  return std::nullopt;
}

void CborValue::Insert(CborValue key, CborValue value) {
  items_.push_back(std::move(key));
  items_.push_back(std::move(value));
}

const CborValue* CborValue::Find(int64_t key) const {
  if (type_ != Type::kMap) return nullptr;
  for (size_t i = 0; i + 1 < items_.size(); i += 2) {
    const CborValue& k = items_[i];
    if (k.is_int() && k.AsInt64() == key) return &items_[i + 1];
  }
  return nullptr;
}

const CborValue* CborValue::Find(std::string_view key) const {
  if (type_ != Type::kMap) return nullptr;
  for (size_t i = 0; i + 1 < items_.size(); i += 2) {
    const CborValue& k = items_[i];
    if (k.type_ == Type::kText && k.str_ == key) return &items_[i + 1];
  }
  return nullptr;
}

bool CborValue::operator==(const CborValue& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::kFloat: {
      // Bitwise, so that NaN round trips compare equal.
      return std::memcmp(&float_, &other.float_, sizeof float_) == 0;
    }
    case Type::kBytes:
    case Type::kText:
      return str_ == other.str_;
    case Type::kArray:
    case Type::kMap:
      return items_ == other.items_;
    case Type::kTag:
      return raw_ == other.raw_ && items_ == other.items_;
    case Type::kNull:
    case Type::kUndefined:
      return true;
    default:
      return raw_ == other.raw_;
  }
}

}  // namespace ow::codes
