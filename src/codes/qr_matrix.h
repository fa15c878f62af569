// QrMatrix: the modules of a QR symbol for a payload (libqrencode, error correction level M,
// mode segmentation chosen by the encoder so base45 text uses alphanumeric mode).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ow::codes {

struct QrMatrix {
  int size = 0;                  // modules per side, without quiet zone
  std::vector<uint8_t> modules;  // size*size, row-major, 1 = dark

  bool dark(int x, int y) const { return modules[static_cast<size_t>(y) * size + x] != 0; }
};

// kInvalid when the payload does not fit in a QR symbol.
Result<QrMatrix> EncodeQr(std::string_view payload);

}  // namespace ow::codes
