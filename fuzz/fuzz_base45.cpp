// Fuzzes base45 decoding: no crash on any input, and decode/encode round trips both ways.
#include <cstdlib>
#include <string_view>

#include "codes/base45.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = ow::codes::Base45Decode(text);
  if (decoded.ok() && ow::codes::Base45Encode(*decoded) != text) std::abort();
  auto back = ow::codes::Base45Decode(ow::codes::Base45Encode({data, size}));
  if (!back.ok() || *back != ow::codes::Bytes(data, data + size)) std::abort();
  return 0;
}
