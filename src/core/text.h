// Small text helpers for comma-separated lists stored in one column (reason codes, ids).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ow {

// "a,,b" -> {"a", "b"}: empty items are dropped.
std::vector<std::string> SplitList(std::string_view s, char sep = ',');
// {"a", "b"} -> "a,b".
std::string JoinList(const std::vector<std::string>& items, char sep = ',');

// Text for a JSON string in a log line: quotes and backslashes escaped, control characters
// replaced by spaces (a log line stays one line).
std::string JsonLogText(std::string_view s);

}  // namespace ow
