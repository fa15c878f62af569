// Base45 (RFC 9285): the QR-alphanumeric-friendly encoding of binary data used by health
// certificate payloads.
#pragma once

#include <string>
#include <string_view>

#include "codes/bytes.h"
#include "core/status.h"

namespace ow::codes {

std::string Base45Encode(ByteView data);
// Rejects characters outside the base45 alphabet, a length of 1 mod 3, and chunks whose
// value exceeds 65535 (or 255 for a final pair). Errors are kBadRequest.
Result<Bytes> Base45Decode(std::string_view text);
// Same, appending into out (cleared first) to let hot paths reuse a buffer.
Status Base45DecodeInto(std::string_view text, Bytes& out);

}  // namespace ow::codes
