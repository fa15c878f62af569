// Converts decoded CBOR (such as an EU DCC hcert payload) to JSON for display: text and
// integer map keys become member names, byte strings become base64, tags are dropped
// (their content kept).
#pragma once

#include <boost/json.hpp>

#include "codes/cbor_value.h"

namespace ow::codes {

boost::json::value CborToJson(const CborValue& v);

}  // namespace ow::codes
