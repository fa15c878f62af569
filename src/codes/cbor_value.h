// CborValue: an in-memory CBOR data item (RFC 8949 subset: integers, byte and text strings,
// arrays, maps, tags, false/true/null/undefined and floats). Used by the COSE and CWT code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codes/bytes.h"

namespace ow::codes {

// One CBOR data item. Maps keep their entries in insertion (or wire) order; the encoder
// sorts them canonically when it writes.
class CborValue {
 public:
  enum class Type {
    kUnsigned,   // major type 0
    kNegative,   // major type 1: value is -1 - raw
    kBytes,      // major type 2
    kText,       // major type 3 (UTF-8)
    kArray,      // major type 4
    kMap,        // major type 5
    kTag,        // major type 6: tag number + one content item
    kBool,       // simple 20/21
    kNull,       // simple 22
    kUndefined,  // simple 23
    kFloat,      // major type 7, half/single/double
  };

  CborValue() : type_(Type::kNull) {}

  static CborValue Int(int64_t v);
  static CborValue Unsigned(uint64_t v);
  // The negative integer -1 - raw (covers the full CBOR range down to -2^64).
  static CborValue NegativeRaw(uint64_t raw);
  static CborValue BytesOf(ByteView b);
  static CborValue BytesOf(std::string_view b);
  static CborValue Text(std::string_view s);
  static CborValue Array(std::vector<CborValue> items = {});
  static CborValue Map() { return CborValue(Type::kMap); }
  static CborValue Tag(uint64_t tag, CborValue content);
  static CborValue Bool(bool b);
  static CborValue Null() { return CborValue(Type::kNull); }
  static CborValue Undefined() { return CborValue(Type::kUndefined); }
  static CborValue Float(double d);

  Type type() const { return type_; }
  bool is_int() const { return type_ == Type::kUnsigned || type_ == Type::kNegative; }
  bool is_bytes() const { return type_ == Type::kBytes; }
  bool is_text() const { return type_ == Type::kText; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_map() const { return type_ == Type::kMap; }
  bool is_tag() const { return type_ == Type::kTag; }

  // Integer value if it fits in int64_t.
  std::optional<int64_t> AsInt64() const;
  // Raw head argument: unsigned value, negative's raw, tag number, simple value.
  uint64_t raw() const { return raw_; }
  bool AsBool() const { return raw_ != 0; }
  double AsDouble() const { return float_; }

  // Byte or text string contents.
  std::string_view str() const { return str_; }
  ByteView bytes() const { return AsBytes(str_); }

  // Arrays.
  size_t size() const { return type_ == Type::kMap ? items_.size() / 2 : items_.size(); }
  const CborValue& at(size_t i) const { return items_[i]; }
  CborValue& at(size_t i) { return items_[i]; }
  void Append(CborValue v) { items_.push_back(std::move(v)); }
  void Reserve(size_t n) { items_.reserve(type_ == Type::kMap ? 2 * n : n); }

  // Maps: entry i is (key(i), value(i)).
  const CborValue& key(size_t i) const { return items_[2 * i]; }
  const CborValue& value(size_t i) const { return items_[2 * i + 1]; }
  void Insert(CborValue key, CborValue value);
  // Looks up an integer or a text key; nullptr when absent or not a map.
  const CborValue* Find(int64_t key) const;
  const CborValue* Find(std::string_view key) const;

  // Tags.
  uint64_t tag() const { return raw_; }
  const CborValue& content() const { return items_[0]; }

  // Structural equality (same type and value, map order significant).
  bool operator==(const CborValue& other) const;

 private:
  explicit CborValue(Type t) : type_(t) {}

  Type type_;
  uint64_t raw_ = 0;
  double float_ = 0;
  std::string str_;
  std::vector<CborValue> items_;  // array items; map keys and values interleaved; tag content
};

}  // namespace ow::codes
