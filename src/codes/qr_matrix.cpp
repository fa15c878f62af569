#include "codes/qr_matrix.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace ow::codes {
namespace {

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view payload) {
  std::unique_ptr<QRcode, QrDeleter> code;
  if (payload.find('\0') == std::string_view::npos) {
    const std::string text(payload);
    code.reset(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  } else {
    code.reset(QRcode_encodeData(static_cast<int>(payload.size()),
                                 reinterpret_cast<const unsigned char*>(payload.data()), 0,
                                 QR_ECLEVEL_M));
  }
  if (!code) return Status::Invalid("qr: payload does not fit in a QR code");
  QrMatrix m;
  m.size = code->width;
  const size_t n = static_cast<size_t>(m.size) * m.size;
  m.modules.resize(n);
  for (size_t i = 0; i < n; ++i) m.modules[i] = code->data[i] & 1;
  return m;
}

}  // namespace ow::codes
