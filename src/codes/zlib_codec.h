// zlib (RFC 1950) compression for code payloads, with a hard cap on the inflated size so a
// small hostile payload cannot expand into a memory bomb.
#pragma once

#include <cstddef>

#include "codes/bytes.h"
#include "core/status.h"

namespace ow::codes {

inline constexpr size_t kMaxInflatedSize = 64 * 1024;

// Compresses data as a zlib stream at the best compression level (payloads are small).
Bytes ZlibCompress(ByteView data);
// Inflates one complete zlib stream; fails on corrupt data, trailing bytes, or an output
// larger than max_size. Errors are kBadRequest (kTooLarge for the cap).
Result<Bytes> ZlibDecompress(ByteView data, size_t max_size = kMaxInflatedSize);
Status ZlibDecompressInto(ByteView data, Bytes& out, size_t max_size = kMaxInflatedSize);

}  // namespace ow::codes
