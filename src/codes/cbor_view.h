// CborView: one well-formed CBOR data item read in place, without building a tree. Parse
// checks the whole item with the strict rules of cbor_decoder.h (definite lengths, depth
// limit, UTF-8 text, int or text map keys without duplicates, no trailing bytes); afterwards
// navigation needs no checks and allocates nothing. Verifying a code reads three small CBOR
// documents this way (DecodeCbor builds a CborValue tree on top of it for everything else).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "codes/bytes.h"
#include "codes/cbor_value.h"
#include "core/status.h"

namespace ow::codes {

// Limits applied while decoding.
struct CborDecodeOptions {
  int max_depth = 16;  // nesting of arrays, maps and tags
};

// A view of one checked data item. The bytes it was parsed from must outlive it and every
// view taken from it.
class CborView {
 public:
  // An empty map.
  CborView();
  // Checks that data holds exactly one item under the strict rules. Errors are kBadRequest.
  static Result<CborView> Parse(ByteView data, const CborDecodeOptions& options = {});

  CborValue::Type type() const;
  bool is_int() const { return major() <= 1; }
  bool is_bytes() const { return major() == 2; }
  bool is_text() const { return major() == 3; }
  bool is_array() const { return major() == 4; }
  bool is_map() const { return major() == 5; }
  bool is_tag() const { return major() == 6; }

  // Integer value if it fits in int64_t.
  std::optional<int64_t> AsInt64() const;
  // Raw head argument: unsigned value, negative's raw, tag number, simple value, float bits.
  uint64_t raw() const;
  double AsDouble() const;  // floats

  // Byte or text string contents.
  std::string_view str() const;
  ByteView bytes() const { return AsBytes(str()); }

  // Array items or map entries.
  size_t size() const { return static_cast<size_t>(raw()); }
  CborView at(size_t i) const;     // array item i
  CborView key(size_t i) const;    // map entry i
  CborView value(size_t i) const;  // map entry i
  // Looks up an integer or a text key; nullopt when absent or not a map.
  std::optional<CborView> Find(int64_t key) const;
  std::optional<CborView> Find(std::string_view key) const;

  // Tags.
  uint64_t tag() const { return raw(); }
  CborView content() const;

  // The item's encoded bytes.
  ByteView encoded() const { return item_; }

 private:
  explicit CborView(ByteView item) : item_(item) {}
  uint8_t major() const { return item_[0] >> 5; }
  // The first nested item (array item, map key, tag content) and the item after `at`.
  const uint8_t* First() const;
  CborView At(const uint8_t* p) const;
  // The value of the map entry whose key has this head (and, for text, these bytes).
  std::optional<CborView> FindKey(uint8_t major, uint64_t arg, std::string_view text) const;

  friend CborValue ToCborValue(const CborView& view);

  ByteView item_;  // exactly the item's bytes
};

// The CborValue tree of a checked item.
CborValue ToCborValue(const CborView& view);

}  // namespace ow::codes
