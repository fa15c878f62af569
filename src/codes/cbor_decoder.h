// Strict CBOR decoding for untrusted input (QR payloads) into a CborValue tree: definite
// lengths only, lengths checked against the remaining input before anything is read, a nesting
// depth limit, UTF-8 checked text, int or text map keys without duplicates, no trailing bytes.
// The checks are CborView::Parse's (cbor_view.h); read small documents with a CborView
// directly where no tree is needed.
#pragma once

#include "codes/bytes.h"
#include "codes/cbor_value.h"
#include "codes/cbor_view.h"
#include "core/status.h"

namespace ow::codes {

// Decodes exactly one data item that spans all of data. Errors are kBadRequest.
Result<CborValue> DecodeCbor(ByteView data, const CborDecodeOptions& options = {});

}  // namespace ow::codes
