// Fuzzes capped zlib inflation: never more than the cap, no crash; compress round trips.
#include <cstdlib>

#include "codes/zlib_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto inflated = ow::codes::ZlibDecompress({data, size});
  if (inflated.ok() && inflated->size() > ow::codes::kMaxInflatedSize) std::abort();
  if (size <= ow::codes::kMaxInflatedSize) {
    auto back = ow::codes::ZlibDecompress(ow::codes::ZlibCompress({data, size}));
    if (!back.ok() || *back != ow::codes::Bytes(data, data + size)) std::abort();
  }
  return 0;
}
