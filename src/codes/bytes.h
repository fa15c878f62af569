// Byte buffers shared by the codes module, and base64 helpers for showing binary ids (kids,
// certificates) in JSON.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ow::codes {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// Views the characters of a string as bytes (no copy).
inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
// Copies bytes into a std::string (for APIs that carry binary data in strings).
inline std::string ToString(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Standard base64 with padding (RFC 4648 section 4).
std::string ToBase64(ByteView data);
// Decodes standard base64; rejects anything else (whitespace included).
Result<Bytes> FromBase64(std::string_view text);

}  // namespace ow::codes
