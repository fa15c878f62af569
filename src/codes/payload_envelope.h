// The text envelope of a code in a QR: PREFIX + base45(zlib(COSE)), e.g. "OW1:..." for
// OneWindow health codes and "HC1:..." for EU Digital COVID Certificates.
#pragma once

#include <string>
#include <string_view>

#include "codes/bytes.h"

namespace ow::codes {

inline constexpr std::string_view kOw1Prefix = "OW1:";
inline constexpr std::string_view kHc1Prefix = "HC1:";

std::string WrapPayload(std::string_view prefix, ByteView cose);

}  // namespace ow::codes
