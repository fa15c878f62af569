#include "codes/bytes.h"

#include <sodium.h>

namespace ow::codes {

std::string ToBase64(ByteView data) {
  const size_t cap = sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(cap, '\0');
  sodium_bin2base64(out.data(), cap, data.data(), data.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(cap - 1);  // drop the terminating NUL
  return out;
}

Result<Bytes> FromBase64(std::string_view text) {
  Bytes out(text.size() / 4 * 3 + 3);
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return Status::BadRequest("invalid base64");
  }
  out.resize(len);
  return out;
}

}  // namespace ow::codes
