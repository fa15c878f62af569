#include "codes/zlib_codec.h"

#include <zlib.h>

#include <algorithm>

namespace ow::codes {

Bytes ZlibCompress(ByteView data) {
  uLongf len = compressBound(static_cast<uLong>(data.size()));
  Bytes out(len);
  // compress2 only fails on out-of-memory or a too-small buffer, neither possible here.
  compress2(out.data(), &len, data.data(), static_cast<uLong>(data.size()), Z_BEST_COMPRESSION);
  out.resize(len);
  return out;
}

Status ZlibDecompressInto(ByteView data, Bytes& out, size_t max_size) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Status::Internal("zlib: inflateInit failed");
  zs.next_in = const_cast<Bytes::value_type*>(data.data());
  zs.avail_in = static_cast<uInt>(data.size());
  out.resize(std::min(max_size, std::max<size_t>(1024, data.size() * 4)));
  size_t produced = 0;
  int rc = Z_OK;
  while (true) {
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&zs, Z_FINISH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs.avail_out == 0) {  // output full: grow up to the cap
      if (out.size() >= max_size) {
        inflateEnd(&zs);
        out.clear();
        return Status(Code::kTooLarge, "zlib: inflated data exceeds the size cap");
      }
      out.resize(std::min(max_size, out.size() * 2));
      continue;
    }
    inflateEnd(&zs);
    out.clear();
    return Status::BadRequest("zlib: corrupt or truncated stream");
  }
  const bool trailing = zs.avail_in != 0;
  inflateEnd(&zs);
  if (trailing) {
    out.clear();
    return Status::BadRequest("zlib: trailing bytes after stream");
  }
  out.resize(produced);
  return Status::Ok();
}

Result<Bytes> ZlibDecompress(ByteView data, size_t max_size) {
  Bytes out;
  OW_RETURN_IF_ERROR(ZlibDecompressInto(data, out, max_size));
  return out;
}

}  // namespace ow::codes
