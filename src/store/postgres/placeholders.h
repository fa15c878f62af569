// Placeholder rewriting for PostgreSQL: portable `?` markers become $1, $2, ... while `?`
// inside string literals, quoted identifiers, dollar-quoted strings and comments is left
// alone. (PostgreSQL's jsonb `?` operators therefore cannot be written in portable SQL.)
#pragma once

#include <string>
#include <string_view>

namespace ow::store {

// Returns `sql` with each placeholder replaced; `count` (if set) gets how many there were.
std::string RewritePlaceholders(std::string_view sql, int* count = nullptr);

}  // namespace ow::store
