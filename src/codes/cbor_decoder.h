// Strict CBOR decoding for untrusted input (QR payloads): definite lengths only, lengths
// checked against the remaining input before allocating, a nesting depth limit, UTF-8
// checked text, int or text map keys without duplicates, no trailing bytes.
#pragma once

#include "codes/bytes.h"
#include "codes/cbor_value.h"
#include "core/status.h"

namespace ow::codes {

// Limits applied while decoding.
struct CborDecodeOptions {
  int max_depth = 16;  // nesting of arrays, maps and tags
};

// Decodes exactly one data item that spans all of data. Errors are kBadRequest.
Result<CborValue> DecodeCbor(ByteView data, const CborDecodeOptions& options = {});

}  // namespace ow::codes
