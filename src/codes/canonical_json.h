// Canonical JSON text for signing: object members sorted by key (bytewise), no whitespace,
// Boost.JSON's escaping and number formatting. Two parties that hold equal JSON values get
// identical bytes.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace ow::codes {

std::string CanonicalJson(const boost::json::value& v);

}  // namespace ow::codes
