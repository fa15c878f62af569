// Helpers for database URLs.
#pragma once

#include <string>
#include <string_view>

namespace ow::store {

// Returns `url` with any password (in the user-info part or a `password=` parameter)
// replaced by "***", for logs.
std::string RedactUrl(std::string_view url);

}  // namespace ow::store
