// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF),
// used for CBOR text strings and X-Road identifiers.
#pragma once

#include <string_view>

namespace ow {

bool IsValidUtf8(std::string_view s);

}  // namespace ow
