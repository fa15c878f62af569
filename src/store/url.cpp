#include "store/url.h"

namespace ow::store {

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t auth_end = out.find_first_of("/?#", start);
  if (auth_end == std::string::npos) auth_end = out.size();
  size_t at = out.rfind('@', auth_end - 1);
  if (scheme != std::string::npos && at != std::string::npos && at >= start) {
    size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
      auth_end = out.find_first_of("/?#", start);
      if (auth_end == std::string::npos) auth_end = out.size();
    }
  }
  // password=... in the query string or a key/value connection string.
  size_t pos = 0;
  while ((pos = out.find("password=", pos)) != std::string::npos) {
    const bool at_key_start =
        pos == 0 || out[pos - 1] == '?' || out[pos - 1] == '&' || out[pos - 1] == ' ';
    size_t value = pos + 9;
    if (!at_key_start) {
      pos = value;
      continue;
    }
    size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
    pos = value + 3;
  }
  return out;
}

}  // namespace ow::store
