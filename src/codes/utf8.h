// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF),
// used for CBOR text strings.
#pragma once

#include <string_view>

namespace ow::codes {

bool IsValidUtf8(std::string_view s);

}  // namespace ow::codes
