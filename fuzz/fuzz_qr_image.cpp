// Fuzzes PNG decoding and QR detection on arbitrary bytes.
#include "codes/qr_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Keep runs bounded: decoding and detection cost grow with the pixel count.
  auto image = ow::codes::DecodePng({data, size}, 1024 * 1024);
  if (!image.ok()) return 0;
  (void)ow::codes::DecodeQr(*image);
  return 0;
}
