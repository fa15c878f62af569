#include "codes/payload_envelope.h"

#include "codes/base45.h"
#include "codes/zlib_codec.h"

namespace ow::codes {

std::string WrapPayload(std::string_view prefix, ByteView cose) {
  std::string out(prefix);
  out += Base45Encode(ZlibCompress(cose));
  return out;
}

}  // namespace ow::codes
