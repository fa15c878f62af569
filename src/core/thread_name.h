// Names the calling thread (Linux: at most 15 bytes, longer names are cut), so that `top -H`,
// `perf` and crash dumps say which of the server's threads is which.
#pragma once

#include <string_view>

namespace ow {

void SetCurrentThreadName(std::string_view name);

}  // namespace ow
