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

namespace {

// One inflate state per thread, reset between streams: inflateInit allocates and clears about
// 7 KiB, which cost as much as the inflating itself for a health code.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit(&zs_) == Z_OK; }
  ~Inflater() {
    if (ok_) inflateEnd(&zs_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  // A freshly reset stream, or null if zlib could not be set up.
  z_stream* Fresh() {
    if (!ok_ || inflateReset(&zs_) != Z_OK) return nullptr;
    return &zs_;
  }

 private:
  z_stream zs_{};
  bool ok_ = false;
};

}  // namespace

Status ZlibDecompressInto(ByteView data, Bytes& out, size_t max_size) {
  thread_local Inflater inflater;
  z_stream* zs = inflater.Fresh();
  if (zs == nullptr) return Status::Internal("zlib: inflateInit failed");
  zs->next_in = const_cast<Bytes::value_type*>(data.data());
  zs->avail_in = static_cast<uInt>(data.size());
  out.resize(std::min(max_size, std::max<size_t>(1024, data.size() * 4)));
  size_t produced = 0;
  int rc = Z_OK;
  while (true) {
    zs->next_out = out.data() + produced;
    zs->avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(zs, Z_FINISH);
    produced = out.size() - zs->avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs->avail_out == 0) {  // output full: grow up to the cap
      if (out.size() >= max_size) {
        out.clear();
        return Status(Code::kTooLarge, "zlib: inflated data exceeds the size cap");
      }
      out.resize(std::min(max_size, out.size() * 2));
      continue;
    }
    out.clear();
    return Status::BadRequest("zlib: corrupt or truncated stream");
  }
  const bool trailing = zs->avail_in != 0;
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
